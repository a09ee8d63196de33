import { expect, it } from 'vitest';
import { comparisonOutcome } from './outcome';
import { emptySeries, type RunSeries } from './run-series';

function run(variant: number, acc: number, status: RunSeries['status'] = 'done'): RunSeries {
  const s = emptySeries(`v${variant}s0`, `variant ${variant}`, variant, 0);
  const ev = { step: 10, valLoss: 1, valAccuracy: acc, weightNorms: [], updateRatios: [], unitSpread: [], activations: [], bnStats: null };
  return { ...s, status, loss: [1], evals: [ev], divergedAt: status === 'diverged' ? 7 : undefined };
}

it('names the most accurate variant, with the margin and every variant’s numbers', () => {
  const o = comparisonOutcome([run(0, 0.8), run(1, 0.95)])!;
  expect(o.winner).toBe(1);
  expect(o.explanation).toContain('variant 1 won by 15.0%');
  expect(o.explanation).toContain('variant 0: 80.0%');
});

it('counts a diverged run as 0%, flags near-ties, and waits for running runs', () => {
  expect(comparisonOutcome([run(0, 0.99, 'diverged'), run(1, 0.5)])!.winner).toBe(1);
  expect(comparisonOutcome([run(0, 0.9), run(1, 0.905)])!.explanation).toContain('under one point');
  expect(comparisonOutcome([run(0, 0.9), run(1, 0.5, 'running')])).toBeNull();
  expect(comparisonOutcome([run(0, 0.9)])).toBeNull();
});
