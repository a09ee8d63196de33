import { describe, expect, it } from 'vitest';
import { pixelMoments } from '../../data/batches';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { realMnistSplit } from '../../testing/mnist-split';
import { planRuns } from '../../experiment/plan';
import { lsuvBatch } from '../init/lsuv-batch';
import { runLsuv } from '../init/run-kernels';
import { quantileOf, spreadLayers, variantSpectra, whyNoSpectrum } from './spectrum';

async function digits(count: number): Promise<Float32Array[]> {
  const split = await realMnistSplit();
  const { mean, std } = pixelMoments(split.train);
  return Array.from({ length: count }, (_, k) => {
    const i = k * 131;
    return Float32Array.from(split.validation.images.subarray(i * 784, (i + 1) * 784), (p) => (p / 255 - mean) / std);
  });
}

const relu6: Experiment = {
  ...DEFAULT_EXPERIMENT,
  arch: 'mlp',
  act: 'relu',
  depth: 6,
  width: 128,
  bias: 0,
  init: [{ scheme: 'he_normal' }, { scheme: 'xavier_normal' }],
};

describe('variantSpectra', () => {
  it('gives each variant its pooled spectrum and the mean-field mean, worked by hand', async () => {
    const [he, xavier] = variantSpectra(relu6, await digits(2));
    // 5 square layers in J, width 128, 2 digits: 256 singular values each.
    expect(he.values.length).toBe(256);
    expect(he.inputs).toBe(2);
    // ReLU: E[φ′²] = ½. He: n·(2/n)·½ = 1 per layer. Xavier on square layers: n·(1/n)·½ = ½ per layer.
    expect(he.theoryMeanSquare).toBeCloseTo(1, 12);
    expect(xavier.theoryMeanSquare).toBeCloseTo(0.5 ** 5, 12);
    // One draw of the weights at two digits lands near the prediction (finite width: within 1.5×).
    expect(Math.abs(Math.log(he.meanSquare / he.theoryMeanSquare!))).toBeLessThan(Math.log(1.5));
    expect(Math.abs(Math.log(xavier.meanSquare / xavier.theoryMeanSquare!))).toBeLessThan(Math.log(1.5));
    // Pooled values are sorted, largest first.
    for (let i = 1; i < he.values.length; i++) expect(he.values[i]).toBeLessThanOrEqual(he.values[i - 1]);
  });

  it('says why a variant has no spectrum, and computes none for it', () => {
    const withBn: Experiment = { ...relu6, init: [{ scheme: 'he_normal' }], bn: ['none', 'before'] };
    const [plain, bn] = variantSpectra({ ...withBn, depth: 2, width: 16 }, [new Float32Array(784)]);
    expect(plain.why).toBeNull();
    expect(bn.why).toMatch(/Batch norm/);
    expect(bn.values.length).toBe(0);
    expect(whyNoSpectrum({ ...relu6, depth: 1 }, { init: relu6.init[0], bn: 'none', zero: 'none' })).toMatch(/2 or more hidden layers/);
    expect(whyNoSpectrum({ ...relu6, arch: 'cnn' }, { init: relu6.init[0], bn: 'none', zero: 'none' })).toMatch(/plain MLPs/);
    expect(whyNoSpectrum({ ...relu6, width: 512 }, { init: relu6.init[0], bn: 'none', zero: 'none' })).toMatch(/up to 256/);
  });
});

describe('the spectrum across depth', () => {
  it('picks at most 6 evenly spaced layers, the last included', () => {
    expect(spreadLayers(4)).toEqual([2, 3, 4]);
    // Layers 2 … 31: 2 + round(k·29/5) for k = 0 … 5.
    expect(spreadLayers(31)).toEqual([2, 8, 14, 19, 25, 31]);
  });

  it('orthogonal linear nets stay at σ = 1 at every depth; Gaussian ones widen layer by layer', async () => {
    const e: Experiment = { ...relu6, act: 'linear', depth: 8, width: 64, init: [{ scheme: 'orthogonal' }, { scheme: 'he_normal' }] };
    const [ortho, gauss] = variantSpectra(e, await digits(1));
    expect(ortho.byDepth.map((d) => d.layer)).toEqual([2, 3, 4, 5, 6, 7, 8].filter((l) => spreadLayers(8).includes(l)));
    for (const d of ortho.byDepth) for (const v of [d.p10, d.p50, d.p90]) expect(Math.abs(v - 1)).toBeLessThan(1e-5);
    // The 90/10 ratio of the Gaussian net's σ grows with depth (Fuss–Catalan spreads with s).
    const ratios = gauss.byDepth.map((d) => d.p90 / d.p10);
    expect(ratios.at(-1)!).toBeGreaterThan(ratios[0] * 2);
    // The deepest entry is the full J the histogram shows.
    expect(gauss.byDepth.at(-1)!.p50).toBe(quantileOf(gauss.values, 0.5));
  });
});

describe('variantSpectra of init=lsuv', () => {
  it('draws the LSUV-scaled kernels: for ReLU with no bias, J scales by Π s_l² over its layers, and no theory is claimed', async () => {
    const split = await realMnistSplit();
    const initBatch = lsuvBatch(split);
    const e: Experiment = { ...relu6, init: [{ scheme: 'orthogonal' }, { scheme: 'lsuv' }] };
    const inputs = await digits(2);
    const [orth, lsuv] = variantSpectra(e, inputs, initBatch);
    // Same seed, same Q: lsuv's W_l is s_l·Q_l. ReLU masks do not change under positive scales (bias 0), so
    // J = D₆W₆…D₂W₂ is multiplied by s₂…s₆ and its mean squared singular value by (s₂…s₆)².
    const [lsuvRun] = planRuns(e).filter((r) => r.init.scheme === 'lsuv');
    const scales = runLsuv(e, lsuvRun, initBatch)!.map((l) => l.scale);
    const product = scales.slice(1, 6).reduce((p, s) => p * s * s, 1);
    expect(lsuv.meanSquare / orth.meanSquare / product).toBeCloseTo(1, 5);
    expect(product).not.toBeCloseTo(1, 1);
    expect(lsuv.theoryMeanSquare).toBeNull();
    expect(() => variantSpectra(e, inputs)).toThrow(/init=lsuv/);
  });
});
