import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { fussCatalanCurve, fussCatalanMass, fussCatalanMoment } from './fuss-catalan';
import { variantSpectra } from './spectrum';

/** ∫ x^k f(x) dx along the sampled curve (trapezoid in x). */
function moment(s: number, k: number): number {
  const c = fussCatalanCurve(s, 200000);
  let sum = 0;
  for (let i = 0; i + 1 < c.length; i++) {
    const fa = c[i].density * c[i].x ** k;
    const fb = c[i + 1].density * c[i + 1].x ** k;
    sum += ((fa + fb) / 2) * Math.abs(c[i].x - c[i + 1].x);
  }
  return sum;
}

describe('the Fuss–Catalan law', () => {
  it('its moments are the Fuss–Catalan numbers, worked by hand', () => {
    expect(fussCatalanMoment(1, 2)).toBe(2); // C(4, 2)/3
    expect(fussCatalanMoment(2, 2)).toBe(3); // C(6, 2)/5 = s + 1
    expect(fussCatalanMoment(2, 3)).toBe(12); // C(9, 3)/7
    expect(fussCatalanMoment(5, 1)).toBe(1);
  });

  it('at s = 1 is Marchenko–Pastur with ratio 1, √((4 − x)/x)/(2π)', () => {
    for (const p of fussCatalanCurve(1, 50).filter((_, i) => i % 7 === 3)) {
      expect(p.density).toBeCloseTo(Math.sqrt((4 - p.x) / p.x) / (2 * Math.PI), 10);
    }
  });

  it('the parametric density integrates to 1 and to the Fuss–Catalan moments (s = 1, 2, 4)', () => {
    for (const s of [1, 2, 4]) {
      // The density of s ≥ 2 diverges like x^(−s/(s+1)) at 0, which the curve's last samples cut short.
      expect(moment(s, 0)).toBeCloseTo(1, 2);
      for (const k of [1, 2, 3]) expect(Math.abs(moment(s, k) / fussCatalanMoment(s, k) - 1)).toBeLessThan(1e-3);
    }
  });

  it('puts its mass in intervals, and refuses a non-integer number of factors', () => {
    const mass = fussCatalanMass(1, [0, 1, 2, 3, 4]);
    expect(mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    // Marchenko–Pastur at ratio 1 has its mass piled toward 0: P(x < 1) = 1/3 + √3/(2π) ≈ 0.609.
    expect(mass[0]).toBeCloseTo(1 / 3 + Math.sqrt(3) / (2 * Math.PI), 3);
    expect(() => fussCatalanCurve(1.5)).toThrow(/whole number/);
  });

  it('is what the lab’s linear Gaussian nets show: E[σ²] ≈ 1 and E[σ⁴] ≈ s + 1', () => {
    // 5 hidden layers: J is a product of s = 4 Gaussian layers with σ_w² = 1 (He, linear: gain 1).
    const e: Experiment = { ...DEFAULT_EXPERIMENT, act: 'linear', depth: 5, width: 128, bias: 0, init: [{ scheme: 'he_normal' }] };
    const digit = Float32Array.from({ length: 784 }, (_, i) => Math.sin(i));
    const x = [1, 2, 3].flatMap((seed) => Array.from(variantSpectra({ ...e, seed }, [digit])[0].values, (v) => v * v));
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const second = x.reduce((a, b) => a + b * b, 0) / x.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.15);
    // Finite width pulls the top edge in; 3 draws of width 128 land within 25% of the limit 5.
    expect(Math.abs(second / 5 - 1)).toBeLessThan(0.25);
  });
});
