import { describe, expect, it } from 'vitest';
import type { ChaosReport } from '../../engine/signal/chaos-report';
import { chaosLines, correlationDatasets, phaseDatasets, phaseRange } from './chaos-datasets';

const point = (over: object) => ({
  sw2: 2.56,
  sb2: 0,
  q: 1,
  chi1: 1.2,
  cStar: 0,
  chiC: 0.9,
  depthScale: 9.49,
  phase: 'chaotic' as const,
  ...over,
});
const report: ChaosReport = {
  boundary: [
    { sb2: 0, sw2: 1 },
    { sb2: 0.05, sw2: 1.76 },
  ],
  variants: [
    { variant: 0, point: point({}), profile: { input: 0.9, measured: [0.8, 0.6], predicted: [0.82, 0.61] }, why: null },
    { variant: 1, point: null, profile: null, why: 'Batch norm resets every layer’s variance.' },
  ],
};

describe('edge-of-chaos datasets', () => {
  it('draws the boundary and one point per variant on it', () => {
    const [edge, v0] = phaseDatasets(report, ['wide', 'bn']);
    expect(edge.data).toEqual([
      { x: 1, y: 0 },
      { x: 1.76, y: 0.05 },
    ]);
    expect(v0.label).toBe('wide');
    expect(v0.data).toEqual([{ x: 2.56, y: 0 }]);
    expect(phaseDatasets(report, ['wide', 'bn']).length).toBe(2);
  });

  it('gives the σ_w² axis room past the edge and every variant', () => {
    // Largest σ_w² is the variant's 2.56: the axis runs to 1.25 × 2.56 = 3.2.
    expect(phaseRange(report)).toEqual({ min: 0, max: 3.2 });
    // A vertical edge at 1 (a linear net) with a point on it still gets an axis from 0 to 1.25.
    const flat: ChaosReport = {
      boundary: [{ sb2: 0, sw2: 1 }],
      variants: [{ variant: 0, point: point({ sw2: 1 }), profile: null, why: null }],
    };
    expect(phaseRange(flat)).toEqual({ min: 0, max: 1.25 });
  });

  it('draws measured and predicted correlation per hidden layer', () => {
    const [measured, predicted] = correlationDatasets(report, ['wide', 'bn']);
    expect(measured.data).toEqual([
      { x: 1, y: 0.8 },
      { x: 2, y: 0.6 },
    ]);
    expect(predicted.label).toBe('wide mean field');
    expect(predicted.borderDash).toBeDefined();
  });

  it('says the phase and compares the depth with 6 depth scales', () => {
    const [deepEnough, why] = chaosLines(report, ['wide', 'bn'], 30, 'tanh');
    // 6 · 9.49 = 56.9 ≥ 30.
    expect(deepEnough).toBe(
      'wide: σ_w² = 2.56, σ_b² = 0, chaotic (χ₁ = 1.20 > 1): two inputs decorrelate toward c* = 0. Depth scale ξ_c = 9.49 layers; signals reach about 6·ξ_c = 56.94, and your 30 hidden layers are within that.',
    );
    expect(why).toBe('bn: Batch norm resets every layer’s variance.');
    const [tooDeep] = chaosLines(report, ['wide'], 60, 'tanh');
    expect(tooDeep).toMatch(/your 60 hidden layers are beyond the depth Schoenholz et al\. \(2017\) found such nets to train to\.$/);
    const edge: ChaosReport = { ...report, variants: [{ ...report.variants[0], point: point({ depthScale: Infinity, chi1: 1 }) }] };
    expect(chaosLines(edge, ['x'], 10, 'tanh')[0]).toMatch(/on the edge of chaos: the depth scale diverges\.$/);
  });
});
