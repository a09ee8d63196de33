/**
 * The dataset, uploaded once. Every step gathers its batch on the device from these
 * tensors by index, so the only per-step upload is the batch's indices.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset';
import { inputMoments, standardizedPixels } from '../data/batches';
import { lsuvBatch, type InitBatch } from './init/lsuv-batch';
import { PROBE_SIZE } from './constants';

export interface GpuData {
  trainX: tf.Tensor2D;
  trainY: tf.Tensor1D;
  /** trainY as one-hot rows, so a step gathers its targets instead of encoding them. */
  trainOneHot: tf.Tensor2D;
  valX: tf.Tensor2D;
  valY: tf.Tensor1D;
  /**
   * A fixed probe batch for activation statistics and dead units: every k-th validation
   * image (the validation split is ordered by class, so a prefix would be one digit).
   */
  probeX: tf.Tensor2D;
  /** The probe batch's labels, one-hot (the signal probe back-propagates a real loss). */
  probeOneHot: tf.Tensor2D;
  trainCount: number;
  valCount: number;
  /** Input standardisation: x = (pixel/255 - mean) / std, with the training split's moments. */
  mean: number;
  std: number;
  /** The digits LSUV measures on, in plain JS (init/lsuv-batch.ts): training digits, not the probe. */
  lsuv: InitBatch;
}

export { PROBE_SIZE };

/**
 * Standardised inputs have unit variance, so the signal-propagation theory (which assumes
 * Var[x] = 1 entering layer 1) applies from the first layer on.
 */
export function uploadSplit(split: Split): GpuData {
  const moments = inputMoments(split.train);
  const { mean, std } = moments;
  const pixelsPerImage = split.train.rows * split.train.cols;
  const valCount = split.validation.count;
  const probeCount = Math.min(PROBE_SIZE, valCount);
  const probeIndex = Int32Array.from({ length: probeCount }, (_, i) => Math.floor((i * valCount) / probeCount));
  const trainLabels = Int32Array.from(split.train.labels);
  const tensors = tf.tidy(() => {
    const valX = tf.tensor2d(standardizedPixels(split.validation, moments), [valCount, pixelsPerImage]);
    const trainY = tf.tensor1d(trainLabels, 'int32');
    return {
      trainX: tf.tensor2d(standardizedPixels(split.train, moments), [split.train.count, pixelsPerImage]),
      trainY,
      trainOneHot: tf.oneHot(trainY, 10).toFloat() as tf.Tensor2D,
      valX,
      valY: tf.tensor1d(Int32Array.from(split.validation.labels), 'int32'),
      probeX: tf.gather(valX, probeIndex) as tf.Tensor2D,
      probeOneHot: tf
        .oneHot(
          tf.tensor1d(
            Int32Array.from(probeIndex, (i) => split.validation.labels[i]),
            'int32',
          ),
          10,
        )
        .toFloat() as tf.Tensor2D,
      trainCount: split.train.count,
      valCount,
      mean,
      std,
    };
  });
  return { ...tensors, lsuv: lsuvBatch(split) };
}

export function disposeGpuData(data: GpuData): void {
  tf.dispose([data.trainX, data.trainY, data.trainOneHot, data.valX, data.valY, data.probeX, data.probeOneHot]);
}

/** One split on the device at a time: uploaded on first use, replaced when the split changes. */
export class GpuDataCache {
  #held: { split: Split; data: GpuData } | null = null;

  for(split: Split): GpuData {
    if (this.#held?.split !== split) {
      this.release();
      this.#held = { split, data: uploadSplit(split) };
    }
    return this.#held.data;
  }

  release(): void {
    if (this.#held) disposeGpuData(this.#held.data);
    this.#held = null;
  }
}
