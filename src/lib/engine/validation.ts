/**
 * Validation in chunks, so the activations of every validation image never coexist on the
 * device: one definition for the single-run trainer, the stacked one and the transfer demo.
 */
import * as tf from '@tensorflow/tfjs';
import { EVAL_CHUNK } from './constants';

export { EVAL_CHUNK };

export interface ValidationData {
  valX: tf.Tensor2D;
  valY: tf.Tensor1D;
  valCount: number;
}

/** Σ over chunks of `perChunk(x, labels)`, divided by the number of validation images. */
export function meanOverValidation(data: ValidationData, perChunk: (x: tf.Tensor2D, labels: tf.Tensor1D) => tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let sum: tf.Tensor | null = null;
    for (let start = 0; start < data.valCount; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, data.valCount - start);
      const chunk = perChunk(data.valX.slice([start, 0], [size, -1]), data.valY.slice([start], [size]));
      sum = sum ? tf.add(sum, chunk) : chunk;
    }
    return tf.div(sum!, data.valCount);
  });
}

/**
 * Mean cross-entropy and accuracy over the validation images, from `logitsOf`'s logits
 * [n, classes] (one network) or [R, n, classes] (a stack): [2] or [R, 2].
 */
export function lossAndAccuracy(data: ValidationData, logitsOf: (x: tf.Tensor2D) => tf.Tensor): tf.Tensor {
  return meanOverValidation(data, (x, labels) => {
    const logits = logitsOf(x);
    const oneHot = tf.broadcastTo(tf.oneHot(labels, logits.shape.at(-1)!), logits.shape);
    const loss = tf.sum(tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, undefined, tf.Reduction.NONE), -1);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'), -1);
    return tf.stack([loss, correct], -1);
  });
}
