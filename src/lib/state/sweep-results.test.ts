/**
 * A sweep through the real engine on real MNIST (CPU backend): every cell trains in the one
 * lockstep loop, runs of equal shape share a stack, a width sweep groups by shape, and the
 * grid the page draws is the runs' own numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { planRuns } from '../experiment/plan';
import { plannedSeries } from './runs.svelte';
import { withEvents } from './run-series';
import { finalAccuracy } from './outcome';
import { sweepGrid } from './sweep-results';
import type { RunEvent } from '../engine/events';
import { disposeGpuData, uploadSplit, type GpuData } from '../engine/gpu-data';
import { makeGroups } from '../engine/run-group';
import { trainExperiment } from '../engine/train-experiment';
import { realMnistSplit, subset } from '../testing/mnist-split';

let data: GpuData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(subset(await realMnistSplit(), 1024, 300));
  return () => disposeGpuData(data);
});

const base: Experiment = { ...DEFAULT_EXPERIMENT, depth: 1, width: 32, bs: 32, steps: 40, seeds: 2 };

describe('a sweep on the engine', () => {
  it('stacks the runs of each shape: a width sweep makes one group per width', () => {
    const e = {
      ...base,
      init: [{ scheme: 'he_normal' as const }, { scheme: 'orthogonal' as const }],
      sweep: [{ key: 'width' as const, values: [16, 32, 48] }],
    };
    const groups = makeGroups(planRuns(e), true, 'always');
    try {
      expect(groups.map((g) => g.specs.length)).toEqual([4, 4, 4]);
      expect(groups.map((g) => g.specs[0].experiment.width)).toEqual([16, 32, 48]);
    } finally {
      groups.forEach((g) => g.dispose());
    }
  });

  it('trains every cell in lockstep and folds each run into its own cell', async () => {
    const e: Experiment = { ...base, sweep: [{ key: 'lr', values: [1e-5, 3e-3] }] };
    const runs = planRuns(e);
    const events: RunEvent[] = [];
    const ends = await trainExperiment(runs, data, { onEvent: (ev) => events.push(ev), evalEvery: 40 });
    expect(ends.map((x) => x.status)).toEqual(['done', 'done', 'done', 'done']);
    const series = withEvents(plannedSeries(e, runs), events);
    expect(series.map((s) => s.label)).toEqual([
      'lr=0.00001 · he_normal #1',
      'lr=0.00001 · he_normal #2',
      'lr=0.003 · he_normal #1',
      'lr=0.003 · he_normal #2',
    ]);
    const grid = sweepGrid(e, series);
    const [slow, fast] = grid.variants[0].points;
    // Each cell's numbers are its own runs' final accuracies, mean and range over the seeds.
    const accs = (cell: number) => series.filter((s) => s.sweep?.cell === cell).map(finalAccuracy);
    expect(slow.perSeed.map((p) => p.value)).toEqual(accs(0));
    expect(fast.mean).toBeCloseTo((accs(1)[0] + accs(1)[1]) / 2, 12);
    expect(fast.min).toBe(Math.min(...accs(1)));
    // 40 Adam steps at lr 1e-5 barely move a net; at 3e-3 it learns: the best cell is the faster one.
    expect(fast.mean).toBeGreaterThan(slow.mean + 0.2);
    expect([slow.best, fast.best]).toEqual([false, true]);
    // The validation-loss grid reads each run's last evaluation, and there lower is better.
    const byValLoss = sweepGrid(e, series, 'valLoss');
    const valLosses = (cell: number) => series.filter((s) => s.sweep?.cell === cell).map((s) => s.evals.at(-1)!.valLoss);
    expect(byValLoss.variants[0].points.map((p) => p.perSeed.map((q) => q.value))).toEqual([valLosses(0), valLosses(1)]);
    expect(byValLoss.variants[0].points.map((p) => p.best)).toEqual([false, true]);
    // Both cells took the same batches: at step 1 (before any update differs) the two seeds' losses match across cells.
    expect(series[0].loss[0]).toBeCloseTo(series[2].loss[0], 5);
  });

  it('refuses runs whose schedules differ: one loop cannot take two batch sizes', async () => {
    const a = planRuns({ ...base, steps: 5 })[0];
    const b = { ...planRuns({ ...base, steps: 5, bs: 16 })[0], id: 'other' };
    const events: RunEvent[] = [];
    await expect(trainExperiment([a, b], data, { onEvent: (ev) => events.push(ev) })).rejects.toThrow(
      /another batch size, length or batch order/,
    );
  });
});
