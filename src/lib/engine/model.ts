/**
 * Model builders. Layers are created with zero initializers and then overwritten with the
 * lab's own exact, seeded weights (see ./init): TF.js's built-in initializers are not what
 * they claim (truncated normals, seed quirks, slow orthogonal).
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment, InitChoice } from '../experiment/config';
import { deriveSeed } from '../random/prng';
import { activationLayer } from './activations';
import type { LayerInfo } from './events';
import { describeInit, generateWeights, type InitContext } from './init';

export const IMAGE_SIZE = 28;
export const NUM_CLASSES = 10;

export interface BuiltModel {
  model: tf.LayersModel;
  /** Layers that own a kernel, in forward order (hidden layers, then the output layer). */
  kernelLayers: tf.layers.Layer[];
  layers: LayerInfo[];
}

/** Which architectures this build of the engine can construct. */
export function isBuildable(e: Experiment): { ok: true } | { ok: false; reason: string } {
  if (e.arch === 'mlp' || e.arch === 'cnn') return { ok: true };
  return { ok: false, reason: `architecture "${e.arch}" is not available yet` };
}

export function inputShape(e: Experiment): number[] {
  return e.arch === 'cnn' || e.arch === 'rescnn' ? [IMAGE_SIZE, IMAGE_SIZE, 1] : [IMAGE_SIZE * IMAGE_SIZE];
}

function addNormAndActivation(e: Experiment, x: tf.SymbolicTensor, i: number): tf.SymbolicTensor {
  const bn = () => tf.layers.batchNormalization({ name: `bn${i}`, momentum: 0.9, epsilon: 1e-5 });
  let y = x;
  if (e.bn === 'before') y = bn().apply(y) as tf.SymbolicTensor;
  y = activationLayer(e.act, e.slope, `act${i}`).apply(y) as tf.SymbolicTensor;
  if (e.bn === 'after') y = bn().apply(y) as tf.SymbolicTensor;
  return y;
}

function buildGraph(e: Experiment): { model: tf.LayersModel; kernelLayers: tf.layers.Layer[] } {
  const input = tf.input({ shape: inputShape(e), name: 'pixels' });
  const kernelLayers: tf.layers.Layer[] = [];
  let x = input;
  const common = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
  if (e.arch === 'mlp') {
    for (let i = 1; i <= e.depth; i++) {
      const dense = tf.layers.dense({ units: e.width, name: `dense${i}`, ...common });
      kernelLayers.push(dense);
      x = addNormAndActivation(e, dense.apply(x) as tf.SymbolicTensor, i);
    }
  } else {
    for (let i = 1; i <= e.depth; i++) {
      const conv = tf.layers.conv2d({
        filters: e.channels,
        kernelSize: e.kernel,
        padding: 'same',
        name: `conv${i}`,
        ...common,
      });
      kernelLayers.push(conv);
      x = addNormAndActivation(e, conv.apply(x) as tf.SymbolicTensor, i);
      // Pool after the first two conv layers (28 -> 14 -> 7): deeper stacks keep 7x7 maps.
      if (i <= 2) x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${i}` }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  }
  const head = tf.layers.dense({ units: NUM_CLASSES, name: 'logits', ...common });
  kernelLayers.push(head);
  const logits = head.apply(x) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: logits }), kernelLayers };
}

/** Builds the network and writes the init scheme's weights into every kernel and bias. */
export function buildModel(e: Experiment, init: InitChoice, initSeed: number): BuiltModel {
  const buildable = isBuildable(e);
  if (!buildable.ok) throw new Error(buildable.reason);
  const { model, kernelLayers } = buildGraph(e);
  const ctx: InitContext = { act: e.act, slope: e.slope, gain: e.gain };
  const layers = kernelLayers.map((layer, index): LayerInfo => {
    const [kernelVar, biasVar] = layer.weights;
    const shape = kernelVar.shape as number[];
    const info = describeInit(init, shape, ctx);
    const kernel = tf.tensor(generateWeights(init, shape, ctx, deriveSeed(initSeed, 'layer', index)), shape);
    const bias = tf.fill(biasVar.shape as number[], e.bias);
    layer.setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
    const isHead = index === kernelLayers.length - 1;
    return {
      name: layer.name,
      label: isHead ? 'out' : `L${index + 1}`,
      shape: [...shape],
      fanIn: info.fanIn,
      fanOut: info.fanOut,
      initStd: info.std,
      initMean: info.mean,
      gain: info.gain,
    };
  });
  return { model, kernelLayers, layers };
}

/** The tf.Variable behind each layer's kernel, in the same order as BuiltModel.layers. */
export function kernelVariables(built: BuiltModel): tf.Variable[] {
  return built.kernelLayers.map((layer) => layer.trainableWeights[0].read() as tf.Variable);
}

export function trainableVariables(built: BuiltModel): tf.Variable[] {
  return built.model.trainableWeights.map((w) => w.read() as tf.Variable);
}
