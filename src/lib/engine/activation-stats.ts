/**
 * Per-layer activation statistics on the device, packed so that all layers of a probe come
 * back in the same single read as the evaluation numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../experiment/config';
import { HISTOGRAM_BINS, HISTOGRAM_SAMPLE } from './constants';
import { hasInactiveUnits } from './unit-activity';

export { HISTOGRAM_BINS, HISTOGRAM_SAMPLE };

const FIELDS = 5; // mean, std, inactive fraction, min, max

export interface ActivationStats {
  label: string;
  mean: number;
  std: number;
  /**
   * Fraction of units (channels for conv layers) whose output is <= 0 for every example of
   * the probe batch: dead for ReLU, only inactive for the others (see unit-activity.ts).
   * NaN for activations that have no such state (tanh, sigmoid, linear, selu).
   */
  inactive: number;
  min: number;
  max: number;
  /** Counts of values in HISTOGRAM_BINS equal bins spanning [min, max] (sampled). */
  histogram: number[];
}

/** [mean, std, inactive, min, max, ...histogram] of one hidden activation tensor. */
export function activationStatsTensor(h: tf.Tensor, act: Activation): tf.Tensor1D {
  return tf.tidy(() => stackedActivationStats(h.expandDims(0), act).squeeze([0]) as tf.Tensor1D);
}

/**
 * The same for R runs at once: `h` is [R, ...one run's activation], the result [R, STATS_WIDTH],
 * every statistic taken over its own run's slice only.
 */
export function stackedActivationStats(h: tf.Tensor, act: Activation): tf.Tensor2D {
  return tf.tidy(() => {
    const runs = h.shape[0];
    const units = h.shape[h.shape.length - 1]!;
    const rows = h.reshape([runs, -1, units]);
    const { mean, variance } = tf.moments(rows, [1, 2]);
    const inactive = hasInactiveUnits(act) ? tf.lessEqual(tf.max(rows, 1), 0).toFloat().mean(1) : tf.fill([runs], Number.NaN);
    const lo = tf.min(rows, [1, 2]).reshape([runs, 1]);
    const hi = tf.max(rows, [1, 2]).reshape([runs, 1]);
    const flat = rows.reshape([runs, -1]);
    const sampleSize = Math.min(HISTOGRAM_SAMPLE, flat.shape[1]!);
    const sample = flat.slice([0, 0], [runs, sampleSize]);
    // Cumulative counts below each inner edge, then differences: no scatter/bincount needed
    // (WebGL's bincount reads back to the CPU synchronously).
    const inner = tf.range(1, HISTOGRAM_BINS).div(HISTOGRAM_BINS).expandDims(0).mul(hi.sub(lo)).add(lo);
    const below = tf.less(sample.expandDims(2), inner.expandDims(1)).toFloat().sum(1);
    const cumulative = tf.concat([tf.zeros([runs, 1]), below, tf.fill([runs, 1], sampleSize)], 1);
    const counts = cumulative.slice([0, 1], [runs, HISTOGRAM_BINS]).sub(cumulative.slice([0, 0], [runs, HISTOGRAM_BINS]));
    return tf.concat([tf.stack([mean, tf.sqrt(variance), inactive], 1), lo, hi, counts], 1) as tf.Tensor2D;
  });
}

export const STATS_WIDTH = FIELDS + HISTOGRAM_BINS;

export function decodeActivationStats(values: Float32Array, offset: number, label: string): ActivationStats {
  const v = values.subarray(offset, offset + STATS_WIDTH);
  return {
    label,
    mean: v[0],
    std: v[1],
    inactive: v[2],
    min: v[3],
    max: v[4],
    histogram: Array.from(v.subarray(FIELDS)),
  };
}
