/**
 * Evaluation of every run of a stack in one pass and one read: validation loss and
 * accuracy (inference mode, in chunks), kernel norms, the last tracked update ratios, unit
 * spread, and activation statistics on the probe batch, packed per run in eval-point.ts's
 * layout as one [R, width] tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { stackedActivationStats } from '../activation-stats';
import type { BnStats } from '../events';
import type { GpuData } from '../gpu-data';
import { allButRuns } from '../optim/squared-norm';
import { lossAndAccuracy } from '../validation';
import { stackedForward } from './forward';
import type { StackedParams } from './params';

/** Per run, √Σw² of each kernel: [R, kernels]. */
export function stackedKernelNorms(kernels: tf.Tensor[]): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf.stack(
        kernels.map((k) => tf.sqrt(tf.sum(tf.square(k), allButRuns(k)))),
        1,
      ) as tf.Tensor2D,
  );
}

/** Per run, ‖W_after − W_before‖ / ‖W_before‖ of each kernel: [R, kernels]. */
export function stackedUpdateRatios(after: tf.Tensor[], before: tf.Tensor[]): tf.Tensor2D {
  return tf.tidy(() => tf.div(stackedKernelNorms(after.map((k, i) => tf.sub(k, before[i]))), stackedKernelNorms(before)) as tf.Tensor2D);
}

/**
 * `bnStats` 'batch': the probe's activations use its own batch statistics (the picture at
 * init, see EvalPoint.bnStats); the moving statistics are read, never written, here.
 */
export function stackedEvaluation(p: StackedParams, data: GpuData, bnStats: BnStats, updateRatios: tf.Tensor | null): tf.Tensor2D {
  return tf.tidy(() => {
    const R = p.runs;
    const validation = lossAndAccuracy(data, (x) => stackedForward(p, x, 'moving').logits);
    const kernels = p.kernels;
    // Per run, how far each output unit's weights are from the first unit's (0: all identical).
    const spread = tf.stack(
      kernels.map((k) => {
        const units = k.reshape([R, -1, k.shape.at(-1)!]);
        return tf.max(tf.abs(tf.sub(units, units.slice([0, 0, 0], [-1, -1, 1]))), [1, 2]);
      }),
      1,
    );
    const ratios = updateRatios ?? tf.fill([R, kernels.length], Number.NaN);
    const { hidden } = stackedForward(p, data.probeX, bnStats === 'batch' ? 'batch' : 'moving');
    const stats = hidden.map((h) => stackedActivationStats(h, p.experiment.act));
    return tf.concat([validation, stackedKernelNorms(kernels), ratios, spread, ...stats], 1) as tf.Tensor2D;
  });
}
