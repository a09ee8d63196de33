import * as tf from '@tensorflow/tfjs';
import type { OptimizerId } from '../experiment/config';

/** Momentum 0.9 and Adam's defaults (0.9, 0.999, 1e-7 in TF.js) are the conventional choices. */
export function makeOptimizer(opt: OptimizerId, lr: number): tf.Optimizer {
  switch (opt) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
  }
}

/**
 * tfjs 4.22's MomentumOptimizer.dispose() forgets its parent's learning-rate scalar (it
 * never calls SGDOptimizer.dispose), leaking one tensor per run; free it here.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const learningRate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (optimizer.getClassName() === 'Momentum' && learningRate && !learningRate.isDisposed) learningRate.dispose();
}
