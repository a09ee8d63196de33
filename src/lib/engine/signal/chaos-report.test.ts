import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { chaosReport } from './chaos-report';

const zeros = new Float32Array(784);
const pair: [Float32Array, Float32Array] = [
  Float32Array.from(zeros, (_, i) => (i % 7) - 3),
  Float32Array.from(zeros, (_, i) => (i % 5) - 2),
];

describe('chaosReport', () => {
  it('places each variant by its square layers: Xavier tanh without bias sits on the edge (σ_w² = 1), σ = 0.2 is chaotic', () => {
    const e: Experiment = {
      ...DEFAULT_EXPERIMENT,
      act: 'tanh',
      depth: 4,
      width: 64,
      bias: 0,
      init: [{ scheme: 'xavier_normal' }, { scheme: 'normal', std: 0.2 }],
    };
    const report = chaosReport(e, pair);
    expect(report.boundary[0]).toEqual({ sb2: 0, sw2: expect.closeTo(1, 9) });
    for (let i = 1; i < report.boundary.length; i++) expect(report.boundary[i].sw2).toBeGreaterThan(report.boundary[i - 1].sw2);
    const [xavier, wide] = report.variants;
    // Xavier on 64×64: σ² = 2/(64 + 64), so σ_w² = 64·(1/64) = 1.
    expect(xavier.point!.sw2).toBeCloseTo(1, 12);
    // std 0.2 on 64 inputs: σ_w² = 64·0.04 = 2.56 > 1, chaotic.
    expect(wide.point!.sw2).toBeCloseTo(2.56, 12);
    expect(wide.point!.phase).toBe('chaotic');
    expect(xavier.profile!.measured.length).toBe(4);
  });

  it('says why a variant is off the diagram', () => {
    const e: Experiment = { ...DEFAULT_EXPERIMENT, depth: 2, width: 16, bn: ['none', 'before'] };
    const [plain, bn] = chaosReport(e, pair).variants;
    expect(plain.why).toBeNull();
    expect(bn.why).toMatch(/Batch norm/);
    expect(chaosReport({ ...e, arch: 'cnn', bn: ['none'] }, pair).variants[0].why).toMatch(/plain MLPs/);
  });
});
