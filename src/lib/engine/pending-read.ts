/**
 * A block's numbers on their way back from the device: started at the end of one block,
 * collected after the next is queued, so the device never idles while a read crosses back
 * (train-experiment.ts).
 */
import type * as tf from '@tensorflow/tfjs';

export interface PendingRead {
  stacked: tf.Tensor;
  values: Promise<Float32Array>;
  firstStep: number;
  count: number;
}

/** A read's numbers; its tensor is freed whether they arrive or the read fails (a lost context rejects it). */
export async function settle(read: PendingRead): Promise<Float32Array> {
  try {
    return await read.values;
  } finally {
    read.stacked.dispose();
  }
}
