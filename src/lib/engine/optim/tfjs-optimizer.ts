/**
 * TF.js's own optimizers with the lab's hyperparameters: what plain `model.fit` uses in the
 * benchmark (and the reference the lab's optimizer is tested against).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerId } from '../../experiment/config';
import { MOMENTUM } from './update-rules';

export function makeTfjsOptimizer(opt: OptimizerId, lr: number): tf.Optimizer {
  switch (opt) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, MOMENTUM);
    case 'adam':
      return tf.train.adam(lr);
  }
}

/**
 * tfjs 4.22's MomentumOptimizer.dispose() forgets its parent's learning-rate scalar (it
 * never calls SGDOptimizer.dispose), leaking one tensor per run; free it here.
 */
export function disposeTfjsOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const learningRate = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (optimizer.getClassName() === 'Momentum' && learningRate && !learningRate.isDisposed) learningRate.dispose();
}
