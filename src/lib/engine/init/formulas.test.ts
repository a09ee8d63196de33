/**
 * The draws against formulas worked by hand. generate.test.ts compares the empirical
 * variance with the std describeInit reports, which cannot catch a formula bug shared by
 * both (they are one function). Here every expected value is a numeric literal with its
 * arithmetic in a comment, so a wrong fan, gain or constant in describe.ts, gains.ts or
 * fans.ts fails, whatever the lab says about itself; describeInit is held to the same literals.
 *
 * Sample size and tolerance. Every case pools ≥ 200,000 entries (the dense kernel is one
 * draw of 784·256 = 200,704; the conv kernel, 4,608 entries, is drawn 44 times with
 * independent seeds: 202,752). The standard error of a sample variance is σ²·√(Var(w²)/σ⁴/N):
 *   normal:  Var(w²) = 3σ⁴ − σ⁴ = 2σ⁴          → σ²·√(2/N)   = 0.316% of σ² at N = 200,704
 *   uniform: Var(w²) = b⁴/5 − b⁴/9 = 0.8·(b²/3)² → σ²·√(0.8/N) = 0.200% of σ²
 * The test allows 5 standard errors (1.58% normal, 1.00% uniform): a correct formula fails
 * with probability ~6e-7, and a formula off by 1.6% in variance (0.8% in std) fails. The
 * README's "within 3%" is 9.5 standard errors for normals and 15 for uniforms at this N.
 * The mean is held to 5 standard errors of a mean, 5σ/√N.
 * For uniforms the bound is checked far more sharply than the variance: no draw exceeds
 * fround(b), and the largest |w| of N draws falls short of b by a fraction ε only with
 * probability (1 − ε)^N, e^−20 for ε = 1e-4 — so a bound off by 0.01% is caught.
 */
import { describe, expect, it } from 'vitest';
import type { InitChoice } from '../../experiment/config';
import { SCHEMES } from '../../experiment/config';
import { deriveSeed } from '../../random/prng';
import { describeInit } from './describe';
import type { InitContext } from './gains';
import { generateWeights } from './generate';

const relu: InitContext = { act: 'relu', slope: 0.01, gain: 'auto' };
const tanh: InitContext = { act: 'tanh', slope: 0.01, gain: 'auto' };
const leaky02: InitContext = { act: 'leaky_relu', slope: 0.2, gain: 'auto' };
const selu: InitContext = { act: 'selu', slope: 0.01, gain: 'auto' };

const DENSE = [784, 256]; // fan_in 784, fan_out 256
const CONV = [3, 3, 16, 32]; // fan_in 3·3·16 = 144, fan_out 3·3·32 = 288
const MIN_ENTRIES = 200_000;

interface Case {
  name: string;
  choice: InitChoice;
  shape: number[];
  ctx: InitContext;
  /** σ², a literal. */
  variance: number;
  /** Half-width of a uniform, a literal. */
  bound?: number;
}

const dense = (name: string, choice: InitChoice, variance: number, bound?: number, ctx = relu): Case => ({
  name,
  choice,
  shape: DENSE,
  ctx,
  variance,
  bound,
});
const conv = (name: string, choice: InitChoice, variance: number, bound?: number, ctx = relu): Case => ({
  name,
  choice,
  shape: CONV,
  ctx,
  variance,
  bound,
});

const RANDOM_CASES: Case[] = [
  // Fixed scale: the layer size plays no part.
  dense('normal, default std', { scheme: 'normal' }, 0.0001), // σ² = 0.01² = 0.0001
  conv('normal, std 0.3', { scheme: 'normal', std: 0.3 }, 0.09), // σ² = 0.3² = 0.09
  dense('uniform, default limit', { scheme: 'uniform' }, 0.000833333, 0.05), // σ² = 0.05²/3 = 0.0025/3
  conv('uniform, limit 0.2', { scheme: 'uniform', limit: 0.2 }, 0.0133333, 0.2), // σ² = 0.04/3

  // Glorot: σ² = g²·2/(fan_in + fan_out), bound = g·√(6/(fan_in + fan_out)); gain 1 under auto.
  dense('xavier_uniform', { scheme: 'xavier_uniform' }, 0.00192308, 0.0759555), // 2/1040; √(6/1040) = √0.00576923
  conv('xavier_uniform', { scheme: 'xavier_uniform' }, 0.00462963, 0.117851), // 2/432; √(6/432) = √0.0138889
  dense('xavier_normal', { scheme: 'xavier_normal' }, 0.00192308), // 2/1040
  conv('xavier_normal', { scheme: 'xavier_normal' }, 0.00462963), // 2/432

  // He under ReLU (gain √2): σ² = 2/fan, bound = √(6/fan).
  dense('he_uniform fan_in', { scheme: 'he_uniform' }, 0.00255102, 0.0874818), // 2/784; √(6/784) = √0.00765306
  dense('he_uniform fan_out', { scheme: 'he_uniform', mode: 'fan_out' }, 0.0078125, 0.153093), // 2/256; √(6/256) = √0.0234375
  conv('he_uniform fan_in', { scheme: 'he_uniform' }, 0.0138889, 0.204124), // 2/144; √(6/144) = √0.0416667
  conv('he_uniform fan_out', { scheme: 'he_uniform', mode: 'fan_out' }, 0.00694444, 0.144338), // 2/288; √(6/288) = √0.0208333
  dense('he_normal fan_in', { scheme: 'he_normal' }, 0.00255102), // 2/784
  dense('he_normal fan_out', { scheme: 'he_normal', mode: 'fan_out' }, 0.0078125), // 2/256
  conv('he_normal fan_in', { scheme: 'he_normal' }, 0.0138889), // 2/144
  conv('he_normal fan_out', { scheme: 'he_normal', mode: 'fan_out' }, 0.00694444), // 2/288

  // LeCun: gain 1 whatever the activation (under auto): σ² = 1/fan, bound = √(3/fan).
  dense('lecun_uniform', { scheme: 'lecun_uniform' }, 0.00127551, 0.061859), // 1/784; √(3/784) = √0.00382653
  conv('lecun_uniform fan_out', { scheme: 'lecun_uniform', mode: 'fan_out' }, 0.00347222, 0.102062), // 1/288; √(3/288) = √0.0104167
  dense('lecun_normal', { scheme: 'lecun_normal' }, 0.00127551), // 1/784
  dense('lecun_normal fan_out', { scheme: 'lecun_normal', mode: 'fan_out' }, 0.00390625), // 1/256
  conv('lecun_normal', { scheme: 'lecun_normal' }, 0.00694444), // 1/144

  // PyTorch's default, kaiming_uniform(a = √5): bound = 1/√fan_in, σ² = 1/(3·fan_in); no gain.
  dense('torch_default', { scheme: 'torch_default' }, 0.00042517, 0.0357143), // 1/2352; 1/√784 = 1/28
  conv('torch_default', { scheme: 'torch_default' }, 0.00231481, 0.0833333), // 1/432; 1/√144 = 1/12
  // ...and it ignores any gain it is handed.
  dense('torch_default, gains set', { scheme: 'torch_default', gain: 5 }, 0.00042517, 0.0357143, { ...relu, gain: 3 }), // still 1/2352

  // Gains (PyTorch's calculate_gain): he_* take the activation's under auto.
  dense('he_normal under tanh: g = 5/3', { scheme: 'he_normal' }, 0.00354308, undefined, tanh), // (25/9)/784 = 2.77778/784
  conv('he_normal fan_out under tanh', { scheme: 'he_normal', mode: 'fan_out' }, 0.00964506, undefined, tanh), // (25/9)/288
  // leaky_relu slope 0.2: g² = 2/(1 + 0.2²) = 2/1.04 = 1.92308.
  dense('he_uniform under leaky_relu 0.2', { scheme: 'he_uniform' }, 0.0024529, 0.0857829, leaky02), // 1.92308/784; √(3·1.92308/784) = √0.00735872
  // selu: g = 3/4, g² = 0.5625.
  dense('he_normal under selu: g = 3/4', { scheme: 'he_normal' }, 0.000717474, undefined, selu), // 0.5625/784
  conv('he_uniform under selu', { scheme: 'he_uniform' }, 0.00390625, 0.108253, selu), // 0.5625/144; 0.75·√(3/144) = √(1.6875/144) = √0.0117188
  // gain 'act' hands Glorot the activation's gain too.
  dense('xavier_normal, gain act, relu', { scheme: 'xavier_normal' }, 0.00384615, undefined, { ...relu, gain: 'act' }), // 2·2/1040 = 4/1040
  dense('xavier_uniform, gain act, tanh', { scheme: 'xavier_uniform' }, 0.00534188, 0.126592, { ...tanh, gain: 'act' }), // (25/9)·2/1040; (5/3)·0.0759555
  conv('xavier_normal, gain act, tanh', { scheme: 'xavier_normal' }, 0.0128601, undefined, { ...tanh, gain: 'act' }), // (25/9)·2/432 = 5.55556/432
  // An explicit number: on the choice it overrides the activation; on the context it applies to all.
  dense('lecun_normal, gain 0.5', { scheme: 'lecun_normal', gain: 0.5 }, 0.000318878, undefined, tanh), // 0.25/784
  dense('he_normal, context gain 0.5', { scheme: 'he_normal' }, 0.000318878, undefined, { ...relu, gain: 0.5 }), // 0.25/784, not 2/784
];

/** Draws until at least MIN_ENTRIES entries are pooled, one independent seed per draw. */
function pooled(c: Case) {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let maxAbs = 0;
  for (let k = 0; n < MIN_ENTRIES; k++) {
    const w = generateWeights(c.choice, c.shape, c.ctx, deriveSeed(k + 1, 'formulas', c.name));
    for (let i = 0; i < w.length; i++) {
      const x = w[i];
      sum += x;
      sumSq += x * x;
      maxAbs = Math.max(maxAbs, Math.abs(x));
    }
    n += w.length;
  }
  const mean = sum / n;
  return { n, mean, variance: sumSq / n - mean * mean, maxAbs };
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('draws against hand-derived formulas', () => {
  it.each(RANDOM_CASES)('$name on [$shape]', (c) => {
    const s = pooled(c);
    expect(s.n).toBeGreaterThanOrEqual(MIN_ENTRIES);
    const uniform = c.bound !== undefined;
    const se = c.variance * Math.sqrt((uniform ? 0.8 : 2) / s.n);
    expect(Math.abs(s.variance - c.variance), `variance ${s.variance} vs ${c.variance}`).toBeLessThan(5 * se);
    expect(Math.abs(s.mean)).toBeLessThan((5 * Math.sqrt(c.variance)) / Math.sqrt(s.n));
    if (uniform) {
      const b = c.bound!;
      // Literals carry 6 significant digits (≤ 5e-6 relative); entries are float32.
      expect(s.maxAbs).toBeLessThanOrEqual(Math.fround(b * (1 + 1e-5)));
      expect(s.maxAbs).toBeGreaterThan(b * (1 - 1e-4));
    }
    // The lab's own report agrees with the same literals (6 significant digits).
    const info = describeInit(c.choice, c.shape, c.ctx);
    expect(info.distribution).toBe(uniform ? 'uniform' : 'normal');
    expect(rel(info.std ** 2, c.variance)).toBeLessThan(1e-5);
    if (uniform) expect(rel(info.bound!, c.bound!)).toBeLessThan(1e-5);
    else expect(info.bound).toBeNull();
  });
});

/** Max |Gram − g²I| over the square side (WᵀW for tall W, WWᵀ for wide), and Σ w². */
function gram(w: Float32Array, rows: number, cols: number, g2: number): { worst: number; sumSq: number } {
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  const len = tall ? rows : cols;
  const v = new Float64Array(k * len);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) v[tall ? c * len + r : r * len + c] = w[r * cols + c];
  let worst = 0;
  let sumSq = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += v[a * len + i] * v[b * len + i];
      if (a === b) sumSq += s;
      worst = Math.max(worst, Math.abs(s - (a === b ? g2 : 0)));
    }
  }
  return { worst, sumSq };
}

describe('orthogonal against hand-derived formulas', () => {
  // W = g·Q with orthonormal columns (tall) or rows (wide): the square Gram is g²I, so
  // Σ w² = g²·min(r, c) exactly and the entries' mean square is g²/max(r, c) with no
  // sampling error at all; only the (tiny) mean is random, so 1e-4 relative is generous.
  const cases = [
    {
      name: 'dense 784x256, gain 1',
      choice: { scheme: 'orthogonal' } as InitChoice,
      shape: DENSE,
      ctx: relu,
      rows: 784,
      cols: 256,
      g2: 1,
      variance: 0.00127551,
    }, // 1/784
    {
      name: 'dense 784x256, gain act (relu √2)',
      choice: { scheme: 'orthogonal' } as InitChoice,
      shape: DENSE,
      ctx: { ...relu, gain: 'act' as const },
      rows: 784,
      cols: 256,
      g2: 2,
      variance: 0.00255102,
    }, // 2/784
    {
      name: 'dense 784x256, context gain 2.5',
      choice: { scheme: 'orthogonal' } as InitChoice,
      shape: DENSE,
      ctx: { ...relu, gain: 2.5 },
      rows: 784,
      cols: 256,
      g2: 6.25,
      variance: 0.00797194,
    }, // 6.25/784
    {
      name: 'conv 3x3x16x32 as 144x32, gain act (relu √2)',
      choice: { scheme: 'orthogonal' } as InitChoice,
      shape: CONV,
      ctx: { ...relu, gain: 'act' as const },
      rows: 144,
      cols: 32,
      g2: 2,
      variance: 0.0138889,
    }, // 2/144
    {
      name: 'wide dense 64x256, gain 1',
      choice: { scheme: 'orthogonal' } as InitChoice,
      shape: [64, 256],
      ctx: relu,
      rows: 64,
      cols: 256,
      g2: 1,
      variance: 0.00390625,
    }, // 1/256: max(64, 256)
  ];
  it.each(cases)('$name: Gram = g²I to 1e-4, entry variance g²/max(r, c)', (c) => {
    const w = generateWeights(c.choice, c.shape, c.ctx, deriveSeed(1, 'formulas', c.name));
    const { worst, sumSq } = gram(w, c.rows, c.cols, c.g2);
    expect(worst).toBeLessThan(1e-4);
    expect(rel(sumSq, c.g2 * Math.min(c.rows, c.cols))).toBeLessThan(1e-5);
    let sum = 0;
    for (const x of w) sum += x;
    const mean = sum / w.length;
    expect(rel(sumSq / w.length - mean * mean, c.variance)).toBeLessThan(1e-4);
    const info = describeInit(c.choice, c.shape, c.ctx);
    expect(info.distribution).toBe('orthogonal');
    expect(rel(info.std ** 2, c.variance)).toBeLessThan(1e-5);
    expect(rel(info.gain! ** 2, c.g2)).toBeLessThan(1e-12);
  });
});

describe('lsuv’s draw before its data-driven scale (init/lsuv.ts applies that)', () => {
  // Orthonormal with gain 1, whatever the gain asked for: LSUV divides any gain away, so it
  // takes none. Same Gram test as above: Σ w² = min(r, c), entry variance 1/max(r, c).
  it.each([
    { shape: DENSE, rows: 784, cols: 256, variance: 1 / 784 },
    { shape: CONV, rows: 144, cols: 32, variance: 1 / 144 },
  ])('$rows x $cols: Gram = I, σ² = 1/max(r, c), gain ignored', ({ shape, rows, cols, variance }) => {
    for (const ctx of [relu, { ...relu, gain: 2.5 }, { ...relu, gain: 'act' as const }]) {
      const w = generateWeights({ scheme: 'lsuv', gain: 3 }, shape, ctx, 7);
      expect(gram(w, rows, cols, 1).worst).toBeLessThan(1e-4);
      expect(Array.from(w)).toEqual(Array.from(generateWeights({ scheme: 'orthogonal' }, shape, relu, 7)));
      const info = describeInit({ scheme: 'lsuv' }, shape, ctx);
      expect(info).toMatchObject({ distribution: 'orthogonal', gain: null });
      expect(rel(info.std ** 2, variance)).toBeLessThan(1e-12);
    }
  });
});

describe('degenerate schemes', () => {
  it('zeros are 0 and constant is its value, on both shapes', () => {
    for (const shape of [DENSE, CONV]) {
      expect(generateWeights({ scheme: 'zeros' }, shape, relu, 1).every((x) => x === 0)).toBe(true);
      // Default value 0.1, stored as float32.
      expect(generateWeights({ scheme: 'constant' }, shape, relu, 1).every((x) => x === Math.fround(0.1))).toBe(true);
      expect(generateWeights({ scheme: 'constant', value: -0.25 }, shape, relu, 1).every((x) => x === -0.25)).toBe(true);
      expect(describeInit({ scheme: 'zeros' }, shape, relu)).toMatchObject({ mean: 0, std: 0 });
      expect(describeInit({ scheme: 'constant', value: -0.25 }, shape, relu)).toMatchObject({ mean: -0.25, std: 0 });
    }
  });
});

it('covers every scheme in SCHEMES, on the dense and the conv shape', () => {
  const covered = new Map<string, Set<string>>();
  const add = (scheme: string, shape: number[]) => {
    if (!covered.has(scheme)) covered.set(scheme, new Set());
    covered.get(scheme)!.add(shape.join('x'));
  };
  for (const c of RANDOM_CASES) add(c.choice.scheme, c.shape);
  for (const shape of [DENSE, CONV]) ['zeros', 'constant', 'orthogonal', 'lsuv'].forEach((s) => add(s, shape));
  for (const s of SCHEMES) expect([...(covered.get(s) ?? [])].sort(), s).toEqual(['3x3x16x32', '784x256']);
});
