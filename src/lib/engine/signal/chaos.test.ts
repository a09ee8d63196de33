import { describe, expect, it } from 'vitest';
import { chaosPoint, correlation, criticalWeightVariance, nextPair, pairExpect, pairMoments } from './chaos';
import { fixedPoint } from './fixed-point';

describe('pairExpect and pairMoments', () => {
  it('the grid gives Isserlis’s E[u²v²] = q_a·q_b + 2·q_ab², worked by hand', () => {
    const id = (u: number) => u;
    const sq = (u: number) => u * u;
    expect(pairExpect(id, id, { qa: 2, qb: 3, qab: 1.2 })).toBeCloseTo(1.2, 10);
    expect(pairExpect(sq, sq, { qa: 2, qb: 3, qab: 1.2 })).toBeCloseTo(2 * 3 + 2 * 1.2 ** 2, 8);
  });
  it('the ReLU closed form is Cho & Saul’s kernel, and P(u > 0, v > 0) = (π − θ)/2π', () => {
    const rho = 0.3;
    const theta = Math.acos(rho);
    const m = pairMoments('relu', 0, { qa: 2, qb: 3, qab: rho * Math.sqrt(6) });
    expect(m.ff).toBeCloseTo((Math.sqrt(6) / (2 * Math.PI)) * (Math.sin(theta) + (Math.PI - theta) * rho), 12);
    expect(m.dd).toBeCloseTo((Math.PI - theta) / (2 * Math.PI), 12);
    // At ρ = 1 it is E[relu(u)²] = q/2; leaky ReLU (1 + a²)·q/2, its derivative (1 + a²)/2.
    expect(pairMoments('relu', 0, { qa: 2, qb: 2, qab: 2 }).ff).toBeCloseTo(1, 12);
    const leaky = pairMoments('leaky_relu', 0.2, { qa: 2, qb: 2, qab: 2 });
    expect(leaky.ff).toBeCloseTo(1.04, 12);
    expect(leaky.dd).toBeCloseTo(0.52, 12);
  });
  it('the grid agrees with the closed form away from the kink’s worst case, and with linear exactly', () => {
    const p = { qa: 1.5, qb: 0.7, qab: 0.4 };
    expect(pairMoments('linear', 0, p).ff).toBeCloseTo(0.4, 12);
    const relu = (u: number) => (u > 0 ? u : 0);
    expect(Math.abs(pairExpect(relu, relu, p) - pairMoments('relu', 0, p).ff)).toBeLessThan(2e-3);
  });
});

describe('nextPair', () => {
  it('for a linear net is the affine map of the covariance', () => {
    const p = nextPair('linear', 0, { qa: 1, qb: 2, qab: 0.5 }, 1.5, 0.1);
    expect(p.qa).toBeCloseTo(1.6, 10);
    expect(p.qb).toBeCloseTo(3.1, 10);
    expect(p.qab).toBeCloseTo(0.85, 10);
    expect(correlation(p)).toBeCloseTo(0.85 / Math.sqrt(1.6 * 3.1), 10);
  });
  it('agrees with the variance fixed point on the diagonal', () => {
    const { q } = fixedPoint('tanh', 0, 1, Math.sqrt(1.5), Math.sqrt(0.05));
    const p = nextPair('tanh', 0, { qa: q, qb: q, qab: q }, 1.5, 0.05);
    expect(p.qa).toBeCloseTo(q, 5);
    expect(p.qab).toBeCloseTo(q, 5);
  });
});

describe('the edge of chaos', () => {
  it('without biases sits where σ_w²·φ′(0)² = 1: tanh 1, ReLU 2 (He), leaky ReLU 2/(1 + a²)', () => {
    expect(criticalWeightVariance('tanh', 0, 0)).toBeCloseTo(1, 9);
    expect(criticalWeightVariance('relu', 0, 0)).toBeCloseTo(2, 9);
    expect(criticalWeightVariance('leaky_relu', 0.2, 0)).toBeCloseTo(2 / 1.04, 10);
  });
  it('for ReLU does not move with the bias (χ₁ = σ_w²/2 at any q)', () => {
    expect(criticalWeightVariance('relu', 0, 0.1)).toBeCloseTo(2, 8);
  });
  it('for tanh moves right with σ_b², through Schoenholz et al.’s (σ_w², σ_b²) ≈ (1.76, 0.05), with χ₁ = 1 on it', () => {
    const edge = criticalWeightVariance('tanh', 0, 0.05);
    expect(edge).toBeCloseTo(1.76, 2);
    expect(criticalWeightVariance('tanh', 0, 0.3)).toBeGreaterThan(edge);
    expect(chaosPoint('tanh', 0, edge, 0.05).chi1).toBeCloseTo(1, 6);
  });
});

describe('chaosPoint', () => {
  it('ordered tanh without biases: q* = 0, c* = 1 and ξ = −1/ln σ_w², worked by hand at σ_w² = ½', () => {
    const p = chaosPoint('tanh', 0, 0.5, 0);
    expect(p.phase).toBe('ordered');
    expect(p.q).toBeLessThan(1e-9);
    expect(p.cStar).toBe(1);
    expect(p.depthScale).toBeCloseTo(1 / Math.log(2), 6);
  });
  it('chaotic tanh without biases decorrelates every pair: c* = 0 (tanh is odd)', () => {
    const p = chaosPoint('tanh', 0, 4, 0);
    expect(p.phase).toBe('chaotic');
    expect(p.chi1).toBeGreaterThan(1);
    expect(Math.abs(p.cStar)).toBeLessThan(1e-6);
    expect(p.chiC).toBeLessThan(1);
  });
  it('the depth scale grows without bound toward the edge, from both sides', () => {
    const edge = criticalWeightVariance('tanh', 0, 0.05);
    const xi = (sw2: number) => chaosPoint('tanh', 0, sw2, 0.05).depthScale;
    expect(xi(edge * 0.98)).toBeGreaterThan(xi(edge * 0.8));
    expect(xi(edge * 1.02)).toBeGreaterThan(xi(edge * 1.3));
    expect(xi(edge * 0.98)).toBeGreaterThan(20);
  });
  it('a ReLU net past σ_w² = 2 has no fixed point to settle to: unbounded', () => {
    expect(chaosPoint('relu', 0, 3, 0).phase).toBe('unbounded');
    expect(chaosPoint('relu', 0, 1.5, 0.1).phase).toBe('ordered');
  });
  it('Xavier on a bias-free tanh net is exactly on the edge: q* = 0, χ₁ = 1, no finite depth scale', () => {
    const p = chaosPoint('tanh', 0, 1, 0);
    expect(p.q).toBe(0);
    expect(p.chi1).toBeCloseTo(1, 10);
    expect(p.depthScale).toBe(Infinity);
  });
});
