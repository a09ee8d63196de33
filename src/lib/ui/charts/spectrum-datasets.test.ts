import { describe, expect, it } from 'vitest';
import type { VariantSpectrum } from '../../engine/signal/spectrum';
import { depthSpreadDatasets, spectrumDatasets, spectrumLines } from './spectrum-datasets';

const spectrum = (variant: number, values: number[], over: Partial<VariantSpectrum> = {}): VariantSpectrum => ({
  variant,
  values: Float64Array.from(values),
  inputs: 1,
  meanSquare: values.reduce((a, v) => a + v * v, 0) / values.length,
  theoryMeanSquare: 1,
  relativeVariance: 0,
  theoryRelativeVariance: null,
  why: null,
  law: null,
  byDepth: [],
  ...over,
});

describe('spectrumDatasets', () => {
  it('an exact isometry is one spike at log₁₀ σ = 0 holding every value', () => {
    const [d] = spectrumDatasets([spectrum(0, [1, 1, 1, 1])], ['orthogonal']);
    const peak = d.data.filter((p) => p.y > 0);
    expect(peak.length).toBe(1);
    expect(peak[0].y).toBe(100);
    expect(Math.abs(peak[0].x)).toBeLessThan(0.01);
    expect(d.label).toBe('orthogonal');
  });

  it('bins every variant on one log axis, each summing to 100%', () => {
    // log₁₀ of 10, 1, 0.1 = 1, 0, −1: the axis spans [−1, 1] and the three land in the first, middle and last bins.
    const sets = spectrumDatasets([spectrum(0, [10, 1, 0.1]), spectrum(1, [1])], ['a', 'b']);
    for (const d of sets) expect(d.data.reduce((s, p) => s + p.y, 0)).toBeCloseTo(100, 10);
    const a = sets[0].data;
    expect(a[0].y).toBeCloseTo(100 / 3, 10);
    expect(a.at(-1)!.y).toBeCloseTo(100 / 3, 10);
    expect(a[0].x).toBeCloseTo(-1 + 2 / 80, 3);
    expect(sets[1].data.find((p) => p.y > 0)!.x).toBeCloseTo(0, 1);
  });

  it('draws the law beside the measurement: isometry as one spike, Fuss–Catalan as mass spread over the bins', () => {
    const iso = spectrumDatasets([spectrum(0, [1, 1, 1], { law: { kind: 'isometry' } })], ['orthogonal']);
    expect(iso.map((d) => d.label)).toEqual(['orthogonal', 'orthogonal theory (isometry)']);
    expect(iso[1].data.filter((p) => p.y > 0)).toEqual(iso[0].data.filter((p) => p.y > 0));
    // A Gaussian linear net, 3 layers in J, mean σ² 1: the law's mass over the drawn range.
    const values = Array.from({ length: 64 }, (_, i) => 10 ** (-1.5 + (2 * i) / 63)).reverse();
    const [, theory] = spectrumDatasets([spectrum(0, values, { law: { kind: 'fuss-catalan', factors: 3 }, theoryMeanSquare: 1 })], ['he']);
    expect(theory.label).toBe('he theory (Fuss–Catalan, 3 layers)');
    const total = theory.data.reduce((a, p) => a + p.y, 0);
    // σ from 10^-1.5 to 10^0.5 holds most of the law (its top edge is at σ² = 4⁴/3³ ≈ 9.5, σ ≈ 3.1).
    expect(total).toBeGreaterThan(80);
    expect(total).toBeLessThanOrEqual(100.0001);
  });

  it('leaves out a variant with no spectrum', () => {
    expect(spectrumDatasets([spectrum(0, [], { why: 'BN' })], ['bn'])).toEqual([]);
  });
});

describe('spectrumLines', () => {
  it('says the mean against theory and the spread', () => {
    const values = Array.from({ length: 11 }, (_, i) => 2 - i * 0.1); // 2.0 … 1.0
    const [line] = spectrumLines([spectrum(0, values, { theoryMeanSquare: 2.5, inputs: 2 })], ['he_normal']);
    const mean = values.reduce((a, v) => a + v * v, 0) / 11;
    expect(line).toBe(
      `he_normal: mean σ² ${mean.toFixed(2)} (mean field: 2.50); middle 80% of σ in [1.10, 1.90], all in [1.00, 2.00], over 11 values at 2 digits`,
    );
  });

  it('adds the spread against free probability where the theory applies', () => {
    const [line] = spectrumLines([spectrum(0, [1, 1], { relativeVariance: 0.544, theoryRelativeVariance: 0.54 })], ['orthogonal']);
    expect(line).toMatch(/; spread Var\(σ²\)\/E\[σ²\]² 0\.54 \(free probability: 0\.54; 0 is isometry\)$/);
  });

  it('gives the reason where there is no spectrum', () => {
    expect(spectrumLines([spectrum(0, [], { why: 'Batch norm couples the examples.' })], ['bn'])).toEqual([
      'bn: Batch norm couples the examples.',
    ]);
  });
});

describe('depthSpreadDatasets', () => {
  it('draws the median and the 10th and 90th percentiles of σ at each depth', () => {
    const byDepth = [
      { layer: 2, p10: 0.5, p50: 1, p90: 1.5 },
      { layer: 4, p10: 0.1, p50: 0.9, p90: 2.5 },
    ];
    const sets = depthSpreadDatasets([spectrum(0, [1], { byDepth })], ['he']);
    expect(sets.map((d) => d.label)).toEqual(['he median σ', 'he 10% σ', 'he 90% σ']);
    expect(sets[0].data).toEqual([
      { x: 2, y: 1 },
      { x: 4, y: 0.9 },
    ]);
    expect(sets[2].data.at(-1)).toEqual({ x: 4, y: 2.5 });
    // A lost direction (σ = 0) stays drawable on the log axis.
    expect(depthSpreadDatasets([spectrum(0, [1], { byDepth: [{ layer: 2, p10: 0, p50: 1, p90: 1 }] })], ['x'])[1].data[0].y).toBe(1e-12);
  });
});
