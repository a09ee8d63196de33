import { describe, expect, it } from 'vitest';
import { fixedPoint } from './fixed-point';

describe('fixedPoint', () => {
  it('tanh, width 128, σ = 1: the chaotic phase (q* ≈ 118.7, χ ≈ 6.2)', () => {
    const { q, chi } = fixedPoint('tanh', 0, 128, 1);
    expect(q).toBeCloseTo(118.7, 1);
    expect(chi).toBeCloseTo(6.2, 1);
  });

  it('linear units: q* stays at its start and χ = n·σ² exactly, which is 1 for σ² = 1/n', () => {
    // q ← n·σ²·q has every q as a fixed point when n·σ² = 1: the iteration stops at once.
    expect(fixedPoint('linear', 0, 256, 1 / 16)).toEqual({ q: 1, chi: 1 });
  });

  it('ReLU under He (σ² = 2/n): χ = n·σ²·½ = 1, the edge between the phases', () => {
    expect(fixedPoint('relu', 0, 64, Math.sqrt(2 / 64)).chi).toBeCloseTo(1, 12);
  });

  it('tanh, small σ: the ordered phase, q* → 0 and χ → n·σ²·tanh′(0)² = n·σ²', () => {
    const { q, chi } = fixedPoint('tanh', 0, 128, 0.01);
    expect(q).toBeLessThan(1e-12);
    expect(chi).toBeCloseTo(128 * 1e-4, 10);
  });
});

describe('fixedPoint on the edge', () => {
  it('tanh at n·σ² = 1 without bias is exactly critical: q* = 0 and χ = 1 (iteration alone creeps there like 1/depth)', () => {
    const { q, chi } = fixedPoint('tanh', 0, 64, 1 / 8);
    expect(q).toBe(0);
    expect(chi).toBeCloseTo(1, 10);
  });
});
