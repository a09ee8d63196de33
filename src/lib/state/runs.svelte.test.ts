/**
 * RunsState on the real engine (TF.js CPU backend, the page's main-thread trainer): what it
 * trains, how it labels seeds, what the status line says, and that it holds the GPU lock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../data/dataset';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { cpuTrainer } from '../testing/cpu-trainer';
import type { Trainer } from '../worker/trainer';
import { GpuLock } from './gpu-lock.svelte';
import { RunsState, type RunsReport } from './runs.svelte';
import { sampleRun } from '../testing/results-fixture';

let split: Split;
let trainer: Trainer;
const tiny: Experiment = { ...DEFAULT_EXPERIMENT, width: 16, bs: 32, steps: 6 };

beforeAll(async () => {
  split = spreadSubset(await realMnistSplit(), 512, 256);
  trainer = await cpuTrainer();
});

describe('RunsState', () => {
  it('trains every seed of every variant, labels seeds from their repeat, and holds the GPU lock meanwhile', async () => {
    const lock = new GpuLock();
    const runs = new RunsState(async () => trainer, lock);
    expect(runs.statusText).toBe('Ready');
    const two: Experiment = { ...tiny, init: [{ scheme: 'he_normal' }, { scheme: 'xavier_normal' }], seeds: 2 };
    const started = runs.start(two, split);
    expect(runs.running).toBe(true);
    expect(runs.statusText).toBe('Preparing…');
    expect(lock.holder).toBe('training');
    await started;
    expect(lock.busy).toBe(false);
    expect(runs.running).toBe(false);
    expect(runs.series.map((s) => [s.label, s.variantLabel, s.variant, s.repeat])).toEqual([
      ['he_normal #1', 'he_normal', 0, 0],
      ['he_normal #2', 'he_normal', 0, 1],
      ['xavier_normal #1', 'xavier_normal', 1, 0],
      ['xavier_normal #2', 'xavier_normal', 1, 1],
    ]);
    expect(runs.series.every((s) => s.status === 'done' && s.loss.length === 6 && s.evals.length > 0)).toBe(true);
    expect(runs.experiment).toBe(two);
    expect(runs.progress).toMatchObject({ done: 24, total: 24 });
    expect(runs.statusText).toBe('Done');
  });

  it('shows one seed under its variant label alone', async () => {
    const runs = new RunsState(async () => trainer);
    await runs.start(tiny, split);
    expect(runs.series.map((s) => s.label)).toEqual(['he_normal']);
  });

  it('does not start while another job holds the GPU', async () => {
    const lock = new GpuLock();
    let asked = 0;
    const runs = new RunsState(async () => (asked++, trainer), lock);
    const release = lock.acquire('transfer')!;
    await runs.start(tiny, split);
    expect(asked).toBe(0);
    expect(runs.series).toEqual([]);
    release();
  });

  it('stops on Stop and keeps what was measured', async () => {
    const runs = new RunsState(async () => trainer);
    const started = runs.start({ ...tiny, steps: 2000 }, split);
    while (!runs.series.some((s) => s.loss.length > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
    runs.stop();
    expect(runs.statusText).toBe('Stopping…');
    await started;
    expect(runs.series[0].status).toBe('stopped');
    expect(runs.series[0].loss.length).toBeLessThan(2000);
    expect(runs.statusText).toBe('Stopped');
  });

  it('says why training cannot start, and starts nothing when the trainer fails to', async () => {
    const failing = new RunsState(() => Promise.reject(new Error('no GL here')));
    failing.trainerFailed(new Error('TF.js could not start in the worker: boom'));
    expect(failing.statusText).toBe('Failed: Training cannot start: TF.js could not start in the worker: boom');
    await failing.start(tiny, split);
    expect(failing.statusText).toBe('Failed: no GL here');
    expect(failing.series).toEqual([]);
    expect(failing.running).toBe(false);
  });

  it('reports each fold and the end of a training to its keeper, and shows saved runs only when idle', async () => {
    const reports: RunsReport[] = [];
    const runs = new RunsState(
      async () => trainer,
      new GpuLock(),
      (r) => reports.push(r),
    );
    const long = { ...tiny, steps: 2000 };
    const started = runs.start(long, split);
    while (!runs.series.some((s) => s.loss.length > 0)) await new Promise((resolve) => setTimeout(resolve, 5));
    const saved = sampleRun();
    expect(runs.show(long, [saved])).toBe(false); // refused: it would replace the series being trained
    runs.stop();
    await started;
    expect(reports.length).toBeGreaterThan(1);
    expect(new Set(reports.map((r) => r.startedAt)).size).toBe(1);
    expect(reports.map((r) => r.ended)).toEqual([...reports.slice(1).map(() => false), true]);
    expect(reports.at(-1)).toMatchObject({ experiment: long, series: runs.series });
    expect(reports.at(-1)?.series[0].status).toBe('stopped');
    expect(runs.show(DEFAULT_EXPERIMENT, [saved])).toBe(true);
    expect(runs.series).toEqual([saved]);
    expect(runs.experiment).toBe(DEFAULT_EXPERIMENT);
    expect(runs.statusText).toBe('Done');
    expect(reports).toHaveLength(reports.filter((r) => r.experiment === long).length); // showing is not a training: nothing reported
  });
});
