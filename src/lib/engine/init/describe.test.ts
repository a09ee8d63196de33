import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { SCHEMES, type InitChoice } from '../../experiment/config';
import { describeInit } from './describe';
import type { InitContext } from './gains';
import { SCHEME_INFO } from './schemes';
import { texNumber } from './tex';

const relu: InitContext = { act: 'relu', slope: 0.01, gain: 'auto' };

describe('describeInit: hand-worked values', () => {
  it('he_normal under relu on [784,256]: sigma = sqrt(2/784)', () => {
    const d = describeInit({ scheme: 'he_normal' }, [784, 256], relu);
    expect(d.std).toBeCloseTo(0.050508, 6);
    expect(d.std).toBeCloseTo(Math.sqrt(2 / 784), 15);
    expect(d.gain).toBeCloseTo(Math.SQRT2, 15);
    expect(d.distribution).toBe('normal');
    expect(d.bound).toBeNull();
    expect(d.substitutedTex).toBe('\\sigma = 1.414/\\sqrt{784} = 0.05051');
  });

  it('he_normal fan_out on a conv kernel uses kh*kw*cout', () => {
    const d = describeInit({ scheme: 'he_normal', mode: 'fan_out' }, [3, 3, 16, 32], relu);
    expect(d.std).toBeCloseTo(Math.sqrt(2 / 288), 15);
    expect(d.formulaTex).toBe('\\sigma = g/\\sqrt{n_{out}}');
  });

  it('xavier_uniform on [784,256]: bound = sqrt(6/1040)', () => {
    const d = describeInit({ scheme: 'xavier_uniform' }, [784, 256], relu);
    expect(d.bound).toBeCloseTo(0.075955, 6);
    expect(d.std).toBeCloseTo(Math.sqrt(6 / 1040) / Math.sqrt(3), 15);
    expect(d.gain).toBe(1);
    expect(d.substitutedTex).toBe('a = 1\\cdot\\sqrt{6/(784+256)} = 0.07596');
  });

  it('xavier_normal on [784,256]: sigma = sqrt(2/1040)', () => {
    const d = describeInit({ scheme: 'xavier_normal' }, [784, 256], relu);
    expect(d.std).toBeCloseTo(0.043853, 6);
    expect(d.substitutedTex).toBe('\\sigma = 1\\cdot\\sqrt{2/(784+256)} = 0.04385');
  });

  it('torch_default on [256,10]: bound = 1/16, and ignores any gain', () => {
    const d = describeInit({ scheme: 'torch_default', gain: 5 }, [256, 10], { ...relu, gain: 3 });
    expect(d.bound).toBe(1 / 16);
    expect(d.std).toBeCloseTo(1 / Math.sqrt(3 * 256), 15);
    expect(d.gain).toBeNull();
  });

  it('lecun_* share he_* formulas but default to gain 1', () => {
    const d = describeInit({ scheme: 'lecun_uniform' }, [784, 256], relu);
    expect(d.bound).toBeCloseTo(Math.sqrt(3 / 784), 15);
    const n = describeInit({ scheme: 'lecun_normal', mode: 'fan_out' }, [784, 256], relu);
    expect(n.std).toBeCloseTo(1 / 16, 15);
  });

  it('orthogonal reports sigma = g / sqrt(max(rows, cols))', () => {
    const act: InitContext = { ...relu, gain: 'act' };
    expect(describeInit({ scheme: 'orthogonal' }, [784, 256], act).std).toBeCloseTo(Math.SQRT2 / 28, 15);
    expect(describeInit({ scheme: 'orthogonal' }, [16, 64], relu).std).toBeCloseTo(1 / 8, 15);
  });

  it('zeros, constant, fixed normal and uniform take their parameters or defaults', () => {
    expect(describeInit({ scheme: 'zeros' }, [4, 4], relu)).toMatchObject({ mean: 0, std: 0 });
    expect(describeInit({ scheme: 'constant' }, [4, 4], relu)).toMatchObject({ mean: 0.1, std: 0 });
    expect(describeInit({ scheme: 'constant', value: -2 }, [4], relu).mean).toBe(-2);
    expect(describeInit({ scheme: 'normal' }, [4, 4], relu).std).toBe(0.01);
    expect(describeInit({ scheme: 'normal', std: 0 }, [4, 4], relu).std).toBe(0);
    expect(describeInit({ scheme: 'uniform' }, [4, 4], relu).bound).toBe(0.05);
    expect(describeInit({ scheme: 'uniform', limit: 0.3 }, [4, 4], relu).std).toBeCloseTo(0.3 / Math.sqrt(3), 15);
  });

  it('refuses parameters that would give a meaningless distribution', () => {
    const bad: InitChoice[] = [
      { scheme: 'normal', std: -1 },
      { scheme: 'uniform', limit: Number.NaN },
      { scheme: 'he_normal', gain: -1 },
      { scheme: 'orthogonal', gain: Infinity },
      { scheme: 'constant', value: Infinity },
    ];
    for (const choice of bad) expect(() => describeInit(choice, [4, 4], relu)).toThrow(RangeError);
    // A negative constant is a legitimate (if odd) choice.
    expect(describeInit({ scheme: 'constant', value: -3 }, [4], relu).mean).toBe(-3);
  });
});

describe('formulas are valid KaTeX', () => {
  const variants: InitChoice[] = SCHEMES.flatMap((scheme) => [
    { scheme },
    { scheme, mode: 'fan_out' as const, gain: 1e-7, std: 123456.7, limit: 2e-9, value: -0.25 },
  ]);
  const shapes = [[784, 256], [16, 64], [3, 3, 16, 32], [10]];
  const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: 'error' });

  it('for every scheme, mode and shape, general and substituted', () => {
    for (const s of SCHEMES) expect(() => render(SCHEME_INFO[s].formulaTex)).not.toThrow();
    for (const choice of variants) {
      for (const shape of shapes) {
        const d = describeInit(choice, shape, relu);
        expect(() => render(d.formulaTex), d.formulaTex).not.toThrow();
        expect(() => render(d.substitutedTex), d.substitutedTex).not.toThrow();
      }
    }
  });

  it('shows 4 significant digits, exact integers and KaTeX exponents', () => {
    expect(texNumber(Math.SQRT2)).toBe('1.414');
    expect(texNumber(5 / 3)).toBe('1.667');
    expect(texNumber(1)).toBe('1');
    expect(texNumber(0.0625)).toBe('0.0625');
    expect(texNumber(12544)).toBe('12544');
    expect(texNumber(1.23456e-7)).toBe('1.235\\times 10^{-7}');
    expect(texNumber(-0.5)).toBe('-0.5');
  });
});

describe('SCHEME_INFO', () => {
  it('covers every scheme and agrees with resolveGain on which take a gain', () => {
    for (const s of SCHEMES) {
      const info = SCHEME_INFO[s];
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.summary.length).toBeGreaterThan(0);
      expect(info.params.includes('gain')).toBe(info.usesGain);
      const d = describeInit({ scheme: s }, [8, 8], relu);
      expect(d.gain === null).toBe(!info.usesGain);
    }
  });
});
