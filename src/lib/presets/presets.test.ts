import { describe, expect, it } from 'vitest';
import type { Experiment } from '../experiment/config';
import { decodeExperiment } from '../experiment/url';
import { planVariants, type Variant } from '../experiment/plan';
import { fixedPoint } from '../engine/signal/fixed-point';
import { theoryCurve } from '../engine/signal/theory';
import { emptySeries, type RunSeries } from '../state/run-series';
import { claimOf, depthStdRatio, firstOverLastGradNorm, perLayerStdFactor } from './claims';
import { PRESETS, presetOf } from './presets';

const experimentOf = (query: string): Experiment => decodeExperiment(query).experiment;

/**
 * What each check's name says its variant is, restated here: "σ=0.01: …" must be checked
 * on the run whose init is normal(std 0.01), "BN: …" on the run with batch norm, and so on.
 */
const NAMED: [RegExp, (v: Variant) => boolean][] = [
  [/^zeros:/, (v) => v.init.scheme === 'zeros'],
  [/^He:/, (v) => v.init.scheme === 'he_normal'],
  [/^Xavier:/, (v) => v.init.scheme === 'xavier_normal'],
  [/^σ=0\.01:/, (v) => v.init.scheme === 'normal' && v.init.std === 0.01],
  [/^σ=1:/, (v) => v.init.scheme === 'normal' && v.init.std === 1],
  [/^standard:/, (v) => v.init.scheme === 'torch_default'],
  [/^normalized:/, (v) => v.init.scheme === 'xavier_uniform'],
  [/^no BN:/, (v) => v.bn === 'none'],
  [/^BN:/, (v) => v.bn === 'before'],
  [/^no zero-init:/, (v) => v.zero === 'none'],
  [/^zero-init:/, (v) => v.zero === 'kernel'],
];

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s decodes cleanly and every check names the variant it reads', (_, p) => {
    const decoded = decodeExperiment(p.query);
    expect(decoded.problems).toEqual([]);
    expect(decoded.ignored).toEqual([]);
    const variants = planVariants(decoded.experiment);
    // A sweep compares its cells (one variant may be enough); every other preset compares variants.
    const cells = decoded.experiment.sweep.reduce((n, sw) => n * sw.values.length, 1);
    expect(variants.length * cells).toBeGreaterThanOrEqual(2);
    if (cells === 1) expect(variants.length).toBeGreaterThanOrEqual(2);
    // A sweep's checks read cells of each seed's grid (sweep-checks.ts), named by variant and cell.
    for (const c of p.checks.filter((check) => !check.perSeed)) {
      expect(variants[c.variant], `"${c.name}" reads variant ${c.variant}, but the preset plans ${variants.length}`).toBeDefined();
      const named = NAMED.find(([pattern]) => pattern.test(c.name));
      expect(named, `no rule for the check name "${c.name}"`).toBeDefined();
      expect(named![1](variants[c.variant]), `"${c.name}" reads variant ${c.variant}`).toBe(true);
    }
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s runs at least 3 seeds and has a check that is not a demonstration', (_, p) => {
    expect(experimentOf(p.query).seeds).toBeGreaterThanOrEqual(3);
    expect(p.checks.some((c) => !c.demonstration)).toBe(true);
  });

  it('have unique ids', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it('are recognised whatever their seeds, and only then', () => {
    for (const p of PRESETS) {
      const e = experimentOf(p.query);
      expect(presetOf(e)).toBe(p);
      expect(presetOf({ ...e, seeds: 5, seed: 7 })).toBe(p);
      expect(presetOf({ ...e, lr: e.lr * 2 })).toBeNull();
    }
  });
});

/** The numbers the statements quote from theory, recomputed with the lab's own mean-field code. */
describe('preset statements', () => {
  const statement = (id: string) => PRESETS.find((p) => p.id === id)!.statement;

  it('edge-of-chaos-trainability: at σ_w = 0.8 a 64-wide tanh net is ordered, χ₁ = 0.64, ≈ 2·10⁻⁵ over 24 layers; σ_w = 3 is chaotic', () => {
    const e = experimentOf(PRESETS.find((p) => p.id === 'edge-of-chaos-trainability')!.query);
    expect([e.act, e.depth, e.width, e.bias]).toEqual(['tanh', 24, 64, 0]);
    // LeCun normal with gain g: std = g/√fan_in, so σ_w² = fan_in·std² = g².
    const ordered = fixedPoint('tanh', 0, 64, 0.8 / Math.sqrt(64));
    expect(ordered.q).toBeCloseTo(0, 6);
    expect(ordered.chi).toBeCloseTo(0.64, 6);
    expect((ordered.chi ** 24).toExponential(0)).toBe('2e-5');
    expect(fixedPoint('tanh', 0, 64, 3 / Math.sqrt(64)).chi).toBeGreaterThan(1);
    expect(fixedPoint('tanh', 0, 64, 1.25 / Math.sqrt(64)).chi).toBeGreaterThan(1);
    const s = statement('edge-of-chaos-trainability');
    for (const text of ['χ₁ = σ_w² per layer (0.64 at σ_w = 0.8, so by about 2·10⁻⁵ over these 24 layers)']) expect(s).toContain(text);
  });

  it('small-vs-large: σ = 1 at width 128 is chaotic, q* ≈ 119 and χ ≈ 6.2, gradients ×2.5 per layer', () => {
    const { q, chi } = fixedPoint('tanh', 0, 128, 1);
    expect(Math.round(q)).toBe(119);
    expect(chi.toFixed(1)).toBe('6.2');
    expect(Math.sqrt(chi).toFixed(1)).toBe('2.5');
    // Over the 8 layers below the output, √χ^8 ≈ 1.5e3: "about a thousand times".
    expect(Math.sqrt(chi) ** 8).toBeGreaterThan(500);
    expect(Math.sqrt(chi) ** 8).toBeLessThan(5000);
    const s = statement('small-vs-large');
    for (const text of ['q* ≈ 119', 'χ = n·σ²·E[tanh′(z)²] ≈ 6.2', '√6.2 ≈ 2.5', '√128·0.01 ≈ 0.11']) expect(s).toContain(text);
    // σ = 0.01 is deep in the ordered phase: the factor is √χ = √(n·σ²) there.
    expect(Math.sqrt(fixedPoint('tanh', 0, 128, 0.01).chi)).toBeCloseTo(0.113, 3);
  });

  it('zero-init-residual: the theory’s trunk grows about 2.4× in variance per block, ≈ 980× in std over 16', () => {
    const e = experimentOf(PRESETS.find((p) => p.id === 'zero-init-residual')!.query);
    const std = theoryCurve(e, planVariants(e)[0])!.forwardStd;
    // Hidden order: stem, then (branch activation, block output) per block.
    const growth = (std[std.length - 1] / std[0]) ** 2;
    expect((growth ** (1 / 16)).toFixed(1)).toBe('2.4');
    expect(Math.round(Math.sqrt(growth) / 10) * 10).toBe(980);
    expect(statement('zero-init-residual')).toContain('about 2.4 per block');
    expect(statement('zero-init-residual')).toContain('about 980');
  });

  it('he-2015 and bn-rescue: Xavier’s 1/√2 per ReLU layer, σ = 0.01’s 0.08', () => {
    expect(Math.SQRT1_2.toFixed(2)).toBe('0.71');
    expect(statement('he-2015')).toContain('1/√2 ≈ 0.71');
    expect((0.01 * Math.sqrt(128 / 2)).toFixed(2)).toBe('0.08');
    // Five ReLU layers after the first at 0.08 each: about 3e-6 of the first's std.
    expect(0.08 ** 5).toBeCloseTo(3e-6, 6);
    expect(statement('bn-rescue')).toContain('about 3·10⁻⁶');
  });
});

function run(variant: number, repeat: number, acc: number, stds: number[], grads: number[] = []): RunSeries {
  const s = emptySeries(`v${variant}s${repeat}`, 'x', variant, repeat);
  const activations = stds.map((std, i) => ({ label: `L${i + 1}`, mean: 0, std, inactive: 0, min: 0, max: 0, histogram: [] }));
  const ev = { step: 0, valLoss: 1, valAccuracy: acc, weightNorms: [], updateRatios: [], unitSpread: [], activations, bnStats: null };
  return { ...s, status: 'done', evals: [ev, { ...ev, step: 10 }], gradNorms: grads.map((g) => [g]) };
}

describe('claims', () => {
  const claim = claimOf([
    { variant: 0, name: 'acc', measure: (r) => r.evals.at(-1)!.valAccuracy, want: 'above', bound: 0.9, format: 'pct' },
  ]);

  it('hold only when every seed passes, and name the worst seed with every seed’s number', () => {
    const ok = claim([run(0, 0, 0.95, [1]), run(0, 1, 0.93, [1])]);
    expect(ok.holds).toBe(true);
    expect(ok.details[0]).toBe('acc: 93.0% (worst of 2 seeds: #2; all 95.0%, 93.0%) > 90.0% ✓');
    const bad = claim([run(0, 2, 0.91, [1]), run(0, 0, 0.85, [1]), run(0, 1, 0.95, [1])]);
    expect(bad.holds).toBe(false);
    expect(bad.checks[0].worst).toEqual({ seed: 1, value: 0.85 });
    expect(bad.checks[0].perSeed.map((s) => s.seed)).toEqual([1, 2, 3]);
    expect(bad.details[0]).toContain('(worst of 3 seeds: #1; all 85.0%, 95.0%, 91.0%) > 90.0% ✗');
  });

  it('count a non-finite seed as the worst, and fail when the variant has no run', () => {
    expect(claim([]).holds).toBe(false);
    expect(claim([]).details[0]).toBe('acc: no run > 90.0% ✗');
    const r = claim([run(0, 0, 0.99, [1]), run(0, 1, Number.NaN, [1])]);
    expect(r.holds).toBe(false);
    expect(r.checks[0].worst?.seed).toBe(2);
  });

  it('label demonstrations, which still have to hold', () => {
    const demo = claimOf([{ variant: 0, name: 'spread', measure: () => 0, want: 'below', bound: 1e-6, demonstration: true }]);
    const r = demo([run(0, 0, 0.5, [1])]);
    expect(r.holds).toBe(true);
    expect(r.details[0]).toBe('spread: 0.00e+0 < 1.00e-6 ✓ [demonstration: holds by construction]');
  });

  it('read the at-init numbers from the evaluation at step 0 and the first step’s gradients', () => {
    expect(depthStdRatio(run(0, 0, 0.5, [2, 1, 0.5]))).toBe(0.25);
    // (0.25)^(1/2): two layer-to-layer steps of ×0.5 each.
    expect(perLayerStdFactor(run(0, 0, 0.5, [2, 1, 0.5]))).toBeCloseTo(0.5, 12);
    expect(firstOverLastGradNorm(run(0, 0, 0.5, [1], [300, 20, 3]))).toBe(100);
    const late = run(0, 0, 0.5, [2, 1]);
    expect(depthStdRatio({ ...late, evals: late.evals.slice(1) })).toBeNaN();
  });
});
