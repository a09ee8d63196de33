/**
 * The stacked network as a plain function of its variables: one pass over R runs at once.
 * Each dense layer is one batched matMul [R, n, in] × [R, in, out] (on wasm R rank-2 ones,
 * see products.ts). TF.js 4.22 has no grouped conv2d, so the conv layers of a conv net run
 * per run, on [n, h, w, c] maps and each run's slice of the stacked kernel, with the rest
 * (the dense head, the loss, the gradient norms, the optimizer) stacked. The same function
 * serves training (batch statistics), evaluation (moving statistics) and the probes, and it
 * returns the hidden post-activations of the very pass that computed the logits.
 */
import * as tf from '@tensorflow/tfjs';
import { isConv } from '../../experiment/config';
import { activate } from '../activations';
import { batchMoments, movingMoments, normalize, perRunMoments, type BatchMoments } from './batch-norm';
import type { StackedParams } from './params';
import { productsPerRun, runsProduct } from './products';
import { walkNet } from './walk';

export interface StackedForward {
  /** [R, n, classes]. */
  logits: tf.Tensor;
  /** Each recorded hidden post-activation, [R, n, units] (dense) or [R, n·h·w, channels] (conv), in layout order (empty when not asked for). */
  hidden: tf.Tensor[];
  /** With batch statistics: each norm's, for the caller to fold into the moving ones. */
  batch: BatchMoments[];
}

/**
 * What flows between layers: one stacked tensor [R, n, ...] in the dense part (rank 2 for
 * the shared input rows), one [n, h, w, c] map per run in the conv part.
 */
type Flow = tf.Tensor | tf.Tensor[];

const perRun = (f: Flow, runs: number): tf.Tensor[] => (Array.isArray(f) ? f : Array.from({ length: runs }, () => f));
/**
 * Run r's slice of a stacked tensor, without the run axis. A slice rather than tf.unstack:
 * TF.js's unstack gradient fails when any of its outputs gets none.
 */
const sliceOf = (t: tf.Tensor, r: number) => tf.squeeze(tf.slice(t, r, 1), [0]);
const slicesOf = (t: tf.Tensor, runs: number) => Array.from({ length: runs }, (_, r) => sliceOf(t, r));
const map = (f: Flow, op: (t: tf.Tensor) => tf.Tensor): Flow => (Array.isArray(f) ? f.map(op) : op(f));

export interface ForwardOptions {
  /**
   * `taps` (the signal probe's): one zero tensor per recorded activation, added to it, so
   * that the gradient with respect to a tap is the gradient with respect to that activation.
   */
  taps?: tf.Tensor[];
  /** Return the hidden activations (default true). Training does not look at them, and a conv net's cost a copy. */
  hidden?: boolean;
}

/**
 * `x`: [n, 784], the same examples for every run. `stats`: 'batch' normalises with each
 * run's batch statistics (training, and the at-init picture), 'moving' with its moving
 * statistics (inference). Nothing is updated here.
 */
export function stackedForward(p: StackedParams, x: tf.Tensor, stats: 'batch' | 'moving', opts: ForwardOptions = {}): StackedForward {
  const { experiment: e, runs } = p;
  const taps = opts.taps ?? [];
  const wantHidden = opts.hidden ?? true;
  const out: StackedForward = { logits: x, hidden: [], batch: [] };
  let kernel = 0;
  let norm = 0;
  let alpha = 0;
  let recorded = 0;
  const logits = walkNet<Flow>(
    e,
    p.structure,
    {
      linear: (h, kind) => {
        const w = p.kernels[kernel];
        const b = p.biases[kernel++];
        if (kind === 'conv') {
          const { shape } = p.layout.kernels[kernel - 1];
          return perRun(h, runs).map((maps, r) =>
            tf.add(tf.conv2d(maps as tf.Tensor4D, sliceOf(w, r).reshape(shape) as tf.Tensor4D, 1, 'same'), sliceOf(b, r)),
          );
        }
        const rows = h as tf.Tensor;
        // A shared rank-2 input broadcasts over the runs. Its matMul stays unfused: the
        // fused op's gradient also computes the input's (R·n·784·out multiply-adds for
        // pixels nobody differentiates), where tf.matMul's gradient is computed on demand.
        // wasm takes its products one run at a time (products.ts).
        if (rows.rank === 2 || productsPerRun(tf.getBackend())) return tf.add(runsProduct(rows, w), b);
        return tf.fused.matMul({ a: rows as tf.Tensor3D, b: w as tf.Tensor3D, bias: b });
      },
      norm: (h) => {
        const variables = p.norms[norm++];
        const moments = stats === 'moving' ? movingMoments(variables) : Array.isArray(h) ? perRunMoments(h) : batchMoments(h);
        if (stats === 'batch') out.batch.push(moments);
        if (!Array.isArray(h)) return normalize(h, moments, variables);
        const [mean, variance, gamma, beta] = [moments.mean, moments.variance, variables.gamma, variables.beta].map((t) =>
          slicesOf(t, runs),
        );
        return h.map((maps, r) => normalize(maps, { mean: mean[r], variance: variance[r] }, { gamma: gamma[r], beta: beta[r] }));
      },
      act: (h) => map(h, (t) => activate(e.act, e.slope, t)),
      record: (h) => {
        const tap = taps[recorded++];
        const tapped = tap ? (Array.isArray(h) ? h.map((t, r) => tf.add(t, sliceOf(tap, r))) : tf.add(h, tap)) : h;
        // A conv layer's maps as [R, n·h·w, channels]: the statistics take channels as units,
        // and rank 5 would need shaders TF.js's WebGL backend cannot compile.
        if (wantHidden) out.hidden.push(Array.isArray(tapped) ? tf.stack(tapped.map((t) => t.reshape([-1, t.shape.at(-1)!]))) : tapped);
        return tapped;
      },
      alpha: (h) => {
        const a = p.alphas[alpha++];
        if (!Array.isArray(h)) return tf.mul(h, a);
        return h.map((t, r) => tf.mul(t, sliceOf(a, r)));
      },
      add: (skip, branch) =>
        Array.isArray(skip) ? skip.map((t, r) => tf.add(t, (branch as tf.Tensor[])[r])) : tf.add(skip, branch as tf.Tensor),
      pool: (h) => map(h, (t) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')),
      flatten: (h) => tf.stack(perRun(h, runs).map((t) => t.reshape([t.shape[0], -1]))),
    },
    isConv(e.arch) ? x.reshape([-1, 28, 28, 1]) : x,
  );
  out.logits = logits as tf.Tensor;
  return out;
}
