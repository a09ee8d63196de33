/**
 * Resuming from a snapshot (snapshot.ts, resume.ts) on the CPU backend: a job trained
 * straight and the same job snapshotted at step 6 and resumed by a fresh job (fresh
 * variables, fresh optimizer, the snapshot structured-cloned as a worker boundary would)
 * give the same numbers, for every update rule, stacked and single-run, with BN.
 *
 * Exact equality, not a tolerance: the snapshot holds the float32 values themselves (no
 * conversion on the way out or back in), the optimizer's step counter comes with them, and
 * on the CPU backend the same ops on the same values in the same order give the same bits.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type OptimizerId } from '../experiment/config';
import { planRuns, type RunSpec } from '../experiment/plan';
import type { EvalPoint, RunEnded, RunEvent, RunStarted, StepBlock } from './events';
import { disposeGpuData, uploadSplit, type GpuData } from './gpu-data';
import type { TrainSnapshot } from './snapshot';
import { liveRunIds } from './snapshot';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import { trainExperiment, type TrainOptions } from './train-experiment';

let data: GpuData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(spreadSubset(await realMnistSplit(), 640, 200));
});
afterAll(() => disposeGpuData(data));
const gpuData = () => data;

/** 18 steps evaluated every 6: snapshots at 0, 6 and 12; the job resumes at 6, and the snapshots at 12 compare every weight after 12 steps. */
const base: Experiment = { ...DEFAULT_EXPERIMENT, depth: 2, width: 32, bs: 32, steps: 18, bias: 0.01 };
const fixed: Partial<TrainOptions> = { evalEvery: 6, blockTargetMs: 1, warmUp: false };

async function train(runs: RunSpec[], opts: Partial<TrainOptions>) {
  const events: RunEvent[] = [];
  const snapshots: TrainSnapshot[] = [];
  const ends = await trainExperiment(runs, data, {
    ...fixed,
    ...opts,
    onEvent: (e) => events.push(e),
    onSnapshot: (s) => snapshots.push(structuredClone(s)),
  });
  return { events, snapshots, ends };
}

/** A run's numbers after step `after`: per step its loss and gradient norms, its evaluations, its ending (no wall-clock figures). */
function numbersOf(events: RunEvent[], runId: string, after: number) {
  const mine = events.filter((e) => e.runId === runId);
  const steps = mine
    .filter((e): e is StepBlock => e.type === 'steps')
    .flatMap((b) => {
      const layers = b.gradNorms.length / b.loss.length;
      return Array.from(b.loss, (loss, i) => ({
        step: b.firstStep + i,
        loss,
        grads: Array.from(b.gradNorms.subarray(i * layers, (i + 1) * layers)),
      }));
    });
  return {
    steps: steps.filter((s) => s.step > after),
    evals: mine.filter((e): e is EvalPoint => e.type === 'eval' && e.step > after),
    end: mine.find((e): e is RunEnded => e.type === 'end'),
  };
}

/** Same manifests and bookkeeping, and every value the same (Object.is: NaN = NaN, 0 ≠ -0); a mismatch names its first index rather than diffing 100k floats. */
function expectSameSnapshot(a: TrainSnapshot, b: TrainSnapshot) {
  const heads = (s: TrainSnapshot) => ({ ...s, groups: s.groups.map(({ values: _values, ...g }) => ({ ...g, size: _values.length })) });
  expect(heads(a)).toEqual(heads(b));
  a.groups.forEach((g, i) => {
    const other = b.groups[i].values;
    expect(
      g.values.findIndex((v, j) => !Object.is(v, other[j])),
      `group ${i}: first differing value`,
    ).toBe(-1);
  });
}

const cases: { name: string; experiment: Partial<Experiment>; stacking: TrainOptions['stacking'] }[] = [
  {
    name: 'stacked MLP, BN',
    experiment: { bn: ['before'], init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }, { scheme: 'orthogonal' }] },
    stacking: 'always',
  },
  {
    name: 'MLP in groups of one (stacks of one), BN',
    experiment: { bn: ['after'], init: [{ scheme: 'he_normal' }, { scheme: 'lecun_normal' }] },
    stacking: 'never',
  },
  {
    name: 'stacked CNN (per-run convolutions), BN',
    experiment: { arch: 'cnn', depth: 1, channels: 4, bn: ['before'], init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }] },
    stacking: 'always',
  },
  {
    name: 'stacked residual MLP, α zero-init',
    experiment: { arch: 'resmlp', depth: 2, zero: ['alpha'], init: [{ scheme: 'he_normal' }, { scheme: 'xavier_normal' }] },
    stacking: 'always',
  },
];
const rules: { opt: OptimizerId; lr: number }[] = [
  { opt: 'sgd', lr: 0.05 },
  { opt: 'momentum', lr: 0.05 },
  { opt: 'adam', lr: 0.003 },
];

describe('6 steps, a snapshot, and 6 more in a fresh job = 12 steps straight (CPU)', () => {
  // Conv steps are slow on the CPU backend: the CNN runs with Adam only, whose step counter
  // and two slots are the most to carry over.
  it.each(cases.flatMap((c) => rules.filter((r) => c.experiment.arch !== 'cnn' || r.opt === 'adam').map((r) => ({ ...c, ...r }))))(
    '$name, $opt',
    async ({ experiment, stacking, opt, lr }) => {
      const runs = planRuns({ ...base, ...experiment, opt, lr });
      const baseline = tf.memory().numTensors;
      const straight = await train(runs, { stacking });
      expect(straight.snapshots.map((s) => s.step)).toEqual([0, 6, 12]);
      const at6 = straight.snapshots[1];
      expect(liveRunIds(at6)).toEqual(runs.map((r) => r.id));

      const resumed = await train(runs, { stacking, resumeFrom: at6 });
      // Every weight, BN statistic and optimizer slot after 12 steps, bit for bit.
      expect(resumed.snapshots.map((s) => s.step)).toEqual([12]);
      expectSameSnapshot(resumed.snapshots[0], straight.snapshots[2]);
      for (const run of runs) {
        const a = numbersOf(straight.events, run.id, 6);
        const b = numbersOf(resumed.events, run.id, 6);
        expect(b.steps.map((s) => s.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 7));
        expect(b.steps).toEqual(a.steps);
        expect(b.evals.map((e) => e.step)).toEqual([12, 18]);
        expect(b.evals).toEqual(a.evals);
        expect(b.end).toEqual(a.end);
        // Nothing before the resume point is reported again; the start says where it resumes.
        const start = resumed.events.find((e): e is RunStarted => e.type === 'start' && e.runId === run.id)!;
        expect(start.resumedAt).toBe(6);
        expect(
          resumed.events.filter(
            (e) => e.runId === run.id && ((e.type === 'eval' && e.step <= 6) || (e.type === 'steps' && e.firstStep <= 6)),
          ),
        ).toEqual([]);
      }
      expect(tf.memory().numTensors).toBe(baseline);
    },
  );
});

describe('resuming', () => {
  const stacked = planRuns({
    ...base,
    bn: ['before'],
    opt: 'adam',
    lr: 0.003,
    init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }, { scheme: 'orthogonal' }],
  });

  it('leaves out the runs that had ended before the snapshot, and the others go on as before', async () => {
    const straight = await train(stacked, { stacking: 'always' });
    const at6 = structuredClone(straight.snapshots[1]);
    // As if the middle run had diverged by step 6 (its slice is kept, frozen, as the stack keeps it).
    at6.groups[0].active[1] = false;
    const baseline = tf.memory().numTensors;
    const resumed = await train(stacked, { stacking: 'always', resumeFrom: at6 });
    expect(resumed.events.filter((e) => e.runId === stacked[1].id)).toEqual([]);
    expect(resumed.ends.map((e) => e.runId)).toEqual([stacked[0].id, stacked[2].id]);
    for (const run of [stacked[0], stacked[2]])
      expect(numbersOf(resumed.events, run.id, 6).steps).toEqual(numbersOf(straight.events, run.id, 6).steps);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('refuses a snapshot of another grouping or shape, with a reason, and frees what it built', async () => {
    const { snapshots } = await train(stacked, { stacking: 'always' });
    const baseline = tf.memory().numTensors;
    const regrouped = await train(stacked, { stacking: 'never', resumeFrom: snapshots[1] });
    expect(regrouped.ends.map((e) => e.status)).toEqual(['failed', 'failed', 'failed']);
    expect(regrouped.ends[0].message).toMatch(/snapshot holds 1 groups of runs where this job has 3/);
    const wider = await train(planRuns({ ...base, width: 48, bn: ['before'], opt: 'adam', lr: 0.003, init: stacked.map((r) => r.init) }), {
      stacking: 'always',
      resumeFrom: snapshots[1],
    });
    expect(wider.ends[0].message).toMatch(/snapshot's group .* is not this job's group/);
    // A manifest that does not fit the variables (here: one value short) is refused before anything is written.
    const short = structuredClone(snapshots[1]);
    short.groups[0].values = short.groups[0].values.subarray(1);
    expect((await train(stacked, { stacking: 'always', resumeFrom: short })).ends[0].message).toMatch(/does not fit its variables/);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('costs one read per group per snapshot, and nothing when nobody asks for one', async () => {
    const runs = [...stacked, ...planRuns({ ...base, width: 16, opt: 'adam', lr: 0.003 }).map((r) => ({ ...r, id: `narrow-${r.id}` }))];
    const data = tf.Tensor.prototype.data;
    let reads = 0;
    tf.Tensor.prototype.data = function (this: tf.Tensor) {
      reads++;
      return data.call(this);
    } as typeof data;
    try {
      await trainExperiment(runs, gpuData(), { ...fixed, stacking: 'always', onEvent: () => {} });
      const without = reads;
      reads = 0;
      const { snapshots } = await train(runs, { stacking: 'always' });
      // Two groups (the stack of three, the narrow run), three snapshots (steps 0, 6, 12).
      expect(snapshots.map((s) => s.groups.length)).toEqual([2, 2, 2]);
      expect(reads - without).toBe(3 * 2);
    } finally {
      tf.Tensor.prototype.data = data;
    }
  });
});
