/**
 * Builds a run's network and writes the lab's own exact, seeded weights into it (see
 * ./init: TF.js's built-in initializers are not what they claim), then applies residual
 * zero-init to the end of every branch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../experiment/config';
import type { Variant } from '../experiment/plan';
import { deriveSeed } from '../random/prng';
import { buildGraph, type Graph } from './architectures';
import type { LayerInfo } from './events';
import { describeInit, generateWeights, type InitContext } from './init';
import { zeroInitPlan } from './zero-init';

export { NUM_CLASSES } from './architectures';

export interface BuiltModel {
  model: tf.LayersModel;
  graph: Graph;
  layers: LayerInfo[];
  /** Things about this variant a person should know (e.g. a zero-init mode with no effect). */
  notes: string[];
}

/**
 * `taps: true` builds the signal-propagation variant: inputs [pixels, ...taps], outputs
 * [logits, ...hidden activations]. Same seeds, so the same weights as the training model.
 */
export function buildModel(e: Experiment, v: Variant, initSeed: number, opts: { taps?: boolean } = {}): BuiltModel {
  const zero = zeroInitPlan(e, v);
  const graph = buildGraph(e, { bn: v.bn, alpha: zero.alpha, taps: opts.taps });
  const model = opts.taps
    ? tf.model({ inputs: [graph.input, ...graph.taps], outputs: [graph.logits, ...graph.hidden.map((h) => h.tensor)] })
    : tf.model({ inputs: graph.input, outputs: graph.logits });
  const ctx: InitContext = { act: e.act, slope: e.slope, gain: e.gain };
  const last = graph.kernelLayers.length - 1;
  const layers = graph.kernelLayers.map((layer, index): LayerInfo => {
    const [kernelVar, biasVar] = layer.weights;
    const zeroed = zero.kernel && graph.branchEndKernels.has(layer);
    const { values, info } = initialKernel(v, kernelVar.shape as number[], ctx, {
      initSeed,
      index,
      last: index === last,
      zeroed,
      name: layer.name,
    });
    const kernel = tf.tensor(values, info.shape);
    const bias = tf.fill(biasVar.shape as number[], e.bias);
    layer.setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
    return info;
  });
  if (zero.gamma) {
    for (const norm of graph.branchEndNorms) {
      const [gamma, ...rest] = norm.getWeights();
      const zeros = tf.zerosLike(gamma);
      norm.setWeights([zeros, ...rest]);
      zeros.dispose();
    }
  }
  return { model, graph, layers, notes: zero.notes };
}

/**
 * One kernel's initial values and its description, exactly as every model of the lab draws
 * them: the lab's own initializer with a seed derived from the layer's position (so a
 * zeroed layer does not shift the others' draws), or zeros for a zero-init branch end.
 */
export function initialKernel(
  v: Variant,
  shape: number[],
  ctx: InitContext,
  at: { initSeed: number; index: number; last: boolean; zeroed: boolean; name: string },
): { values: Float32Array; info: LayerInfo } {
  const info = describeInit(v.init, shape, ctx);
  const values = at.zeroed
    ? new Float32Array(shape.reduce((a, b) => a * b, 1))
    : generateWeights(v.init, shape, ctx, deriveSeed(at.initSeed, 'layer', at.index));
  return {
    values,
    info: {
      name: at.name,
      label: at.last ? 'out' : `L${at.index + 1}`,
      shape: [...shape],
      fanIn: info.fanIn,
      fanOut: info.fanOut,
      initStd: at.zeroed ? 0 : info.std,
      initMean: at.zeroed ? 0 : info.mean,
      gain: info.gain,
    },
  };
}

/** The tf.Variable behind each layer's kernel, in the same order as BuiltModel.layers. */
export function kernelVariables(built: BuiltModel): tf.Variable[] {
  return built.graph.kernelLayers.map((layer) => layer.trainableWeights[0].read() as tf.Variable);
}

export function trainableVariables(built: BuiltModel): tf.Variable[] {
  return built.model.trainableWeights.map((w) => w.read() as tf.Variable);
}
