/**
 * The shared Gaussian expectations, normal cdf and activations against reference values:
 * the engine's theory curve and gains and the explanation cards all quote these.
 */
import { describe, expect, it } from 'vitest';
import { activationGain } from '../init/gains';
import { activationDeriv, activationFn } from './act-math';
import { erfc, gaussExpect, normalCdf } from './gauss';

describe('Gaussian expectations', () => {
  it('reproduce known moments', () => {
    expect(gaussExpect((z) => z * z)).toBeCloseTo(1, 10);
    expect(gaussExpect((z) => z ** 4, 0, 4)).toBeCloseTo(3 * 16, 8);
    expect(gaussExpect((z) => (z > 0 ? z * z : 0))).toBeCloseTo(0.5, 6);
    expect(gaussExpect((z) => z, 2, 9)).toBeCloseTo(2, 10);
    expect(gaussExpect((z) => z * z, 3, 0)).toBe(9);
  });

  it('erfc and Φ match reference values', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(2)).toBeCloseTo(0.004677734981047266, 15);
    expect(erfc(4) / 1.541725790028002e-8).toBeCloseTo(1, 12);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
  });

  it('SELU has mean 0 and second moment 1 at N(0, 1), as Klambauer et al. designed', () => {
    const f = activationFn('selu', 0);
    expect(gaussExpect(f)).toBeCloseTo(0, 4);
    expect(gaussExpect((z) => f(z) ** 2)).toBeCloseTo(1, 4);
  });

  it('the lab’s ELU and GELU gains are 1/√E[f(z)²]', () => {
    for (const act of ['elu', 'gelu'] as const) {
      const f = activationFn(act, 0);
      expect(1 / Math.sqrt(gaussExpect((z) => f(z) ** 2))).toBeCloseTo(activationGain(act, 0), 4);
    }
  });

  it('derivatives match finite differences', () => {
    for (const act of ['tanh', 'sigmoid', 'elu', 'selu', 'gelu'] as const) {
      const f = activationFn(act, 0);
      const d = activationDeriv(act, 0);
      for (const z of [-2, -0.3, 0.7, 1.9]) expect(d(z)).toBeCloseTo((f(z + 1e-6) - f(z - 1e-6)) / 2e-6, 6);
    }
  });
});
