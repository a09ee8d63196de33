/**
 * Test helper: one real MNIST batch, standardised as the lab standardises it, plus the
 * finite-width tolerance the probe tests compare measurements to theory with.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeGpuData, uploadSplit } from '../engine/gpu-data';
import { realMnistSplit, subset } from './mnist-split';
import type { SignalBatch } from '../engine/signal/probe';

export async function mnistBatch(n: number): Promise<{ batch: SignalBatch; dispose: () => void }> {
  await tf.setBackend('cpu');
  const data = uploadSplit(subset(await realMnistSplit(), n, 10));
  return { batch: { x: data.trainX, y: data.trainOneHot }, dispose: () => disposeGpuData(data) };
}

/** The first n examples of a batch (new tensors: dispose them). */
export function sliceBatch(batch: SignalBatch, n: number): SignalBatch {
  return { x: batch.x.slice([0, 0], [n, 784]), y: batch.y.slice([0, 0], [n, 10]) };
}

/**
 * How far one width-n ReLU net may stray from mean-field theory after `layers` layers, in
 * log-std. Per layer, a ReLU layer multiplies the second moment by (2/n)·χ² over a Binomial
 * number of live units, whose log has variance ≈ 5/n (Hanin & Nica 2019); layers are
 * independent, so log(std) (half the log second moment) has sd ½·√(5·layers/n). Three sd:
 * one draw of the weights is what the probe measures, and theory is the average over draws.
 */
export function finiteWidthBand(layers: number, width: number): number {
  return 3 * 0.5 * Math.sqrt((5 * layers) / width);
}
