import { describe, expect, it } from 'vitest';
import { decodeExperiment } from '../experiment/url';
import { gaussExpect } from '../engine/signal/gauss';
import { gaussianProductEdge } from './cards/orthogonal';
import { KERAS_TRUNC_CONSTANT, TRUNC_STD, TRUNC_VAR } from './cards/truncated';
import { tanhFixedPoint } from './cards/lecun-gains';
import { fmt } from './format';
import { perLayerFactor, predictSignal } from './signal';
import { firstSentence } from './summary';

describe('constants the cards quote', () => {
  it('the 2σ-truncated normal has Keras’s std', () => {
    expect(TRUNC_STD).toBeCloseTo(KERAS_TRUNC_CONSTANT, 9);
    expect(TRUNC_VAR).toBeCloseTo(0.7737413, 6);
  });

  it('the Fuss–Catalan edge is 4 for one Gaussian matrix and ≈ e(L+1) for many', () => {
    expect(gaussianProductEdge(1)).toBeCloseTo(4, 12);
    expect(gaussianProductEdge(1000) / (Math.E * 1001)).toBeCloseTo(1, 3);
  });

  it('tanh with gain 5/3 settles at a finite variance', () => {
    const q = tanhFixedPoint(5 / 3);
    expect(q).toBeGreaterThan(0.5);
    expect(q).toBeLessThan(3);
    const again = (5 / 3) ** 2 * gaussExpect((z) => Math.tanh(z) ** 2, 0, q);
    expect(again).toBeCloseTo(q, 9);
  });
});

describe('mean-field prediction', () => {
  const exp = (q: string) => decodeExperiment(q).experiment;

  it('He keeps a ReLU MLP’s variance, Xavier halves it per square layer', () => {
    const e = exp('depth=10&width=256&act=relu&init=he_normal,xavier_normal');
    const he = predictSignal(e, e.init[0], 'none')!;
    expect(he[0].preStd).toBeCloseTo(Math.SQRT2, 10);
    for (const l of he) expect(l.preStd).toBeCloseTo(Math.SQRT2, 4);
    expect(perLayerFactor(he)).toBeCloseTo(1, 4);
    expect(perLayerFactor(predictSignal(e, e.init[1], 'none')!)).toBeCloseTo(0.5, 4);
  });

  it('batch norm before the activation hands the next layer unit-variance inputs', () => {
    const e = exp('depth=5&width=256&act=relu&init=normal:std=0.001');
    const plain = predictSignal(e, e.init[0], 'none')!;
    const bn = predictSignal(e, e.init[0], 'before')!;
    expect(plain[4].preStd).toBeCloseTo(Math.sqrt(784e-6 * (256e-6 * 0.5) ** 4), 15);
    // After BN, ReLU of N(0, 1) has second moment 1/2: each next layer sees 256·σ²·½.
    expect(bn[4].preStd).toBeCloseTo(Math.sqrt(256 * 1e-6 * 0.5), 4);
  });

  it('flags nothing it cannot describe', () => {
    const cnn = exp('arch=cnn&init=he_normal');
    expect(predictSignal(cnn, cnn.init[0], 'none')).toBeNull();
    const zeros = exp('init=zeros');
    expect(predictSignal(zeros, zeros.init[0], 'none')).toBeNull();
  });
});

describe('formatting', () => {
  it('prints numbers the way the cards say them', () => {
    expect(fmt(Math.SQRT2 / 16)).toBe('0.0884');
    expect(fmt(0.05)).toBe('0.05');
    expect(fmt(200704)).toBe('200,704');
    expect(fmt(1.18e-19)).toBe('1.18×10⁻¹⁹');
    expect(fmt(1.24e7)).toBe('1.24×10⁷');
    expect(fmt(3518.4)).toBe('3,518');
    expect(fmt(999.96)).toBe('1,000');
    expect(fmt(150, 2)).toBe('150');
    expect(fmt(Infinity)).toBe('∞');
  });

  it('finds the first sentence without cutting at decimals', () => {
    expect(firstSentence('About 0.77× the variance. Then more.')).toBe('About 0.77× the variance.');
    expect(firstSentence('U(±1/√n), variance 1/(3·n). Rest')).toBe('U(±1/√n), variance 1/(3·n).');
    expect(firstSentence('One sentence only')).toBe('One sentence only');
  });
});
