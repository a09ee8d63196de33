/**
 * LSUV's arithmetic against hand-worked nets, and the one definition of its scales shared by
 * every consumer: the plain-JS run kernels (the PyTorch export, the views at init), the
 * stacked engine and the tf.layers model give the same kernels, and LayerInfo reports the
 * std actually drawn.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { realMnistSplit } from '../../testing/mnist-split';
import type { Split } from '../../data/dataset';
import { disposeGpuData, uploadSplit, type GpuData } from '../gpu-data';
import { buildModel, kernelVariables } from '../model';
import { buildStackedParams, disposeParams } from '../stack/params';
import { BN_EPSILON } from '../constants';
import { entryVariance, lsuvScales } from './lsuv';
import { LSUV_BATCH, lsuvBatch, lsuvBatchIndices } from './lsuv-batch';
import { runKernels, runLayerInfo, runLsuv } from './run-kernels';

const tiny = (over: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, arch: 'mlp', bias: 0, ...over });
/** Two examples with two features: x₁ = (1, 0), x₂ = (0, 2). */
const batch = { x: Float32Array.of(1, 0, 0, 2), count: 2 };

describe('lsuvScales on hand-worked nets', () => {
  it('linear net: divides each kernel by the std of its output, layer after layer', () => {
    // L1 = (1, 1)ᵀ: z = (1, 2), mean 1.5, Var = 0.25, so s₁ = 1/√0.25 = 2 and h₁ = (2, 4).
    // Head = (3): z = (6, 12), Var = 9, so s₂ = 1/3.
    const [l1, out] = lsuvScales(tiny({ act: 'linear' }), 'none', [Float32Array.of(1, 1), Float32Array.of(3)], batch);
    expect(l1).toEqual({ scale: 2, iterations: 1, varianceBefore: 0.25, variance: 1 });
    expect(out.scale).toBeCloseTo(1 / 3, 14);
    expect(out.varianceBefore).toBeCloseTo(9, 12);
    expect(out.iterations).toBe(1);
  });

  it('tanh with a bias: the bias shifts, never scales, the variance; the activation is measured, not modelled', () => {
    // L1: z = (1, 2)·s + 0.5 has Var 0.25 s², so s₁ = 2, and h₁ = (tanh 2.5, tanh 4.5).
    // Head (1): z = h₁ + 0.5, Var = ((tanh 4.5 − tanh 2.5)/2)², so s₂ = 2/(tanh 4.5 − tanh 2.5).
    const [l1, out] = lsuvScales(tiny({ act: 'tanh', bias: 0.5 }), 'none', [Float32Array.of(1, 1), Float32Array.of(1)], batch);
    expect(l1.scale).toBeCloseTo(2, 14);
    expect(out.scale).toBeCloseTo(2 / (Math.tanh(4.5) - Math.tanh(2.5)), 9);
    expect(out.variance).toBeCloseTo(1, 12);
  });

  it('ReLU: the zeroed half is in the measurement', () => {
    // L1 = (1, −1)ᵀ: z = (1, −2), Var = 2.25, s₁ = 2/3, h₁ = relu(2/3, −4/3) = (2/3, 0).
    // Head (1): z = (2/3, 0), Var = 1/9, s₂ = 3.
    const [l1, out] = lsuvScales(tiny({ act: 'relu' }), 'none', [Float32Array.of(1, -1), Float32Array.of(1)], batch);
    expect(l1.scale).toBeCloseTo(2 / 3, 14);
    expect(out.scale).toBeCloseTo(3, 12);
  });

  it('BN before the activation: the head sees the batch-normalised signal', () => {
    // L1 scaled: z = (2, 4), Var 1 → BN: (−1, 1)/√(1 + ε), linear act; head (2): Var = 4/(1 + ε), s₂ = √(1 + ε)/2.
    const [, out] = lsuvScales(tiny({ act: 'linear' }), 'before', [Float32Array.of(1, 1), Float32Array.of(2)], batch);
    expect(out.varianceBefore).toBeCloseTo(4 / (1 + BN_EPSILON), 12);
    expect(out.scale).toBeCloseTo(Math.sqrt(1 + BN_EPSILON) / 2, 12);
  });

  it('a kernel already at variance 1 needs no division; a constant output cannot be rescaled', () => {
    // L1 = (2, 2)ᵀ: z = (2, 4), Var = 1 exactly. Head = (0): z = (0, 0), Var 0: kept as drawn.
    const [l1, out] = lsuvScales(tiny({ act: 'linear' }), 'none', [Float32Array.of(2, 2), Float32Array.of(0)], batch);
    expect(l1).toEqual({ scale: 1, iterations: 0, varianceBefore: 1, variance: 1 });
    expect(out).toEqual({ scale: 1, iterations: 0, varianceBefore: 0, variance: 0 });
  });

  it('entryVariance is the population variance of all entries together', () => {
    // (1, 2, 3, 6): mean 3, squares 4 + 1 + 0 + 9 = 14, /4 = 3.5.
    expect(entryVariance(Float64Array.of(1, 2, 3, 6))).toBe(3.5);
  });

  it('refuses conv and residual nets', () => {
    expect(() => lsuvScales(tiny({ arch: 'cnn' }), 'none', [], batch)).toThrow(/dense MLPs only/);
  });
});

describe('the LSUV batch and the run kernels, on real MNIST', () => {
  let split: Split;
  let data: GpuData;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    split = await realMnistSplit();
    data = uploadSplit(split);
  });
  afterAll(() => disposeGpuData(data));

  it('is 256 training digits evenly spaced over the (class-ordered) training split, standardised as training inputs are', () => {
    const idx = lsuvBatchIndices(split.train.count);
    expect(idx.length).toBe(LSUV_BATCH);
    expect([idx[0], idx[1], idx[255]]).toEqual([0, Math.floor(split.train.count / 256), Math.floor((255 * split.train.count) / 256)]);
    expect(new Set(Array.from(idx, (i) => split.train.labels[i])).size).toBe(10);
    const rows = tf.tidy(() => tf.gather(data.trainX, idx).dataSync() as Float32Array);
    expect(data.lsuv.count).toBe(256);
    // Counted, not compared with toEqual: a failing 200,704-value diff takes minutes to print.
    const mismatches = (a: Float32Array, b: Float32Array) => a.length - a.filter((v, i) => v === b[i]).length;
    expect(data.lsuv.x.length).toBe(256 * 784);
    expect(mismatches(data.lsuv.x, lsuvBatch(split).x)).toBe(0);
    expect(mismatches(data.lsuv.x, rows)).toBe(0);
  });

  const e = tiny({ depth: 3, width: 32, act: 'tanh', init: [{ scheme: 'lsuv' }], seeds: 2 });

  it('runKernels, the stacked engine and the tf.layers model hold the same LSUV-scaled kernels', () => {
    const specs = planRuns(e);
    const p = buildStackedParams(specs, data.lsuv);
    try {
      specs.forEach((spec, r) => {
        const plain = runKernels(e, spec, data.lsuv);
        const built = buildModel(e, spec, spec.initSeed, { initBatch: data.lsuv });
        const layers = kernelVariables(built).map((v) => v.dataSync());
        plain.forEach((k, i) => {
          const stacked = tf.tidy(() => p.kernels[i].slice(r, 1).dataSync());
          expect(Array.from(stacked)).toEqual(Array.from(k.values));
          expect(Array.from(layers[i])).toEqual(Array.from(k.values));
        });
        expect(built.layers.map((l) => l.lsuv)).toEqual(runLsuv(e, spec, data.lsuv));
        expect(built.notes.join(' ')).toMatch(/^LSUV: .*256 training digits.*L1 ×/);
        built.model.dispose();
      });
      expect(p.notes[0].join(' ')).toContain('Divisions per layer: 1 ');
    } finally {
      disposeParams(p);
    }
  });

  it('LayerInfo.initStd is the std actually drawn: the orthonormal σ = 1/√max(r, c) times the LSUV scale', () => {
    const [spec] = planRuns(e);
    const info = runLayerInfo(e, spec, data.lsuv);
    runKernels(e, spec, data.lsuv).forEach((k, i) => {
      const [rows, cols] = k.shape;
      const scale = info[i].lsuv!.scale;
      // An orthonormal Q (QᵀQ = I or QQᵀ = I) has Σq² = min(r, c), so its RMS is exactly 1/√max(r, c).
      const rms = Math.sqrt(k.values.reduce((s, v) => s + v * v, 0) / k.values.length);
      expect(info[i].initStd).toBeCloseTo(scale / Math.sqrt(Math.max(rows, cols)), 12);
      expect(rms / info[i].initStd).toBeCloseTo(1, 5);
      expect(info[i].lsuv!.iterations).toBe(1);
    });
  });

  it('an lsuv run without its batch refuses to build, saying why', () => {
    const [spec] = planRuns(e);
    expect(() => runKernels(e, spec)).toThrow(/init=lsuv scales each layer on a batch of training digits/);
    expect(() => buildStackedParams([spec])).toThrow(/init=lsuv/);
  });
});
