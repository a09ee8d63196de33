import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../experiment/config';

// Which activations form which family is defined in pure modules (no TF.js), for the page,
// the cards and the PyTorch export: unit-activity.ts (units that can be dead or inactive)
// and signal/act-math.ts (piecewise-linear, positively homogeneous, rectifiers).

/**
 * One activation as its own layer (not a Dense `activation:` option), so the model has a
 * distinct tensor for pre- and post-activation values: the activation and dead-ReLU views
 * read them from the same forward pass that computes the loss.
 */
export function activationLayer(act: Activation, slope: number, name: string): tf.layers.Layer {
  if (act === 'leaky_relu') return tf.layers.leakyReLU({ alpha: slope, name });
  // tfjs-layers implements gelu with erf, the exact form (not the tanh approximation).
  return tf.layers.activation({ activation: act, name });
}

/**
 * The same activations as plain functions, op for op what the tf.layers above compute
 * (tfjs-layers 4.22: elu with alpha 1, selu's fixed constants, gelu = x·½(1 + erf(x/√2))),
 * for the stacked engine's models, which are functions of their variables (stack/).
 */
export function activate(act: Activation, slope: number, x: tf.Tensor): tf.Tensor {
  switch (act) {
    case 'relu':
      return tf.relu(x);
    case 'leaky_relu':
      return tf.leakyRelu(x, slope);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
    case 'elu':
      return tf.elu(x);
    case 'selu':
      return tf.selu(x);
    case 'gelu':
      return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
  }
}
