import { describe, expect, it } from 'vitest';
import type { EvalRecord, RunSeries } from './run-series';
import { emptySeries } from './run-series';
import { finalValidationLoss, metricOf, stepsToLoss, TARGET_WINDOW } from './sweep-results';

/** A finished run with these training losses and last-evaluation numbers. */
function run(loss: number[], last: { valLoss: number; valAccuracy: number } | null, status: RunSeries['status'] = 'done'): RunSeries {
  const evals = last ? [{ step: loss.length, ...last } as unknown as EvalRecord] : [];
  return { ...emptySeries('c0v0s0', 'he_normal', 0, 0, 1), status, loss, evals };
}

describe('the numbers a sweep compares, on hand-made runs', () => {
  it('final validation loss is the last evaluation’s; a diverged run is +∞ and a run never evaluated NaN', () => {
    expect(finalValidationLoss(run([2, 1], { valLoss: 0.42, valAccuracy: 0.9 }))).toBe(0.42);
    expect(finalValidationLoss(run([2, Number.NaN], { valLoss: 0.42, valAccuracy: 0.9 }, 'diverged'))).toBe(Number.POSITIVE_INFINITY);
    expect(finalValidationLoss(run([2, 1], { valLoss: Number.NaN, valAccuracy: 0.1 }))).toBe(Number.POSITIVE_INFINITY);
    expect(finalValidationLoss(run([2, 1], null))).toBeNaN();
  });

  it('final training loss is the mean of the last 10 steps, worked by hand', () => {
    // Steps 1..20 with loss = step: the last ten are 11..20, mean 15.5.
    const loss = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(metricOf(run(loss, null), 'loss', 0)).toBe(15.5);
  });

  it('steps to a target read the running mean of the last 10 steps, not one noisy batch', () => {
    expect(TARGET_WINDOW).toBe(10);
    // Ten steps at 1.0 then 0.0: the running mean after step 10 + k is (10 − k)/10, first ≤ 0.5 at k = 5, step 15.
    const loss = [...new Array(10).fill(1), ...new Array(10).fill(0)];
    expect(stepsToLoss(run(loss, null), 0.5)).toBe(15);
    // One lucky batch at 0 inside a run at 1 never brings the mean to 0.5.
    expect(stepsToLoss(run([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1], null), 0.5)).toBe(Number.POSITIVE_INFINITY);
  });

  it('metricOf picks the number each metric names', () => {
    const r = run([3, 2, 1], { valLoss: 0.7, valAccuracy: 0.8 });
    expect(metricOf(r, 'accuracy', 0)).toBe(0.8);
    expect(metricOf(r, 'valLoss', 0)).toBe(0.7);
    expect(metricOf(r, 'loss', 0)).toBe(2);
    expect(metricOf(r, 'steps', 2)).toBe(Number.POSITIVE_INFINITY); // fewer than 10 steps: no running mean yet
  });
});
