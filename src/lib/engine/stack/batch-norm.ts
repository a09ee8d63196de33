/**
 * Batch normalization of a stacked activation [R, n, units] (or of one [n, h, w, channels]
 * map per run, a conv net's), per run, as tf.layers'
 * BatchNormalization computes it (tfjs-layers 4.22 normalization.js): batch statistics
 * from tf.moments over the examples (the biased variance, which is also what the moving
 * variance tracks), epsilon 1e-5, and moving statistics updated as
 * moving <- moving - (moving - batch)·(1 - momentum), momentum 0.9.
 *
 * tf.batchNorm itself is not used: its CPU kernel indexes mean and variance cyclically
 * over the flat tensor, which is only right for statistics over the last axis alone.
 */
import * as tf from '@tensorflow/tfjs';
import { BN_EPSILON, BN_MOMENTUM } from '../architectures';
import { alongRuns } from '../optimizer';
import type { NormVariables } from './params';

export interface BatchMoments {
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/** γ·(x − mean)/√(variance + ε) + β with [R, 1, units] statistics (or one run's [1, units] slices, for its map). */
export function normalize(x: tf.Tensor, stats: BatchMoments, n: { gamma: tf.Tensor; beta: tf.Tensor }): tf.Tensor {
  const scale = tf.mul(n.gamma, tf.rsqrt(tf.add(stats.variance, BN_EPSILON)));
  return tf.add(tf.mul(tf.sub(x, stats.mean), scale), n.beta);
}

/** Each run's statistics over its own examples (axis 1): [R, 1, units]. */
export function batchMoments(x: tf.Tensor): BatchMoments {
  const { mean, variance } = tf.moments(x, 1, true);
  return { mean, variance };
}

/** Each run's statistics over its own map's examples and positions, stacked as [R, 1, channels]. */
export function perRunMoments(maps: tf.Tensor[]): BatchMoments {
  const each = maps.map((m) => tf.moments(m, [0, 1, 2]));
  const stackRuns = (parts: tf.Tensor[]) => tf.stack(parts).expandDims(1);
  return { mean: stackRuns(each.map((m) => m.mean)), variance: stackRuns(each.map((m) => m.variance)) };
}

export function movingMoments(n: NormVariables): BatchMoments {
  return { mean: n.movingMean, variance: n.movingVariance };
}

/**
 * One training step's update of the moving statistics. With `active` ([R] bool), a run
 * whose slice is switched off keeps its statistics as they are.
 */
export function updateMoving(n: NormVariables, batch: BatchMoments, active: tf.Tensor | null): void {
  const decay = 1 - BN_MOMENTUM;
  tf.tidy(() => {
    for (const [variable, value] of [
      [n.movingMean, batch.mean],
      [n.movingVariance, batch.variance],
    ] as const) {
      const next = tf.sub(variable, tf.mul(tf.sub(variable, value), decay));
      variable.assign(active ? tf.where(alongRuns(active, variable.rank), next, variable) : next);
    }
  });
}
