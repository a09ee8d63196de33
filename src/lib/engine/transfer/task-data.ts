/**
 * One task's images on the device. Like ../gpu-data.ts (uploaded once; each step gathers its
 * batch by index) but with the standardisation passed in, so source and target tasks share
 * one input scale, and with one-hot targets as wide as the task's head.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, Split } from '../../data/dataset';

export interface TaskTensors {
  trainX: tf.Tensor2D;
  trainOneHot: tf.Tensor2D;
  valX: tf.Tensor2D;
  valY: tf.Tensor1D;
  trainCount: number;
  valCount: number;
}

function standardized(ds: Dataset, mean: number, std: number): Float32Array {
  const out = new Float32Array(ds.images.length);
  const scale = 1 / (255 * std);
  const shift = mean / std;
  for (let i = 0; i < out.length; i++) out[i] = ds.images[i] * scale - shift;
  return out;
}

export function uploadTask(task: Split, moments: { mean: number; std: number }, classes: number): TaskTensors {
  const pixels = task.train.rows * task.train.cols;
  return tf.tidy(() => ({
    trainX: tf.tensor2d(standardized(task.train, moments.mean, moments.std), [task.train.count, pixels]),
    trainOneHot: tf.oneHot(tf.tensor1d(Int32Array.from(task.train.labels), 'int32'), classes).toFloat() as tf.Tensor2D,
    valX: tf.tensor2d(standardized(task.validation, moments.mean, moments.std), [task.validation.count, pixels]),
    valY: tf.tensor1d(Int32Array.from(task.validation.labels), 'int32'),
    trainCount: task.train.count,
    valCount: task.validation.count,
  }));
}

export function disposeTask(t: TaskTensors): void {
  tf.dispose([t.trainX, t.trainOneHot, t.valX, t.valY]);
}
