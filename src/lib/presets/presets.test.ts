import { describe, expect, it } from 'vitest';
import { decodeExperiment } from '../experiment/url';
import { planVariants } from '../experiment/plan';
import { emptySeries, type RunSeries } from '../state/run-series';
import { claimOf, depthStdRatio } from './claims';
import { PRESETS } from './presets';

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s decodes without problems and its checks name real variants', (_, p) => {
    const decoded = decodeExperiment(p.query);
    expect(decoded.problems).toEqual([]);
    expect(decoded.ignored).toEqual([]);
    expect(planVariants(decoded.experiment).length).toBeGreaterThanOrEqual(2);
    expect(p.statement.length).toBeGreaterThan(100);
  });

  it('have unique ids', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });
});

function run(variant: number, repeat: number, acc: number, stds: number[]): RunSeries {
  const s = emptySeries(`v${variant}s${repeat}`, 'x', variant, repeat);
  const activations = stds.map((std, i) => ({ label: `L${i + 1}`, mean: 0, std, inactive: 0, min: 0, max: 0, histogram: [] }));
  const ev = { step: 0, valLoss: 1, valAccuracy: acc, weightNorms: [], updateRatios: [], unitSpread: [], activations, bnStats: null };
  return { ...s, status: 'done', evals: [ev, { ...ev, step: 10 }] };
}

describe('claims', () => {
  const claim = claimOf([{ variant: 0, name: 'acc', measure: (r) => r.evals.at(-1)!.valAccuracy, want: 'above', bound: 0.9, format: 'pct' }]);

  it('hold only when every seed passes, and quote the worst seed', () => {
    const ok = claim([run(0, 0, 0.95, [1]), run(0, 1, 0.93, [1])]);
    expect(ok.holds).toBe(true);
    expect(ok.details[0]).toContain('93.0% (worst of 2 seeds)');
    const bad = claim([run(0, 0, 0.95, [1]), run(0, 1, 0.85, [1])]);
    expect(bad.holds).toBe(false);
    expect(bad.details[0]).toContain('85.0%');
  });

  it('fail when the variant has no run, or the number is not finite', () => {
    expect(claim([]).holds).toBe(false);
    expect(claim([run(0, 0, Number.NaN, [1])]).holds).toBe(false);
  });

  it('read the depth ratio from the evaluation at init', () => {
    expect(depthStdRatio(run(0, 0, 0.5, [2, 1, 0.5]))).toBe(0.25);
  });
});
