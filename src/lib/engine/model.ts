/**
 * Builds a run's network and writes the lab's own exact, seeded weights into it (see
 * ./init: TF.js's built-in initializers are not what they claim), then applies residual
 * zero-init to the end of every branch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../experiment/config';
import { paramOf, type Variant } from '../experiment/plan';
import { buildGraph, type Graph } from './architectures';
import type { LayerInfo } from './events';
import type { InitContext } from './init';
import { initialKernel, runLsuv, type InitBatch } from './init/run-kernels';
import { lsuvNotes } from './init/lsuv-notes';
import { kernelInitScale } from './mup';
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
 * `initBatch`: the LSUV batch (GpuData.lsuv), which init=lsuv needs.
 */
export function buildModel(
  e: Experiment,
  v: Variant,
  initSeed: number,
  opts: { taps?: boolean; initBatch?: InitBatch | null } = {},
): BuiltModel {
  const zero = zeroInitPlan(e, v);
  const lsuv = runLsuv(e, { ...v, initSeed }, opts.initBatch);
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
      initScale: kernelInitScale(e, paramOf(v), index, last + 1),
      lsuv: lsuv?.[index],
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
  return { model, graph, layers, notes: [...zero.notes, ...lsuvNotes(lsuv, opts.initBatch)] };
}

/** The tf.Variable behind each layer's kernel, in the same order as BuiltModel.layers. */
export function kernelVariables(built: BuiltModel): tf.Variable[] {
  return built.graph.kernelLayers.map((layer) => layer.trainableWeights[0].read() as tf.Variable);
}

export function trainableVariables(built: BuiltModel): tf.Variable[] {
  return built.model.trainableWeights.map((w) => w.read() as tf.Variable);
}
