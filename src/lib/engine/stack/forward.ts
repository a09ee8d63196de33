/**
 * The stacked dense network as a plain function of its variables: one pass over R runs at
 * once, each dense layer one batched matMul [R, n, in] × [R, in, out]. The same function
 * serves training (batch statistics), evaluation (moving statistics) and the probes, and it
 * returns the hidden post-activations of the very pass that computed the logits.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../activations';
import { batchMoments, movingMoments, normalize, type BatchMoments } from './batch-norm';
import type { StackedParams } from './params';
import { walkDense } from './walk';

export interface StackedForward {
  /** [R, n, classes]. */
  logits: tf.Tensor;
  /** Each recorded hidden post-activation, [R, n, units], in layout order. */
  hidden: tf.Tensor[];
  /** With batch statistics: each norm's, for the caller to fold into the moving ones. */
  batch: BatchMoments[];
}

/**
 * `x`: [n, features], the same examples for every run (or [R, n, features]). `stats`:
 * 'batch' normalises with each run's batch statistics (training, and the at-init picture),
 * 'moving' with its moving statistics (inference). Nothing is updated here. `taps` (the
 * signal probe's): one zero tensor per recorded activation, added to it, so that the
 * gradient with respect to a tap is the gradient with respect to that activation.
 */
export function stackedForward(p: StackedParams, x: tf.Tensor, stats: 'batch' | 'moving', taps: tf.Tensor[] = []): StackedForward {
  const { experiment: e } = p;
  const out: StackedForward = { logits: x, hidden: [], batch: [] };
  let kernel = 0;
  let norm = 0;
  let alpha = 0;
  out.logits = walkDense<tf.Tensor>(
    e,
    p.structure,
    {
      linear: (h) => {
        const w = p.kernels[kernel];
        const b = p.biases[kernel++];
        // A shared rank-2 input broadcasts over the runs. Its matMul stays unfused: the
        // fused op's gradient also computes the input's (R·n·784·out multiply-adds for
        // pixels nobody differentiates), where tf.matMul's gradient is computed on demand.
        // wasm's fused kernel takes only a rank-1 bias, not the stack's [R, 1, out].
        if (h.rank === 2 || tf.getBackend() === 'wasm') return tf.add(tf.matMul(h, w), b);
        return tf.fused.matMul({ a: h as tf.Tensor3D, b: w as tf.Tensor3D, bias: b });
      },
      norm: (h) => {
        const variables = p.norms[norm++];
        if (stats === 'moving') return normalize(h, movingMoments(variables), variables);
        const moments = batchMoments(h);
        out.batch.push(moments);
        return normalize(h, moments, variables);
      },
      act: (h) => activate(e.act, e.slope, h),
      record: (h) => {
        const tapped = out.hidden.length < taps.length ? tf.add(h, taps[out.hidden.length]) : h;
        out.hidden.push(tapped);
        return tapped;
      },
      alpha: (h) => tf.mul(h, p.alphas[alpha++]),
      add: (skip, branch) => tf.add(skip, branch),
    },
    x,
  );
  return out;
}
