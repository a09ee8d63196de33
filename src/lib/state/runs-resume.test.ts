/**
 * RunsState after a lost GPU context, against scripted trainers: a worker's loss resumes on
 * a fresh worker from the latest snapshot, with every step in the series once; where it
 * cannot (the page's own thread, no snapshot yet, too many losses, no fresh worker) the live
 * runs end with their numbers kept and the reason.
 */
import { describe, expect, it } from 'vitest';
import type { Split } from '../data/dataset';
import type { RunEvent } from '../engine/events';
import type { TrainSnapshot } from '../engine/snapshot';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import type { RunSpec } from '../experiment/plan';
import type { ResumeOptions, Trainer, TrainerInfo, TrainOutcome } from '../worker/trainer';
import { GpuLock } from './gpu-lock.svelte';
import { RunsState } from './runs.svelte';
import { TrainerConnection } from './trainer-connection.svelte';

const split = {} as Split;
const experiment: Experiment = { ...DEFAULT_EXPERIMENT, steps: 10 };
const layers = [{ name: 'dense1/kernel', label: 'L1', shape: [2, 2], fanIn: 2, fanOut: 2, initStd: 1, initMean: 0, gain: null }];
const snapshotAt = (step: number): TrainSnapshot => ({ step, totalSteps: 10, evalEvery: 2, dataSeed: 1, groups: [] });

const start = (resumedAt?: number): RunEvent => ({
  type: 'start',
  runId: 'v0s0',
  layers,
  totalSteps: 10,
  stepsPerEpoch: 10,
  batchSize: 64,
  activation: 'relu',
  notes: [],
  ...(resumedAt === undefined ? {} : { resumedAt }),
});
/** Steps `from`..`to`, each step's loss = its number (so a repeated or missing step shows). */
const steps = (from: number, to: number): RunEvent => {
  const loss = Float32Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return { type: 'steps', runId: 'v0s0', firstStep: from, loss, gradNorms: loss, examplesPerSec: 100, elapsedMs: 1 };
};
const evalAt = (step: number) =>
  ({
    type: 'eval',
    runId: 'v0s0',
    step,
    valLoss: step,
    valAccuracy: 0.5,
    weightNorms: [1],
    updateRatios: [0],
    unitSpread: [1],
    activations: [],
    bnStats: null,
  }) as RunEvent;

/** One train call of a scripted trainer: what it reports, and how it ends. */
type Script = (onEvent: (e: RunEvent) => void, resume: ResumeOptions) => TrainOutcome;

function scripted(thread: TrainerInfo['thread'], ...calls: Script[]) {
  const seen: ResumeOptions[] = [];
  const trainer = {
    info: {
      backend: 'webgl',
      renderer: null,
      tfjsVersion: '4.22.0',
      fallbackReason: null,
      thread,
      threadReason: thread === 'main' ? 'test' : null,
    },
    usable: true,
    disposed: false,
    async train(_runs: RunSpec[], _split: Split, onEvent: (e: RunEvent) => void, _signal: AbortSignal, resume: ResumeOptions = {}) {
      seen.push(resume);
      const outcome = calls.shift()!(onEvent, resume);
      if (outcome === 'device-lost') trainer.usable = false;
      return outcome;
    },
    dispose() {
      trainer.disposed = true;
    },
  };
  return { trainer: trainer as typeof trainer & Trainer, seen };
}

/** Starts at step 0, snapshots at 4 (if asked), loses the context after step 6. */
const lostAfter6: Script = (onEvent, { onSnapshot }) => {
  [start(), evalAt(0), steps(1, 4), evalAt(4)].forEach(onEvent);
  onSnapshot?.(snapshotAt(4));
  [steps(5, 6)].forEach(onEvent);
  return 'device-lost';
};
const resumedTo10: Script = (onEvent) => {
  [
    start(4),
    steps(5, 8),
    evalAt(8),
    steps(9, 10),
    evalAt(10),
    { type: 'end', runId: 'v0s0', status: 'done', steps: 10 } as RunEvent,
  ].forEach(onEvent);
  return 'finished';
};

/** Runs whose connection hands out these trainers in turn (an Error: that start fails). */
function runsWith(...trainers: (Trainer | Error)[]) {
  const queue = [...trainers];
  const lock = new GpuLock();
  const connection = new TrainerConnection(async () => {
    const next = queue.shift()!;
    if (next instanceof Error) throw next;
    return next;
  }, lock);
  return new RunsState(() => connection.ensure(), lock);
}

describe('RunsState after a lost GPU context', () => {
  it('resumes on a fresh worker from the latest snapshot: every step once, the evaluations after it replaced, and the status says so', async () => {
    const first = scripted('worker', lostAfter6);
    const fresh = scripted('worker', resumedTo10);
    const runs = runsWith(first.trainer, fresh.trainer);
    await runs.start(experiment, split);
    expect(first.seen[0].onSnapshot).toBeTypeOf('function');
    expect(first.trainer.disposed).toBe(true);
    expect(fresh.seen[0].resumeFrom).toEqual(snapshotAt(4));
    const [s] = runs.series;
    expect(s.status).toBe('done');
    expect(s.loss).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.gradNorms[0]).toEqual(s.loss);
    expect(s.evals.map((e) => e.step)).toEqual([0, 4, 8, 10]);
    expect(runs.statusText).toBe('Done (GPU context lost at step 6; resumed from step 4 on a fresh context)');
  });

  it('resumes twice, and ends at the third loss with the numbers kept', async () => {
    const again: Script = (onEvent, { onSnapshot }) => {
      [start(4), steps(5, 6)].forEach(onEvent);
      onSnapshot?.(snapshotAt(6));
      return 'device-lost';
    };
    const runs = runsWith(scripted('worker', lostAfter6).trainer, scripted('worker', again).trainer, scripted('worker', again).trainer);
    await runs.start(experiment, split);
    const [s] = runs.series;
    expect(s.status).toBe('failed');
    expect(s.loss).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.message).toBe(
      'the GPU context was lost after step 6; it was lost 3 times in this training, so it is not resumed again: the numbers up to there are kept (Train again to start on a fresh context)',
    );
    expect(runs.statusText).toBe(`Failed: ${s.message}`);
  });

  it("ends cleanly on the page's own thread, where no context can be re-made, and takes no snapshots there", async () => {
    const main = scripted('main', lostAfter6);
    const runs = runsWith(main.trainer);
    await runs.start(experiment, split);
    expect(main.seen[0].onSnapshot).toBeUndefined();
    expect(runs.series[0].status).toBe('failed');
    expect(runs.series[0].loss).toHaveLength(6);
    expect(runs.statusText).toMatch(
      /^Failed: the GPU context was lost after step 6; training ran on the page's own thread, whose context cannot be re-made without a reload/,
    );
  });

  it('ends cleanly when the context went before any snapshot, or no fresh worker starts', async () => {
    const early: Script = (onEvent) => {
      [start(), steps(1, 3)].forEach(onEvent);
      return 'device-lost';
    };
    const runs = runsWith(scripted('worker', early).trainer);
    await runs.start(experiment, split);
    expect(runs.series[0].message).toBe(
      'the GPU context was lost after step 3; it went before the first evaluation, so there was nothing to resume from: the numbers up to there are kept (Train again to start on a fresh context)',
    );

    const noWorker = runsWith(scripted('worker', lostAfter6).trainer, new Error('the training worker did not start within 60 s'));
    await noWorker.start(experiment, split);
    expect(noWorker.series[0].loss).toHaveLength(6);
    expect(noWorker.series[0].message).toBe(
      'the GPU context was lost after step 6; a fresh training worker could not start (the training worker did not start within 60 s): the numbers up to there are kept (Train again to start on a fresh context)',
    );
    expect(noWorker.phase).toBe('idle');
  });
});
