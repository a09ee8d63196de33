/**
 * The input–output Jacobian of a plain MLP's hidden stack at one input, and its singular
 * values: what dynamical isometry (Saxe et al. 2014; Pennington et al. 2017) is about. The
 * mean-field curves say how the *average* squared singular value grows or shrinks with
 * depth (the product of the layers' χ); two inits with the same mean can still differ in
 * the spread, and a wide spread means some directions of the input are amplified and others
 * lost however well the mean is kept.
 *
 * With x₁ the first hidden layer's output and x_L the last one's, x_l = φ(h_l) and
 * h_l = x_{l−1}·W_l + b (row vectors, TF.js layout: W_l is [in, out]), the chain rule gives
 *
 *     J = ∂x_L/∂x₁ = W₂·D₂ · W₃·D₃ ⋯ W_L·D_L,   D_l = diag(φ′(h_l)),
 *
 * a width × width matrix: the square part of the net, where isometry is possible at all
 * (the 784 → width first layer and the width → 10 head are not square). Plain float64 JS,
 * on the lab's own initial kernels: no TF.js, the same numbers on every backend.
 */
import type { Activation } from '../../experiment/config';
import { singularValues, type Matrix } from '../linalg/singular-values';
import { activationDeriv, activationFn } from './act-math';

export interface DenseLayer {
  /** [inputs, outputs], row-major as TF.js stores a Dense kernel. */
  shape: readonly number[];
  values: Float32Array | Float64Array;
}

export interface HiddenStack {
  /** The hidden layers in order, first (fed by the input) to last; the head is not included. */
  layers: readonly DenseLayer[];
  /** The constant every bias starts at. */
  bias: number;
  act: Activation;
  slope: number;
}

/** x·W + b for a row vector x and a row-major [in, out] kernel (a constant bias b). */
export function affine(x: Float64Array, layer: DenseLayer, bias: number): Float64Array {
  const [inputs, outputs] = layer.shape;
  const h = new Float64Array(outputs).fill(bias);
  for (let i = 0; i < inputs; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * outputs;
    for (let j = 0; j < outputs; j++) h[j] += xi * layer.values[row + j];
  }
  return h;
}

/** A·W for a row-major n×k matrix A and a row-major [k, m] kernel. */
function times(a: Matrix, layer: DenseLayer): Matrix {
  const [k, m] = layer.shape;
  const out = new Float64Array(a.rows * m);
  for (let r = 0; r < a.rows; r++) {
    for (let i = 0; i < k; i++) {
      const v = a.data[r * k + i];
      if (v === 0) continue;
      const row = i * m;
      const o = r * m;
      for (let j = 0; j < m; j++) out[o + j] += v * layer.values[row + j];
    }
  }
  return { rows: a.rows, cols: m, data: out };
}

/**
 * J = ∂x_L/∂x₁ at input `x` (already standardised, as the engine feeds it). Needs 2+ hidden
 * layers of one width. `onLayer` sees each partial product ∂x_l/∂x₁ (l = 2 … L) as it is
 * built: the spectrum across depth costs no extra products.
 */
export function hiddenJacobian(stack: HiddenStack, x: Float32Array | Float64Array, onLayer?: (layer: number, jac: Matrix) => void): Matrix {
  const { layers, bias, act, slope } = stack;
  if (layers.length < 2) throw new RangeError('the hidden-to-hidden Jacobian needs at least 2 hidden layers');
  const width = layers[0].shape[1];
  for (const l of layers.slice(1)) {
    if (l.shape[0] !== width || l.shape[1] !== width)
      throw new RangeError(`hidden layers must all be ${width}×${width}, got ${l.shape.join('×')}`);
  }
  if (x.length !== layers[0].shape[0])
    throw new RangeError(`the input has ${x.length} values, the first layer takes ${layers[0].shape[0]}`);
  const f = activationFn(act, slope);
  const df = activationDeriv(act, slope);
  let out = Float64Array.from(affine(Float64Array.from(x), layers[0], bias), f);
  let jac: Matrix | null = null;
  for (const layer of layers.slice(1)) {
    const h = affine(out, layer, bias);
    // J·W_l (or W_l itself for the first square layer), then its columns scaled by φ′(h_l).
    const next: Matrix = jac ? times(jac, layer) : { rows: width, cols: width, data: Float64Array.from(layer.values) };
    for (let r = 0; r < width; r++) for (let j = 0; j < width; j++) next.data[r * width + j] *= df(h[j]);
    jac = next;
    out = Float64Array.from(h, f);
    onLayer?.(layers.indexOf(layer) + 1, jac);
  }
  return jac!;
}

/** The singular values of J at each input, largest first; `onLayer` as for hiddenJacobian. */
export function jacobianSpectrum(
  stack: HiddenStack,
  inputs: readonly (Float32Array | Float64Array)[],
  onLayer?: (layer: number, jac: Matrix) => void,
): Float64Array[] {
  return inputs.map((x) => singularValues(hiddenJacobian(stack, x, onLayer)));
}

/** Mean of σ² over every value given: (1/n)·tr(JᵀJ), the number mean-field theory predicts as Π χ_l. */
export function meanSquaredSingularValue(spectra: readonly Float64Array[]): number {
  let sum = 0;
  let count = 0;
  for (const s of spectra) {
    for (const v of s) sum += v * v;
    count += s.length;
  }
  return count ? sum / count : Number.NaN;
}
