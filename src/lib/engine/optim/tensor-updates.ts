/**
 * The update rules with ordinary TF.js ops: the path for the CPU backend (unit tests, the
 * CPU fallback) and the reference the fused shaders are tested against. Term by term the
 * same expressions as TF.js 4.22's SGD, Momentum and Adam optimizers.
 */
import * as tf from '@tensorflow/tfjs';
import { BETA1, BETA2, MOMENTUM, type StepScalars } from './update-rules';

/** w <- w - lr g */
export function sgdUpdate(w: tf.Tensor, g: tf.Tensor, s: StepScalars): tf.Tensor[] {
  return [tf.add(tf.mul(g, -s.lr), w)];
}

/** u <- mu u + g;  w <- w - lr u.  Returns [w', u']. */
export function momentumUpdate(w: tf.Tensor, g: tf.Tensor, u: tf.Tensor, s: StepScalars): tf.Tensor[] {
  const velocity = tf.add(tf.mul(u, MOMENTUM), g);
  return [tf.add(tf.mul(velocity, -s.lr), w), velocity];
}

/**
 * m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g²;  w <- w - lr (m/c1) / (sqrt(v/c2) + eps).
 * Returns [w', m', v'].
 */
export function adamUpdate(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: StepScalars): tf.Tensor[] {
  const m1 = tf.add(tf.mul(m, BETA1), tf.mul(g, 1 - BETA1));
  const v1 = tf.add(tf.mul(v, BETA2), tf.mul(tf.square(g), 1 - BETA2));
  const step = tf.div(tf.div(m1, s.correction1), tf.add(tf.sqrt(tf.div(v1, s.correction2)), s.epsilon));
  return [tf.add(tf.mul(step, -s.lr), w), m1, v1];
}
