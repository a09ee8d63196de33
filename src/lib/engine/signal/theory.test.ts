/**
 * The mean-field recursion against identities it must reproduce exactly (He keeps ReLU's
 * variance, Xavier on a square ReLU layer halves it, LeCun keeps linear units', SELU's fixed
 * point) and against a 2-layer case worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type InitChoice } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { actMoments } from './act-math';
import { gaussExpect } from './gauss';
import { borderFraction } from './layers';
import { theoryCurve, whyNoTheory } from './theory';

const exp = (o: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, width: 256, ...o });
const variant = (init: InitChoice, o: Partial<Variant> = {}): Variant => ({ init, bn: 'none', zero: 'none', ...o });
const curve = (e: Experiment, v: Variant, r?: number) => theoryCurve(e, v, { inputSecondMoment: 1, logitGradSecondMoment: r })!;

describe('Gaussian moments', () => {
  it('quadrature agrees with the closed forms to 1e-7, including across a kink off centre', () => {
    const relu = (z: number) => Math.max(0, z);
    expect(gaussExpect((z) => relu(z) ** 2, 0, 2.5)).toBeCloseTo(1.25, 7);
    // E[relu(z)²] for z ~ N(m, s²) = (m² + s²)Φ(m/s) + m·s·φ(m/s); m = -1, s² = 2.
    const m = -1;
    const s = Math.SQRT2;
    const t = m / s;
    const phi = Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
    const cdf = 0.23975006109347669; // Φ(-1/√2)
    expect(gaussExpect((z) => relu(z) ** 2, m, s * s)).toBeCloseTo((m * m + s * s) * cdf + m * s * phi, 7);
    expect(gaussExpect((z) => (z > 0 ? 1 : 0), m, s * s)).toBeCloseTo(cdf, 7);
  });

  it('matches reference values for tanh and SELU (numpy, 200-point Gauss–Hermite)', () => {
    const tanh = actMoments('tanh', 0, 0, 1);
    expect(tanh.m2).toBeCloseTo(0.39429449039784087, 7);
    expect(tanh.d2).toBeCloseTo(0.46440290244826593, 7);
    const selu = actMoments('selu', 0, 0, 1);
    expect(selu.m1).toBeCloseTo(0, 7);
    expect(selu.m2).toBeCloseTo(1, 7);
  });
});

describe('theoryCurve, plain MLP', () => {
  const deep = exp({ depth: 12 });

  it('He on ReLU keeps the forward std exactly constant, and the backward one too', () => {
    const c = curve(deep, variant({ scheme: 'he_normal' }));
    expect(c.forwardStd).toHaveLength(12);
    for (const s of c.forwardStd) expect(s).toBeCloseTo(Math.sqrt(1 - 1 / Math.PI), 12);
    for (const s of c.backwardStd!) expect(s).toBeCloseTo(c.backwardStd![11], 12);
  });

  it('Xavier (gain 1) on square ReLU layers shrinks the std by exactly 1/√2 per layer', () => {
    const c = curve(deep, variant({ scheme: 'xavier_normal' }));
    for (let l = 1; l < 12; l++) expect(c.forwardStd[l] / c.forwardStd[l - 1]).toBeCloseTo(Math.SQRT1_2, 12);
    // Depth 30: the last layer is 2^-14.5 of the first.
    const c30 = curve(exp({ depth: 30 }), variant({ scheme: 'xavier_normal' }));
    expect(c30.forwardStd[29] / c30.forwardStd[0]).toBeCloseTo(2 ** -14.5, 15);
    // Backward, the same factor the other way: n_out·σ²·E[f'²] = 256·(1/256)·(1/2).
    for (let l = 1; l < 12; l++) expect(c.backwardStd![l - 1] / c.backwardStd![l]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('LeCun keeps linear units at unit std; SELU sits at its fixed point', () => {
    const lin = curve(exp({ depth: 8, act: 'linear' }), variant({ scheme: 'lecun_normal' }));
    for (const s of lin.forwardStd) expect(s).toBeCloseTo(1, 12);
    const selu = curve(exp({ depth: 8, act: 'selu' }), variant({ scheme: 'lecun_normal' }));
    for (const s of selu.forwardStd) expect(s).toBeCloseTo(1, 6);
  });

  it('tanh with a tiny fixed std decays geometrically (factor ≈ √(256·0.01²) per layer)', () => {
    const c = curve(exp({ depth: 6, act: 'tanh' }), variant({ scheme: 'normal', std: 0.01 }));
    for (let l = 1; l < 6; l++) expect(c.forwardStd[l] / c.forwardStd[l - 1]).toBeCloseTo(0.16, 2);
    expect(c.forwardStd[5]).toBeLessThan(1e-4);
  });

  it('equals a 2-layer case worked by hand', () => {
    // ReLU, He: v1 = 784·(2/784)·1 = 2, v2 = 256·(2/256)·E[relu(z1)²] = 2·1 = 2;
    // std = √(v/2 − v/(2π)). Backward: E[δ2²] = 10·(2/256)·0.09, E[δ1²] = 256·(2/256)·½·E[δ2²].
    const he = curve(exp({ depth: 2 }), variant({ scheme: 'he_normal' }), 0.09);
    expect(he.forwardStd[0]).toBeCloseTo(Math.sqrt(1 - 1 / Math.PI), 12);
    expect(he.forwardStd[1]).toBeCloseTo(Math.sqrt(1 - 1 / Math.PI), 12);
    expect(he.backwardStd![1]).toBeCloseTo(Math.sqrt((10 * 2 * 0.09) / 256), 12);
    expect(he.backwardStd![0]).toBeCloseTo(Math.sqrt((10 * 2 * 0.09) / 256), 12);
    // Linear, N(0, 0.05²), bias 0.1: v1 = 784·0.0025 = 1.96 (std 1.4), E[h1²] = 1.96 + 0.01,
    // v2 = 256·0.0025·1.97 = 1.2608. Backward: 10·0.0025·0.09 = 0.00225, then ·256·0.0025 = 0.00144.
    const lin = curve(exp({ depth: 2, act: 'linear', bias: 0.1 }), variant({ scheme: 'normal', std: 0.05 }), 0.09);
    expect(lin.forwardStd[0]).toBeCloseTo(1.4, 12);
    expect(lin.forwardStd[1]).toBeCloseTo(Math.sqrt(1.2608), 12);
    expect(lin.backwardStd![1]).toBeCloseTo(Math.sqrt(0.00225), 12);
    expect(lin.backwardStd![0]).toBeCloseTo(Math.sqrt(0.00144), 12);
  });

  it('scales with the measured input moment and logit gradient it is given', () => {
    const e = exp({ depth: 3, act: 'linear' });
    const a = theoryCurve(e, variant({ scheme: 'lecun_normal' }), { inputSecondMoment: 4, logitGradSecondMoment: 0.36 })!;
    for (const s of a.forwardStd) expect(s).toBeCloseTo(2, 12);
    const b = curve(e, variant({ scheme: 'lecun_normal' }), 0.09);
    for (let l = 0; l < 3; l++) expect(a.backwardStd![l] / b.backwardStd![l]).toBeCloseTo(2, 12);
  });

  it('BN before the activation pins every layer at std f(N(0,1)); no backward theory with BN', () => {
    const c = curve(exp({ depth: 5 }), variant({ scheme: 'normal', std: 3 }, { bn: 'before' }));
    for (const s of c.forwardStd) expect(s).toBeCloseTo(Math.sqrt(0.5 - 1 / (2 * Math.PI)), 12);
    expect(c.backwardStd).toBeNull();
    expect(c.note).toMatch(/Yang et al/);
  });

  it('has no curve for constant weights, and says why', () => {
    const v = variant({ scheme: 'constant', value: 0.1 });
    expect(theoryCurve(exp({}), v)).toBeNull();
    expect(whyNoTheory(exp({}), v)).toMatch(/same value/);
    expect(whyNoTheory(exp({}), variant({ scheme: 'he_normal' }))).toBeNull();
  });
});

describe('theoryCurve, CNN and residual nets', () => {
  it('counts the kernel taps that fall inside a zero-padded map', () => {
    expect(borderFraction(28, 3)).toBeCloseTo((82 / 84) ** 2, 14);
    expect(borderFraction(7, 5)).toBeCloseTo((29 / 35) ** 2, 14);
  });

  it('CNN: He loses the border share per layer; a max-pool takes the geometric mean of its two limits', () => {
    const e = exp({ arch: 'cnn', depth: 4, channels: 16, kernel: 3 });
    const c = curve(e, variant({ scheme: 'he_normal' }));
    // Conv 3 -> conv 4, both at 7x7 with no pool between: only the border share is lost.
    expect((c.forwardStd[3] / c.forwardStd[2]) ** 2).toBeCloseTo(borderFraction(7, 3), 12);
    // Pool after conv 1: E[relu(z)²] = v/2 for equal neighbours, v·1.54379 for the max of 4
    // independent ones (numpy reference), so conv 2 sees √(½·1.54379)·v and v2/v1 is
    // n_in·σ²·border = 2·border(14) times that.
    const maxMoment = 1.5437850115272602;
    expect((c.forwardStd[1] / c.forwardStd[0]) ** 2).toBeCloseTo(2 * borderFraction(14, 3) * Math.sqrt(0.5 * maxMoment), 6);
    // Backward into conv 2 (pool after it): ¼ of the gradient, and ReLU's slope at the argmax
    // mixed between ½ (equal limit) and P(max > 0) = 15/16 with the same weight λ.
    const lambda = Math.sqrt(0.5) / (Math.sqrt(0.5) + Math.sqrt(maxMoment));
    const slope2 = (1 - lambda) * 0.5 + lambda * (15 / 16);
    // Between conv 1 and conv 2: E[δ1²] = ¼ · n_out·σ² (= 2) · border(14) · slope2 · E[δ2²].
    expect((c.backwardStd![0] / c.backwardStd![1]) ** 2).toBeCloseTo(0.25 * 2 * borderFraction(14, 3) * slope2, 6);
  });

  it('resmlp with linear units: the textbook q ← q + branch variance', () => {
    // He with gain 1 (linear): the branch maps q to q, so each block doubles the trunk variance.
    const c = curve(exp({ arch: 'resmlp', depth: 3, act: 'linear' }), variant({ scheme: 'he_normal' }));
    const trunk = [0, 2, 4, 6].map((i) => c.forwardStd[i]);
    // Rebinning the trunk onto a grid costs ~1e-4 relative (particles.ts).
    for (let k = 0; k < 4; k++) expect(trunk[k] / Math.sqrt(2 ** k)).toBeCloseTo(1, 3);
    for (let k = 0; k < 3; k++) expect(c.forwardStd[1 + 2 * k] / trunk[k]).toBeCloseTo(1, 3);
  });

  it('resmlp with zeroed branch ends: every block is the identity, and a dead unit stays dead going back', () => {
    const c = curve(exp({ arch: 'resmlp', depth: 3 }), variant({ scheme: 'he_normal' }, { zero: 'kernel' }));
    for (const i of [2, 4, 6]) expect(c.forwardStd[i]).toBeCloseTo(c.forwardStd[0], 4);
    const top = c.backwardStd![6];
    // ReLU'(s) zeroes the half of the units at 0 once; later blocks mask the same units again.
    for (const i of [0, 2, 4]) expect(c.backwardStd![i]).toBeCloseTo(top * Math.SQRT1_2, 4);
    for (const i of [1, 3, 5]) expect(c.backwardStd![i]).toBe(0);
  });

  it('covers every architecture with one value per recorded hidden activation, fast enough to redraw live', () => {
    const t0 = performance.now();
    for (const arch of ['mlp', 'cnn', 'resmlp', 'rescnn'] as const) {
      const e = exp({ arch, depth: arch === 'cnn' ? 6 : 8, act: 'gelu' });
      const c = curve(e, variant({ scheme: 'xavier_uniform' }));
      const count = arch === 'mlp' || arch === 'cnn' ? e.depth : 1 + 2 * e.depth;
      expect(c.forwardStd).toHaveLength(count);
      expect(c.backwardStd).toHaveLength(count);
      for (const s of [...c.forwardStd, ...c.backwardStd!]) expect(Number.isFinite(s) && s > 0).toBe(true);
    }
    const deepRes = exp({ arch: 'resmlp', depth: 32, act: 'tanh' });
    curve(deepRes, variant({ scheme: 'he_normal' }));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
