/**
 * LSUV, layer-sequential unit variance (Mishkin & Matas 2016, "All you need is a good init",
 * Algorithm 1): draw every kernel orthonormal (Saxe et al.), then, from the first layer to the
 * last (the output layer included), divide each kernel by the standard deviation of its own
 * linear output on one batch of training data, re-measure, and repeat until that variance is
 * within LSUV_TOLERANCE of 1 or LSUV_MAX_ITERATIONS divisions were made. Biases keep their
 * constant (the experiment's `bias`, 0 by default, as in the paper).
 *
 * The measurement is a plain-JS float64 forward of the dense net (no TF.js), so that every
 * consumer of a run's initial kernels (run-kernels.ts) gets the same scales on any backend,
 * in the training worker, the page (the PyTorch export) and the views at init. Only dense
 * MLPs: conv and residual nets are refused by validate.ts (lsuvIssue).
 */
import { BN_EPSILON } from '../constants';
import { activationFn } from '../signal/act-math';
import type { BatchNormMode, Experiment } from '../../experiment/config';
import type { InitBatch } from './lsuv-batch';

/**
 * The paper stops at |Var − 1| < 0.1 (a std within about 5% of 1). The lab asks for 0.01:
 * a layer's linear output is linear in its kernel, so one division already lands on 1 up to
 * rounding, and the loose tolerance would only leave room for nothing.
 */
export const LSUV_TOLERANCE = 0.01;
/** The paper's cap on divisions per layer. */
export const LSUV_MAX_ITERATIONS = 10;

/** What LSUV did to one kernel (in kernelShapes order). */
export interface LsuvLayer {
  /** The factor the orthonormal kernel was multiplied by: the product of every division. */
  scale: number;
  /** Divisions made (0 when the orthonormal kernel already met the tolerance). */
  iterations: number;
  /** Variance of the layer's linear output on the LSUV batch before any division. */
  varianceBefore: number;
  /** The same variance after the last division. */
  variance: number;
}

/** Population variance of every entry (all examples and units together, as the paper's Var(B_L)). */
export function entryVariance(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return squares / values.length;
}

/** rows × cols (h) times cols × out (kernel, TF.js [in, out] row-major), in float64. */
function times(h: Float64Array, rows: number, cols: number, kernel: Float32Array, out: number): Float64Array {
  const z = new Float64Array(rows * out);
  for (let i = 0; i < rows; i++) {
    const zi = i * out;
    for (let k = 0; k < cols; k++) {
      const a = h[i * cols + k];
      if (a === 0) continue;
      const wk = k * out;
      for (let j = 0; j < out; j++) z[zi + j] += a * kernel[wk + j];
    }
  }
  return z;
}

/** Batch norm at init (γ = 1, β = 0) with the batch's own statistics, per unit, as a training step computes it. */
function batchNormalize(z: Float64Array, rows: number, units: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let j = 0; j < units; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += z[i * units + j];
    const mean = sum / rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (z[i * units + j] - mean) ** 2;
    const inv = 1 / Math.sqrt(squares / rows + BN_EPSILON);
    for (let i = 0; i < rows; i++) out[i * units + j] = (z[i * units + j] - mean) * inv;
  }
  return out;
}

/**
 * The LSUV scale of every kernel of a dense MLP (kernelShapes order, head last), given its
 * orthonormal draws in TF.js layout. The loop is the paper's: measure, divide, re-measure.
 * Each division multiplies the linear output's centred variance by exactly 1/Var (the bias
 * only shifts it), so it ends after one division; `iterations` says so for every layer.
 */
export function lsuvScales(e: Experiment, bn: BatchNormMode, kernels: Float32Array[], batch: InitBatch): LsuvLayer[] {
  if (e.arch !== 'mlp') throw new Error(`LSUV is implemented for dense MLPs only, not ${e.arch}`);
  const f = activationFn(e.act, e.slope);
  const rows = batch.count;
  let cols = batch.x.length / rows;
  let h: Float64Array = Float64Array.from(batch.x);
  return kernels.map((kernel, index) => {
    const units = kernel.length / cols;
    if (!Number.isInteger(units))
      throw new Error(`LSUV: kernel ${index + 1} has ${kernel.length} values, not a multiple of its ${cols} inputs`);
    const linear = times(h, rows, cols, kernel, units);
    const measure = (s: number) => entryVariance(linear.map((v) => s * v + e.bias));
    const varianceBefore = measure(1);
    let [scale, variance, iterations] = [1, varianceBefore, 0];
    // A dead layer (variance 0: every input the same) cannot be rescaled; it keeps its draw.
    while (variance > 0 && Math.abs(variance - 1) >= LSUV_TOLERANCE && iterations < LSUV_MAX_ITERATIONS) {
      scale /= Math.sqrt(variance);
      variance = measure(scale);
      iterations++;
    }
    if (index < kernels.length - 1) {
      let z: Float64Array = linear.map((v) => scale * v + e.bias);
      if (bn === 'before') z = batchNormalize(z, rows, units);
      z = z.map(f);
      if (bn === 'after') z = batchNormalize(z, rows, units);
      h = z;
      cols = units;
    }
    return { scale, iterations, varianceBefore, variance };
  });
}
