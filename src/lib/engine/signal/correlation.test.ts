import { describe, expect, it } from 'vitest';
import { pixelMoments } from '../../data/batches';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { realMnistSplit } from '../../testing/mnist-split';
import { correlationProfile } from './correlation';

/** Of the first 20 validation 1s, the two most alike (cosine of standardised pixels): real digits that start close. */
async function twoDigits(): Promise<[Float32Array, Float32Array]> {
  const split = await realMnistSplit();
  const { mean, std } = pixelMoments(split.train);
  const digit = (i: number) => Float32Array.from(split.validation.images.subarray(i * 784, (i + 1) * 784), (p) => (p / 255 - mean) / std);
  const ones = [...split.validation.labels.keys()]
    .filter((i) => split.validation.labels[i] === 1)
    .slice(0, 20)
    .map(digit);
  const cos = (a: Float32Array, b: Float32Array) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  };
  let best: [Float32Array, Float32Array] = [ones[0], ones[1]];
  for (let i = 0; i < ones.length; i++)
    for (let j = i + 1; j < ones.length; j++) if (cos(ones[i], ones[j]) > cos(...best)) best = [ones[i], ones[j]];
  return best;
}

const tanhNet = (over: Partial<Experiment>): Experiment => ({
  ...DEFAULT_EXPERIMENT,
  arch: 'mlp',
  act: 'tanh',
  bias: 0,
  width: 256,
  ...over,
});
const profile = async (e: Experiment) => correlationProfile(e, planRuns(e)[0], ...(await twoDigits()));

describe('correlationProfile', () => {
  it('a linear net with orthogonal square layers keeps the correlation exactly, and theory says so too', async () => {
    const p = await profile(tanhNet({ act: 'linear', depth: 6, init: [{ scheme: 'orthogonal' }] }));
    for (let l = 1; l < 6; l++) {
      expect(p.measured[l]).toBeCloseTo(p.measured[0], 5);
      expect(p.predicted[l]).toBeCloseTo(p.predicted[0], 10);
    }
  });

  // One draw of a width-256 net: a correlation near c fluctuates by about (1 − c²)/√n per
  // layer; up to 12 layers × 3 seeds are compared, so the band is 4 of those (measured worst: 0.19).
  const band = 4 / Math.sqrt(256);

  it('ordered tanh (σ_w² = 0.5, b = 0.3) drives two digits to look the same, as predicted, on seeds 1–3', async () => {
    for (const seed of [1, 2, 3]) {
      // std = √(0.5/256) on the square layers.
      const p = await profile(tanhNet({ seed, depth: 12, bias: 0.3, init: [{ scheme: 'normal', std: Math.sqrt(0.5 / 256) }] }));
      expect(p.measured.at(-1)!).toBeGreaterThan(0.99);
      expect(p.measured.at(-1)!).toBeGreaterThan(p.input);
      p.measured.forEach((m, l) => expect(Math.abs(m - p.predicted[l])).toBeLessThan(band));
    }
  });

  it('chaotic tanh (σ_w² = 4, b = 0) tears two alike digits apart toward c* = 0, as predicted, on seeds 1–3', async () => {
    for (const seed of [1, 2, 3]) {
      // chaos.ts: ξ_c ≈ 8 layers here, so 24 layers take the correlation most of the way to c*.
      const p = await profile(tanhNet({ seed, depth: 24, init: [{ scheme: 'normal', std: Math.sqrt(4 / 256) }] }));
      // Early layers follow the mean-field curve; deeper, chaos amplifies one draw's finite-width
      // noise (seen: one seed falls from 0.53 to 0.05 in two layers), and what holds for every
      // seed is where the curve ends: at c* = 0.
      p.measured.slice(0, 6).forEach((m, l) => expect(Math.abs(m - p.predicted[l])).toBeLessThan(band));
      const deep = p.measured.slice(-6);
      expect(p.input).toBeGreaterThan(0.6);
      expect(Math.abs(deep.reduce((a, c) => a + c, 0) / deep.length)).toBeLessThan(0.15);
    }
  });

  it('refuses what it cannot compute', async () => {
    const e = tanhNet({ bn: ['before'], depth: 2 });
    const [a, b] = await twoDigits();
    expect(() => correlationProfile(e, planRuns(e)[0], a, b)).toThrow(/plain MLPs without batch norm/);
  });
});
