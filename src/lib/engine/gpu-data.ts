/**
 * The dataset, uploaded once. Every step gathers its batch on the device from these
 * tensors by index, so the only per-step upload is the batch's indices.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, Split } from '../data/dataset';
import { pixelMoments } from '../data/batches';

export interface GpuData {
  trainX: tf.Tensor2D;
  trainY: tf.Tensor1D;
  /** trainY as one-hot rows, so a step gathers its targets instead of encoding them. */
  trainOneHot: tf.Tensor2D;
  valX: tf.Tensor2D;
  valY: tf.Tensor1D;
  trainCount: number;
  valCount: number;
  /** Input standardisation: x = (pixel/255 - mean) / std, with the training split's moments. */
  mean: number;
  std: number;
}

function standardized(ds: Dataset, mean: number, std: number): Float32Array {
  const pixels = ds.images;
  const out = new Float32Array(pixels.length);
  const scale = 1 / (255 * std);
  const shift = mean / std;
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] * scale - shift;
  return out;
}

/**
 * Standardised inputs have unit variance, so the signal-propagation theory (which assumes
 * Var[x] = 1 entering layer 1) applies from the first layer on.
 */
export function uploadSplit(split: Split): GpuData {
  const { mean, std } = pixelMoments(split.train);
  const pixelsPerImage = split.train.rows * split.train.cols;
  return tf.tidy(() => ({
    trainX: tf.tensor2d(standardized(split.train, mean, std), [split.train.count, pixelsPerImage]),
    trainY: tf.tensor1d(Int32Array.from(split.train.labels), 'int32'),
    trainOneHot: tf.oneHot(tf.tensor1d(Int32Array.from(split.train.labels), 'int32'), 10).toFloat() as tf.Tensor2D,
    valX: tf.tensor2d(standardized(split.validation, mean, std), [split.validation.count, pixelsPerImage]),
    valY: tf.tensor1d(Int32Array.from(split.validation.labels), 'int32'),
    trainCount: split.train.count,
    valCount: split.validation.count,
    mean,
    std,
  }));
}

export function disposeGpuData(data: GpuData): void {
  tf.dispose([data.trainX, data.trainY, data.trainOneHot, data.valX, data.valY]);
}
