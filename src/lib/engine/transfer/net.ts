/**
 * The demo's network: the lab's own MLP (../model.ts buildModel: its graph and its exact,
 * seeded He-normal weights) with the 10-way head swapped for a k-way one, drawn by the same
 * initializer from its own seed. buildGraph fixes the head at NUM_CLASSES = 10, so the swap
 * happens here rather than in the shared builder.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_EXPERIMENT, type Experiment, type InitChoice } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { deriveSeed } from '../../random/prng';
import { generateWeights } from '../init';
import { buildModel } from '../model';

export interface NetShape {
  arch: 'mlp' | 'cnn';
  /** Hidden layers (dense for mlp, conv for cnn). */
  depth: number;
  /** Units per hidden dense layer (mlp). */
  width: number;
  /** Channels per conv layer (cnn). */
  channels: number;
  /** Output classes of the head. */
  classes: number;
}

export const HE_NORMAL: InitChoice = { scheme: 'he_normal' };

/** The experiment the lab's builder sees: a plain ReLU MLP, He normal, no BN, zero biases. */
export function transferExperiment(shape: NetShape): Experiment {
  return {
    ...DEFAULT_EXPERIMENT,
    arch: shape.arch,
    depth: shape.depth,
    width: shape.width,
    channels: shape.channels,
    act: 'relu',
    init: [HE_NORMAL],
    gain: 'auto',
    bias: 0,
    bn: ['none'],
    zero: ['none'],
  };
}

export interface TransferNet {
  /** pixels [n, 784] -> logits [n, classes]. */
  model: tf.LayersModel;
  /**
   * The hidden dense (or conv) layers, input side first: what transfer copies. The demo's
   * nets have no batch norm, so these hold every weight below the head.
   */
  body: tf.layers.Layer[];
  /** pixels -> the head's input (the last hidden features), sharing the same layers. */
  features: tf.LayersModel;
  /** The k-way output layer: always drawn fresh. */
  head: tf.layers.Layer;
  bodyVariables: tf.Variable[];
  headVariables: tf.Variable[];
  dispose(): void;
}

const variablesOf = (layers: tf.layers.Layer[]) => layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));

/**
 * Hidden layers from `initSeed` (the lab's per-layer seeds), head from `headSeed`: two nets
 * built with the same headSeed start with bit-identical heads whatever their bodies.
 */
export function buildTransferNet(shape: NetShape, initSeed: number, headSeed: number): TransferNet {
  const experiment = transferExperiment(shape);
  const variant: Variant = { init: HE_NORMAL, bn: 'none', zero: 'none' };
  const built = buildModel(experiment, variant, initSeed);
  const kernels = built.graph.kernelLayers;
  const body = kernels.slice(0, -1);
  // The lab's head stays in `built` unused: its input (the last hidden activation) feeds the new head.
  const features = kernels[kernels.length - 1].input as tf.SymbolicTensor;
  const head = tf.layers.dense({
    units: shape.classes,
    kernelInitializer: 'zeros',
    biasInitializer: 'zeros',
    name: `head${shape.classes}`,
  });
  const model = tf.model({ inputs: built.graph.input, outputs: head.apply(features) as tf.SymbolicTensor });
  const kernelShape = [features.shape[1]!, shape.classes];
  const ctx = { act: experiment.act, slope: experiment.slope, gain: experiment.gain };
  const kernel = tf.tensor(generateWeights(HE_NORMAL, kernelShape, ctx, deriveSeed(headSeed, 'head')), kernelShape);
  const bias = tf.zeros([shape.classes]);
  head.setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  let disposed = false;
  return {
    model,
    // A view over the same layers: it owns no weights, so it is never disposed on its own.
    features: tf.model({ inputs: built.graph.input, outputs: features }),
    body,
    head,
    bodyVariables: variablesOf(body),
    headVariables: variablesOf([head]),
    dispose() {
      if (disposed) return;
      disposed = true;
      // The wrapper shares its layers with built.model, so the weights are freed through
      // built.model (every body layer and the unused 10-way head) and the new head itself;
      // disposing the wrapper too would dispose the shared layers a second time and throw.
      built.model.dispose();
      head.dispose();
    },
  };
}

/** Writes `from`'s hidden weights (kernels and biases) into `to`: the transfer step. */
export function copyBody(from: TransferNet, to: TransferNet): void {
  if (from.body.length !== to.body.length) throw new Error(`cannot copy ${from.body.length} hidden layers into ${to.body.length}`);
  // assign() shares the source's data (copy on write), so `from` can be disposed afterwards.
  to.body.forEach((layer, i) => layer.setWeights(from.body[i].getWeights()));
}
