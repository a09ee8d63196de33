import { describe, expect, it } from 'vitest';
import type { InitChoice, SchemeId } from '../../experiment/config';
import { activationGain, resolveGain, varPreservingGain, type InitContext } from './gains';

describe('activationGain', () => {
  it("matches PyTorch's calculate_gain", () => {
    expect(activationGain('linear', 0)).toBe(1);
    expect(activationGain('sigmoid', 0)).toBe(1);
    expect(activationGain('tanh', 0)).toBeCloseTo(5 / 3, 15);
    expect(activationGain('relu', 0)).toBeCloseTo(Math.SQRT2, 15);
    expect(activationGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(activationGain('leaky_relu', 0.01)).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
    // slope 1 makes leaky_relu the identity
    expect(activationGain('leaky_relu', 1)).toBeCloseTo(1, 15);
    expect(activationGain('selu', 0)).toBe(0.75);
  });

  it('uses the variance-preserving gain for elu, checked against its closed form', () => {
    // E[elu(z)^2] = E[z^2; z > 0] + E[(e^z - 1)^2; z < 0]
    //             = 1/2 + (e^2 Phi(-2) - 2 e^{1/2} Phi(-1) + 1/2), an independent route.
    const phiM1 = 0.15865525393145707;
    const phiM2 = 0.022750131948179195;
    const e2 = 0.5 + Math.E ** 2 * phiM2 - 2 * Math.exp(0.5) * phiM1 + 0.5;
    expect(activationGain('elu', 0)).toBeCloseTo(1 / Math.sqrt(e2), 7);
    expect(activationGain('elu', 0)).toBeCloseTo(1.2451983007, 7);
  });

  it('uses the variance-preserving gain for gelu (reference from mpmath quadrature)', () => {
    expect(activationGain('gelu', 0)).toBeCloseTo(1.5335304412, 6);
  });

  it('computes variance-preserving gains that agree with the exact ones where they exist', () => {
    expect(varPreservingGain((z) => Math.max(0, z))).toBeCloseTo(Math.SQRT2, 8);
    expect(varPreservingGain((z) => z)).toBeCloseTo(1, 8);
    // tanh's variance-preserving gain is not PyTorch's 5/3 (a heuristic): 1.5925...
    expect(varPreservingGain(Math.tanh)).toBeCloseTo(1.5925374197, 7);
  });
});

describe('resolveGain', () => {
  const relu: InitContext = { act: 'relu', slope: 0.01, gain: 'auto' };
  const tanh: InitContext = { act: 'tanh', slope: 0.01, gain: 'auto' };
  const c = (scheme: SchemeId, extra: Partial<InitChoice> = {}): InitChoice => ({
    scheme,
    ...extra,
  });

  it("auto: he_* take the activation's gain, xavier/lecun/orthogonal take 1", () => {
    expect(resolveGain(c('he_normal'), relu)).toBeCloseTo(Math.SQRT2, 15);
    expect(resolveGain(c('he_uniform'), relu)).toBeCloseTo(Math.SQRT2, 15);
    expect(resolveGain(c('he_normal'), tanh)).toBeCloseTo(5 / 3, 15);
    expect(resolveGain(c('he_normal'), { ...relu, act: 'leaky_relu', slope: 0.2 })).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    const one = ['xavier_uniform', 'xavier_normal', 'lecun_uniform', 'lecun_normal', 'orthogonal'];
    for (const s of one as SchemeId[]) {
      expect(resolveGain(c(s), relu)).toBe(1);
      expect(resolveGain(c(s), tanh)).toBe(1);
    }
  });

  it("act: every gain-taking scheme takes the activation's gain", () => {
    const act: InitContext = { ...relu, gain: 'act' };
    expect(resolveGain(c('xavier_normal'), act)).toBeCloseTo(Math.SQRT2, 15);
    expect(resolveGain(c('xavier_uniform'), act)).toBeCloseTo(Math.SQRT2, 15);
    expect(resolveGain(c('lecun_normal'), act)).toBeCloseTo(Math.SQRT2, 15);
    expect(resolveGain(c('orthogonal'), { ...act, act: 'tanh' })).toBeCloseTo(5 / 3, 15);
  });

  it('a numeric ctx.gain applies to every gain-taking scheme, and choice.gain overrides it', () => {
    const num: InitContext = { ...relu, gain: 0.5 };
    expect(resolveGain(c('he_normal'), num)).toBe(0.5);
    expect(resolveGain(c('xavier_uniform'), num)).toBe(0.5);
    expect(resolveGain(c('he_normal', { gain: 3 }), num)).toBe(3);
    expect(resolveGain(c('xavier_uniform', { gain: 2 }), relu)).toBe(2);
    expect(resolveGain(c('orthogonal', { gain: 0 }), { ...relu, gain: 'act' })).toBe(0);
  });

  it('gives null for schemes without a gain, whatever is set', () => {
    for (const s of ['zeros', 'constant', 'normal', 'uniform', 'torch_default'] as const) {
      expect(resolveGain(c(s), relu)).toBeNull();
      expect(resolveGain(c(s, { gain: 2 }), { ...relu, gain: 3 })).toBeNull();
      expect(resolveGain(c(s), { ...relu, gain: 'act' })).toBeNull();
    }
  });
});
