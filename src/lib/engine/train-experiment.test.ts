import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { planRuns } from '../experiment/plan';
import type { EvalPoint, RunEvent, StepBlock } from './events';
import { disposeGpuData, uploadSplit, type GpuData } from './gpu-data';
import { trainExperiment } from './train-experiment';
import { realMnistSplit, subset } from '../testing/mnist-split';

let data: GpuData;

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(subset(await realMnistSplit(), 2048, 500));
  return () => disposeGpuData(data);
});

function collect(events: RunEvent[]) {
  const blocks = events.filter((e): e is StepBlock => e.type === 'steps');
  const loss = blocks.flatMap((b) => Array.from(b.loss));
  const evals = events.filter((e): e is EvalPoint => e.type === 'eval');
  const end = events.find((e) => e.type === 'end');
  return { blocks, loss, evals, end };
}

const small: Experiment = { ...DEFAULT_EXPERIMENT, width: 64, bs: 32, steps: 64 };

describe('trainExperiment on real MNIST (CPU backend)', () => {
  it('lowers the loss and lifts validation accuracy', async () => {
    const events: RunEvent[] = [];
    const [end] = await trainExperiment(planRuns(small), data, { onEvent: (e) => events.push(e), evalEvery: 32 });
    const { loss, evals } = collect(events);
    expect(end.message ?? '').toBe('');
    expect(end.status).toBe('done');
    expect(loss).toHaveLength(64);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(loss.slice(-10))).toBeLessThan(0.5 * mean(loss.slice(0, 5)));
    expect(evals.map((e) => e.step)).toEqual([0, 32, 64]);
    // At init a 10-class net predicts near chance; after 64 Adam steps it is far above it.
    expect(evals[0].valAccuracy).toBeLessThan(0.35);
    expect(evals[2].valAccuracy).toBeGreaterThan(0.75);
  });

  it('reports every step once, in order, with one gradient norm per kernel', async () => {
    const events: RunEvent[] = [];
    await trainExperiment(planRuns({ ...small, steps: 20 }), data, { onEvent: (e) => events.push(e), blockTargetMs: 1 });
    const { blocks } = collect(events);
    let next = 1;
    for (const b of blocks) {
      expect(b.firstStep).toBe(next);
      expect(b.gradNorms.length).toBe(b.loss.length * 3); // 2 hidden layers + output
      next += b.loss.length;
    }
    expect(next).toBe(21);
  });

  it('returns the tensor count to its baseline after a run ends and after a stop', async () => {
    const baseline = tf.memory().numTensors;
    await trainExperiment(planRuns({ ...small, steps: 8 }), data, { onEvent: () => {} });
    expect(tf.memory().numTensors).toBe(baseline);

    const abort = new AbortController();
    const [end] = await trainExperiment(planRuns({ ...small, opt: 'momentum', steps: 500 }), data, {
      signal: abort.signal,
      blockTargetMs: 1,
      onEvent: (e) => {
        if (e.type === 'steps' && e.firstStep + e.loss.length > 5) abort.abort();
      },
    });
    expect(end.status).toBe('stopped');
    expect(end.steps).toBeLessThan(500);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('marks a blown-up run as diverged at the first non-finite step and keeps the others going', async () => {
    const e: Experiment = {
      ...small,
      opt: 'sgd',
      lr: 10,
      steps: 40,
      init: [{ scheme: 'normal', std: 3 }, { scheme: 'he_normal' }],
    };
    const events: RunEvent[] = [];
    const baseline = tf.memory().numTensors;
    const [bad, good] = await trainExperiment(planRuns({ ...e, lr: 10 }), data, { onEvent: (ev) => events.push(ev), blockTargetMs: 1 });
    expect(bad.status).toBe('diverged');
    expect(bad.divergedAt).toBeGreaterThanOrEqual(1);
    const badLoss = events
      .filter((ev): ev is StepBlock => ev.type === 'steps' && ev.runId === bad.runId)
      .flatMap((b) => Array.from(b.loss));
    expect(badLoss).toHaveLength(bad.divergedAt! - 1);
    expect(badLoss.every(Number.isFinite)).toBe(true);
    // The He run is not stopped by its neighbour's divergence (it may still diverge at lr 10 itself,
    // but it must run to its own end).
    expect(good.runId).toBe('v1s0');
    expect(['done', 'diverged']).toContain(good.status);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('refuses a config outside the limits before building anything (a 10^9-unit layer is never attempted)', async () => {
    const baseline = tf.memory().numTensors;
    const events: RunEvent[] = [];
    const huge: Experiment = { ...small, width: 1_000_000_000 };
    await expect(trainExperiment(planRuns(huge), data, { onEvent: (ev) => events.push(ev) })).rejects.toThrow(/refused to train: width/);
    await expect(trainExperiment(planRuns({ ...small, bs: -5 }), data, { onEvent: (ev) => events.push(ev) })).rejects.toThrow(
      /refused to train: bs/,
    );
    expect(events).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('yielding after every step changes nothing in the numbers', async () => {
    const e = { ...small, steps: 12 };
    const a: RunEvent[] = [];
    const b: RunEvent[] = [];
    await trainExperiment(planRuns(e), data, { onEvent: (ev) => a.push(ev), blockTargetMs: 1 });
    await trainExperiment(planRuns(e), data, { onEvent: (ev) => b.push(ev), blockTargetMs: 1, yieldEveryStep: true });
    expect(collect(b).loss).toEqual(collect(a).loss);
  });

  it('trains a comparison as one stack per shape, and each run exactly as it trains alone', async () => {
    // 2 inits × 2 BN modes: two stacks of 2 (BN adds variables, so it is another shape).
    const e: Experiment = {
      ...small,
      width: 32,
      steps: 12,
      init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }],
      bn: ['none', 'before'],
    };
    const runs = planRuns(e);
    const events: RunEvent[] = [];
    const baseline = tf.memory().numTensors;
    // 'always': this test is about the stack, whatever the device's policy would pick.
    const ends = await trainExperiment(runs, data, {
      onEvent: (ev) => events.push(ev),
      evalEvery: 6,
      blockTargetMs: 1,
      warmUp: false,
      stacking: 'always',
    });
    expect(ends.map((end) => end.status)).toEqual(runs.map(() => 'done'));
    expect(events.filter((ev) => ev.type === 'start').map((ev) => ev.runId)).toEqual(runs.map((r) => r.id));
    for (const run of runs) {
      const alone: RunEvent[] = [];
      await trainExperiment([run], data, {
        onEvent: (ev) => alone.push(ev),
        evalEvery: 6,
        blockTargetMs: 1,
        warmUp: false,
        stacking: 'always',
      });
      const mine = events.filter((ev) => ev.runId === run.id);
      expect(collect(mine).loss).toEqual(collect(alone).loss);
      expect(collect(mine).evals).toEqual(collect(alone).evals);
      expect(mine.find((ev) => ev.type === 'start')).toEqual(alone.find((ev) => ev.type === 'start'));
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('still trains conv nets, one run per group', async () => {
    const e: Experiment = {
      ...small,
      arch: 'cnn',
      depth: 1,
      channels: 4,
      steps: 4,
      init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }],
    };
    const events: RunEvent[] = [];
    const baseline = tf.memory().numTensors;
    const ends = await trainExperiment(planRuns(e), data, { onEvent: (ev) => events.push(ev), blockTargetMs: 1 });
    expect(ends.map((end) => end.status)).toEqual(['done', 'done']);
    expect(collect(events.filter((ev) => ev.runId === 'v1s0')).loss).toHaveLength(4);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
