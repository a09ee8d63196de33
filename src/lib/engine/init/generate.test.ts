import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InitChoice } from '../../experiment/config';
import { deriveSeed } from '../../random/prng';
import { describeInit } from './describe';
import type { InitContext } from './gains';
import { generateWeights } from './generate';

const relu: InitContext = { act: 'relu', slope: 0.01, gain: 'auto' };

const SHAPES: number[][] = [
  [784, 256],
  [256, 256],
  [256, 10],
  [3, 3, 1, 16],
  [5, 5, 16, 32],
  [3, 3, 32, 64],
];

const RANDOM: InitChoice[] = [
  { scheme: 'normal' },
  { scheme: 'normal', std: 0.3 },
  { scheme: 'uniform' },
  { scheme: 'xavier_uniform' },
  { scheme: 'xavier_normal' },
  { scheme: 'he_uniform', mode: 'fan_in' },
  { scheme: 'he_uniform', mode: 'fan_out' },
  { scheme: 'he_normal', mode: 'fan_in' },
  { scheme: 'he_normal', mode: 'fan_out' },
  { scheme: 'lecun_uniform' },
  { scheme: 'lecun_normal' },
  { scheme: 'torch_default' },
  { scheme: 'orthogonal' },
];

/**
 * At least 200k pooled entries: the sd of a variance estimate is then sqrt(2/N) = 0.32%
 * for normals (less for uniforms), so the 3% tolerance is ~9 sd and cannot be met by luck
 * by a wrong formula, yet a 2-sigma-truncated normal (0.77x) fails by a mile.
 */
const MIN_ENTRIES = 200_000;

function pooledStats(choice: InitChoice, shape: number[]) {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let seed = 1; n < MIN_ENTRIES; seed++) {
    const w = generateWeights(choice, shape, relu, deriveSeed(seed, 'stats'));
    for (let i = 0; i < w.length; i++) {
      const x = w[i];
      sum += x;
      sumSq += x * x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    n += w.length;
  }
  const mean = sum / n;
  return { n, mean, variance: sumSq / n - mean * mean, min, max };
}

describe('generateWeights: the draws match the reported distribution', () => {
  for (const shape of SHAPES) {
    for (const choice of RANDOM) {
      const extra = choice.mode ?? (choice.std !== undefined ? `std=${choice.std}` : '');
      it(`${[choice.scheme, extra].filter(Boolean).join(' ')} on [${shape}]`, () => {
        const info = describeInit(choice, shape, relu);
        const s = pooledStats(choice, shape);
        const want = info.std ** 2;
        const relErr = Math.abs(s.variance / want - 1);
        expect(relErr, `variance ${s.variance} vs ${want}`).toBeLessThan(0.03);
        expect(Math.abs(s.mean)).toBeLessThan((5 * info.std) / Math.sqrt(s.n));
        if (info.distribution === 'uniform') {
          const b = info.bound!;
          // Entries are float32: the draw lies in [-b, b) in float64, and rounding can only
          // take it to fround(b), never past it.
          const b32 = Math.fround(b);
          expect(s.max).toBeLessThanOrEqual(b32);
          expect(s.min).toBeGreaterThanOrEqual(-b32);
          expect(s.max).toBeGreaterThan(0.99 * b);
          expect(s.min).toBeLessThan(-0.99 * b);
        }
      });
    }
  }
});

describe('generateWeights: specific properties', () => {
  afterEach(() => vi.restoreAllMocks());

  it('he_normal is untruncated: ~4.55% of |w| beyond 2 sigma, ~0.27% beyond 3 sigma', () => {
    const choice: InitChoice = { scheme: 'he_normal' };
    const std = describeInit(choice, [784, 256], relu).std;
    const w = generateWeights(choice, [784, 256], relu, 5);
    let beyond2 = 0;
    let beyond3 = 0;
    for (const x of w) {
      if (Math.abs(x) > 2 * std) beyond2++;
      if (Math.abs(x) > 3 * std) beyond3++;
    }
    expect(beyond2 / w.length).toBeGreaterThan(0.038);
    expect(beyond2 / w.length).toBeLessThan(0.053);
    expect(beyond3 / w.length).toBeGreaterThan(0.002);
    expect(beyond3 / w.length).toBeLessThan(0.0035);
  });

  it('zeros are exactly zero, constant exactly its value', () => {
    const z = generateWeights({ scheme: 'zeros' }, [784, 256], relu, 1);
    expect(z.every((x) => x === 0)).toBe(true);
    const c = generateWeights({ scheme: 'constant', value: 0.25 }, [3, 3, 16, 32], relu, 1);
    expect(c.length).toBe(4608);
    expect(c.every((x) => x === 0.25)).toBe(true);
    const d = generateWeights({ scheme: 'constant' }, [10], relu, 1);
    expect(d.every((x) => x === Math.fround(0.1))).toBe(true);
  });

  it('normal with std 0 gives zeros (TF.js silently substitutes 0.05)', () => {
    const w = generateWeights({ scheme: 'normal', std: 0 }, [64, 64], relu, 3);
    expect(w.every((x) => x === 0)).toBe(true);
  });

  it('same seed => bit-identical; another seed => different', () => {
    for (const choice of RANDOM) {
      const a = generateWeights(choice, [256, 10], relu, 42);
      const b = generateWeights(choice, [256, 10], relu, 42);
      const c = generateWeights(choice, [256, 10], relu, 43);
      expect(b).toEqual(a);
      expect(new Uint32Array(b.buffer)).toEqual(new Uint32Array(a.buffer));
      expect(c).not.toEqual(a);
    }
  });

  it('two same-shaped layers with per-layer derived seeds get different kernels', () => {
    for (const choice of RANDOM) {
      const l0 = generateWeights(choice, [256, 256], relu, deriveSeed(1, 'layer', 0));
      const l1 = generateWeights(choice, [256, 256], relu, deriveSeed(1, 'layer', 1));
      let same = 0;
      for (let i = 0; i < l0.length; i++) if (l0[i] === l1[i]) same++;
      expect(same).toBeLessThan(10);
    }
  });

  it('never touches Math.random', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    for (const choice of RANDOM) generateWeights(choice, [16, 8], relu, 7);
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns one entry per kernel element, row-major in the TF.js shape', () => {
    expect(generateWeights({ scheme: 'he_normal' }, [3, 3, 16, 32], relu, 1).length).toBe(4608);
    expect(generateWeights({ scheme: 'orthogonal' }, [10], relu, 1).length).toBe(10);
  });
});
