import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { theoryCurve } from './theory';
import { CHECKED_MIN_WIDTH, theoryExactness } from './theory-exactness';

const exp = (o: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, width: 512, ...o });
const variant = (o: Partial<Variant> = {}): Variant => ({ init: { scheme: 'he_normal' }, bn: 'none', zero: 'none', ...o });
const level = (e: Experiment, v: Variant = variant()) => theoryExactness(e, v).level;

describe('theoryExactness', () => {
  it('plain MLPs without BN are checked for every activation, bias and init the wide tests cover', () => {
    for (const act of ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', 'elu', 'selu', 'gelu'] as const) {
      expect(level(exp({ act }))).toBe('checked');
    }
    expect(level(exp({ bias: 0.1 }))).toBe('checked');
    expect(level(exp({ act: 'tanh' }), variant({ init: { scheme: 'orthogonal' } }))).toBe('checked');
    expect(level(exp({}), variant({ init: { scheme: 'xavier_uniform' } }))).toBe('checked');
  });

  it('BN on a plain MLP is checked with ReLU only (and, after the activation, zero bias)', () => {
    for (const bn of ['before', 'after'] as const) {
      expect(level(exp({}), variant({ bn }))).toBe('checked');
      const tanh = theoryExactness(exp({ act: 'tanh' }), variant({ bn }));
      expect(tanh.level).toBe('approximate');
      expect(tanh.reason).toMatch(/batch norm.*only with ReLU/);
    }
    expect(level(exp({ bias: 0.1 }), variant({ bn: 'before' }))).toBe('checked');
    expect(theoryExactness(exp({ bias: 0.1 }), variant({ bn: 'after' })).reason).toMatch(/zero biases/);
  });

  it('residual MLPs are checked with ReLU, no BN and any zero-init; otherwise approximate', () => {
    for (const zero of ['none', 'kernel', 'gamma', 'alpha', 'both'] as const) {
      expect(level(exp({ arch: 'resmlp' }), variant({ zero }))).toBe('checked');
    }
    expect(theoryExactness(exp({ arch: 'resmlp' }), variant({ bn: 'before' })).reason).toMatch(/batch norm/);
    expect(theoryExactness(exp({ arch: 'resmlp', act: 'tanh' }), variant()).reason).toMatch(/only with ReLU/);
    expect(theoryExactness(exp({ arch: 'resmlp', bias: 0.1 }), variant()).reason).toMatch(/zero biases/);
  });

  it('convolutional nets are always approximate, and say why', () => {
    for (const arch of ['cnn', 'rescnn'] as const) {
      for (const bn of ['none', 'before'] as const) {
        const x = theoryExactness(exp({ arch }), variant({ bn }));
        expect(x.level).toBe('approximate');
        expect(x.reason).toMatch(/^Approximate: .*max-pooling/);
      }
    }
  });

  it('below the narrowest checked width every curve is approximate', () => {
    expect(CHECKED_MIN_WIDTH).toBe(256);
    expect(level(exp({ width: 255 }))).toBe('approximate');
    expect(level(exp({ width: 256 }))).toBe('checked');
    expect(theoryExactness(exp({ arch: 'resmlp', width: 128 }), variant({ zero: 'kernel' })).reason).toMatch(/width 256/);
  });

  it('travels with the theory curve', () => {
    expect(theoryCurve(exp({ arch: 'cnn', depth: 3 }), variant())!.exactness.level).toBe('approximate');
    expect(theoryCurve(exp({ depth: 3 }), variant())!.exactness).toEqual(theoryExactness(exp({ depth: 3 }), variant()));
  });
});
