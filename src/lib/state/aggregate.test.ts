import { describe, expect, it } from 'vitest';
import {
  bandEdges,
  evalBand,
  gradNorm,
  groupByVariant,
  inactiveFraction,
  median,
  stepBand,
  stepsToAccuracy,
  trainLoss,
  updateRatio,
  valAccuracy,
  variantSummaries,
  variantSummary,
} from './aggregate';
import type { ActivationStats } from '../engine/events';
import { emptySeries, type EvalRecord, type RunSeries } from './run-series';

function act(label: string, inactive: number, std = 1): ActivationStats {
  return { label, mean: 0, std, inactive, min: 0, max: 1, histogram: [] };
}

function evalAt(step: number, valAccuracy: number, inactive: number[] = [0, 0]): EvalRecord {
  return {
    step,
    valLoss: 1 - valAccuracy,
    valAccuracy,
    weightNorms: [1, 1],
    unitSpread: [0.5, 0.5],
    bnStats: null,
    updateRatios: step === 0 ? [Number.NaN, Number.NaN] : [1e-3, 2e-3],
    activations: inactive.map((v, l) => act(`L${l + 1}`, v)),
  };
}

/** A hand-made run: variant v, seed r (0-based), given losses and evaluations. */
function run(v: number, r: number, loss: number[], evals: EvalRecord[], extra: Partial<RunSeries> = {}): RunSeries {
  return {
    ...emptySeries(`v${v}s${r}`, `he_normal${v}`, v, r, 3),
    status: 'done',
    loss,
    gradNorms: [loss.map((x) => x * 10), loss.map((x) => x * 100)],
    evals,
    ...extra,
  };
}

describe('groupByVariant', () => {
  it("groups by variant in variant order, seeds in order, under the variant's label", () => {
    const runs = [run(1, 1, [], []), run(0, 0, [], []), run(1, 0, [], [])];
    const groups = groupByVariant(runs);
    expect(groups.map((g) => g.variant)).toEqual([0, 1]);
    expect(groups[1].runs.map((r) => r.repeat)).toEqual([0, 1]);
    expect(groups[1].label).toBe('he_normal1');
    expect(groups[1].runs.map((r) => r.label)).toEqual(['he_normal1 #1', 'he_normal1 #2']);
  });
});

describe('stepBand', () => {
  it('averages per step over the steps every seed has reached', () => {
    const band = stepBand([run(0, 0, [1, 2, 3], []), run(0, 1, [3, 4], []), run(0, 2, [2, 6, 9, 9], [])], trainLoss);
    expect(band.map((p) => p.x)).toEqual([1, 2]);
    expect(band[0]).toMatchObject({ mean: 2, min: 1, max: 3, n: 3 });
    expect(band[0].sd).toBeCloseTo(1, 12); // sample sd of 1, 3, 2
    expect(band[1]).toMatchObject({ mean: 4, min: 2, max: 6 });
    expect(band[1].sd).toBeCloseTo(2, 12);
    expect(bandEdges(band[1], 'minmax')).toEqual([2, 6]);
    expect(bandEdges(band[1], 'sd')[0]).toBeCloseTo(2, 12);
    expect(bandEdges(band[1], 'sd')[1]).toBeCloseTo(6, 12);
  });

  it('reads a layer gradient norm, and a single seed has zero spread', () => {
    const band = stepBand([run(0, 0, [1, 2], [])], gradNorm(1));
    expect(band).toEqual([
      { x: 1, mean: 100, sd: 0, min: 100, max: 100, n: 1 },
      { x: 2, mean: 200, sd: 0, min: 200, max: 200, n: 1 },
    ]);
    expect(stepBand([run(0, 0, [1], [])], gradNorm(5))).toEqual([]);
    expect(stepBand([], trainLoss)).toEqual([]);
  });
});

describe('evalBand', () => {
  it('matches evaluations by step and keeps only steps every seed has evaluated', () => {
    const a = run(0, 0, [], [evalAt(0, 0.1), evalAt(50, 0.8), evalAt(100, 0.9)]);
    const b = run(0, 1, [], [evalAt(0, 0.3), evalAt(50, 0.6)]);
    const band = evalBand([a, b], valAccuracy);
    expect(band.map((p) => p.x)).toEqual([0, 50]);
    expect(band[0].mean).toBeCloseTo(0.2, 12);
    expect(band[1]).toMatchObject({ min: 0.6, max: 0.8, n: 2 });
  });

  it('carries NaN through (update ratio at init, inactive fraction of tanh) and tolerates missing layers', () => {
    const a = run(0, 0, [], [evalAt(0, 0.1, [Number.NaN]), evalAt(50, 0.5, [Number.NaN])]);
    expect(evalBand([a], updateRatio(0)).map((p) => p.mean)).toEqual([Number.NaN, 1e-3]);
    expect(evalBand([a], inactiveFraction(0)).every((p) => Number.isNaN(p.mean))).toBe(true);
    expect(evalBand([a], inactiveFraction(3)).every((p) => Number.isNaN(p.mean))).toBe(true);
  });
});

describe('stepsToAccuracy', () => {
  const evals = [evalAt(0, 0.1), evalAt(50, 0.89), evalAt(100, 0.9), evalAt(150, 0.95)];
  it('is the first eval step at or above the threshold', () => {
    expect(stepsToAccuracy(run(0, 0, [], evals), 0.9)).toBe(100);
    expect(stepsToAccuracy(run(0, 0, [], evals))).toBe(100);
    expect(stepsToAccuracy(run(0, 0, [], evals), 0.05)).toBe(0);
  });
  it('is null when never reached', () => {
    expect(stepsToAccuracy(run(0, 0, [], evals), 0.99)).toBeNull();
    expect(stepsToAccuracy(run(0, 0, [], []), 0.9)).toBeNull();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('variantSummary', () => {
  const ramp = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);

  it('summarises the seeds of one variant', () => {
    // Seed 1: last 10 losses 10..19 (mean 14.5). Seed 2: last 10 losses 20..29 (mean 24.5).
    const s1 = run(0, 0, [100, ...ramp(10, 10)], [evalAt(0, 0.1, [0, 0]), evalAt(50, 0.92, [0.1, 0.3])]);
    const s2 = run(0, 1, ramp(10, 20), [evalAt(0, 0.1, [0, 0]), evalAt(50, 0.85, [0.2, 0.5]), evalAt(100, 0.94, [0.3, 0.4])]);
    const summary = variantSummary([s2, s1]);
    expect(summary.label).toBe('he_normal0');
    expect(summary.seeds).toBe(2);
    expect(summary.finalTrainLoss).toBeCloseTo(19.5, 12);
    expect(summary.finalValAccuracy!.mean).toBeCloseTo(0.93, 12);
    expect(summary.finalValAccuracy).toMatchObject({ min: 0.92, max: 0.94 });
    expect(summary.stepsTo90).toEqual({ perSeed: [50, 100], median: 75 });
    expect(summary.diverged).toEqual([]);
    expect(summary.finalInactive.perLayer.map((p) => p.label)).toEqual(['L1', 'L2']);
    expect(summary.finalInactive.perLayer[0].value).toBeCloseTo(0.2, 12);
    expect(summary.finalInactive.perLayer[1].value).toBeCloseTo(0.35, 12);
    expect(summary.finalInactive.max).toBeCloseTo(0.35, 12);
    expect(summary.live).toBe(false);
  });

  it('reports divergence per seed and a null median when any seed never reaches 90%', () => {
    const ok = run(2, 0, [1, 1], [evalAt(0, 0.1), evalAt(50, 0.95)]);
    const bad = run(2, 1, [1, 5], [evalAt(0, 0.1)], { status: 'diverged', divergedAt: 3 });
    const summary = variantSummary([ok, bad]);
    expect(summary.variant).toBe(2);
    expect(summary.diverged).toEqual([{ seed: 2, step: 3 }]);
    expect(summary.stepsTo90).toEqual({ perSeed: [50, null], median: null });
    expect(summary.finalValAccuracy).toMatchObject({ min: 0.1, max: 0.95 });
  });

  it('gives NaN and nulls before anything has been measured, and says the run is live', () => {
    const summary = variantSummary([{ ...run(0, 0, [], []), status: 'running' }]);
    expect(summary.finalTrainLoss).toBeNaN();
    expect(summary.finalValAccuracy).toBeNull();
    expect(summary.stepsTo90).toEqual({ perSeed: [null], median: null });
    expect(summary.finalInactive).toEqual({ perLayer: [], max: Number.NaN });
    expect(summary.live).toBe(true);
  });

  it('has a NaN inactive fraction for activations without a dead state', () => {
    const tanh = run(0, 0, [1], [evalAt(0, 0.5, [Number.NaN, Number.NaN])]);
    const summary = variantSummary([tanh]);
    expect(summary.finalInactive.perLayer.every((p) => Number.isNaN(p.value))).toBe(true);
    expect(summary.finalInactive.max).toBeNaN();
  });

  it('throws on no runs, and variantSummaries makes one row per variant', () => {
    expect(() => variantSummary([])).toThrow();
    const rows = variantSummaries([run(1, 0, [1], []), run(0, 0, [2], []), run(1, 1, [3], [])]);
    expect(rows.map((r) => [r.variant, r.seeds, r.finalTrainLoss])).toEqual([
      [0, 1, 2],
      [1, 2, 2],
    ]);
  });
});
