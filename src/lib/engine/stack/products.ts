/**
 * The dense layers' product, [n, in] (shared) or [R, n, in] times [R, in, out].
 *
 * On WebGL one batched matMul serves every run. On wasm that is the slowest form there
 * is: TF.js 4.22's wasm BatchMatMul hands only a batch-1 product without transpose flags
 * to XNNPACK (SIMD); any other (a batch of runs, or the transposeA / transposeB products
 * that tf.matMul's gradient asks for) runs in a plain scalar triple loop. Measured in Node,
 * [64, 784] × [784, 256]: 0.88 ms in XNNPACK, 12.3 ms with transposeA, 11.7 ms with
 * transposeB; 8 runs as one batched product 95 ms, as 8 separate products 7.5 ms.
 * So on wasm each run's product, and each of its gradient products, is a rank-2 product of
 * operands transposed beforehand (a transpose is a copy: 0.13 ms for 50k floats).
 */
import * as tf from '@tensorflow/tfjs';

/** Whether a backend computes the products one run at a time (see above). */
export const productsPerRun = (backend: string): boolean => backend === 'wasm';

/** Run r's [rows, cols] slice of a stacked [R, rows, cols] tensor (no copy for a stack of one). */
function runOf(t: tf.Tensor, r: number): tf.Tensor2D {
  const [runs, rows, cols] = t.shape;
  return (runs === 1 ? t : tf.slice(t, [r, 0, 0], [1, rows, cols])).reshape([rows, cols]);
}

const stackRuns = (parts: tf.Tensor2D[]): tf.Tensor => (parts.length === 1 ? tf.expandDims(parts[0], 0) : tf.stack(parts));

/** tf.customGrad's own type passes its inputs and `save` as one untyped list. */
type CustomGradient = Parameters<typeof tf.customGrad>[0];

const each = (runs: number, f: (r: number) => tf.Tensor2D): tf.Tensor => stackRuns(Array.from({ length: runs }, (_, r) => f(r)));

/**
 * `rows` times each run's kernel: [n, in] rows shared by every run (the input pixels,
 * which nobody differentiates, so only the kernel gets a gradient) or [R, n, in], one
 * slice per run. Returns [R, n, out]. `perRun` picks the rank-2 form of the wasm note above.
 */
export function runsProduct(rows: tf.Tensor, w: tf.Tensor, perRun = productsPerRun(tf.getBackend())): tf.Tensor {
  if (!perRun) return tf.matMul(rows, w);
  const runs = w.shape[0];
  // Tensors the gradient reads go through `save`: tf.grads disposes the forward pass's
  // intermediates (a hidden layer's rows among them) before the backward pass runs.
  if (rows.rank === 2) {
    const product = tf.customGrad(((kernels: tf.Tensor, save: tf.GradSaveFunc) => {
      save([rows]);
      return {
        value: each(runs, (r) => tf.matMul(rows as tf.Tensor2D, runOf(kernels, r))),
        gradFunc: (dy: tf.Tensor, [x]: tf.Tensor[]) => {
          const xT = tf.transpose(x);
          return each(runs, (r) => tf.matMul(xT, runOf(dy, r)));
        },
      };
    }) as CustomGradient);
    return product(w);
  }
  const product = tf.customGrad(((a: tf.Tensor, kernels: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, kernels]);
    return {
      value: each(runs, (r) => tf.matMul(runOf(a, r), runOf(kernels, r))),
      gradFunc: (dy: tf.Tensor, [input, k]: tf.Tensor[]) => [
        each(runs, (r) => tf.matMul(runOf(dy, r), tf.transpose(runOf(k, r)))),
        each(runs, (r) => tf.matMul(tf.transpose(runOf(input, r)), runOf(dy, r))),
      ],
    };
  }) as CustomGradient);
  return product(rows, w);
}
