import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../experiment/config';

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
