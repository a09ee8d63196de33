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

export { NUM_CLASSES } from './architectures';

export interface BuiltModel {
  model: tf.LayersModel;
  graph: Graph;
  layers: LayerInfo[];
  /** Things about this variant a person should know (e.g. a zero-init mode with no effect). */
  notes: string[];
}

export function isResidual(e: Experiment): boolean {
  return e.arch === 'resmlp' || e.arch === 'rescnn';
}

/** What a zero-init mode does in this variant, and a note when it can do nothing or harm. */
export function zeroInitPlan(e: Experiment, v: Variant): { kernel: boolean; gamma: boolean; alpha: boolean; notes: string[] } {
  const notes: string[] = [];
  if (v.zero === 'none') return { kernel: false, gamma: false, alpha: false, notes };
  if (!isResidual(e)) {
    notes.push(`zero-init "${v.zero}" applies to residual branches; this ${e.arch.toUpperCase()} has none, so it has no effect.`);
    return { kernel: false, gamma: false, alpha: false, notes };
  }
  const hasBn = v.bn !== 'none';
  const kernel = v.zero === 'kernel' || v.zero === 'both';
  const gamma = (v.zero === 'gamma' || v.zero === 'both') && hasBn;
  if ((v.zero === 'gamma' || v.zero === 'both') && !hasBn) {
    notes.push(`zero-init "${v.zero}" zeroes the last batch-norm γ of each branch, but batch norm is off: there is no γ to zero.`);
  }
  if (kernel && gamma) {
    notes.push(
      'Both the last kernel and the last BN γ of every branch start at zero. The kernel’s gradient is scaled by γ (= 0) and γ’s ' +
        'gradient by the normalised kernel output (= 0 when the kernel is 0): neither can ever move. Only the branch’s last BN ' +
        'β still learns, and it adds the same per-unit constant for every input, so the network trains like its stem and head ' +
        'with a learned bias added before each block’s activation.',
    );
  } else if (kernel && hasBn) {
    notes.push(
      'The last kernel of every branch starts at zero, but batch norm follows it. BN divides that kernel’s output by its batch ' +
        'std, √(0 + ε) = √ε ≈ 0.003 at init, so the first gradient reaching the kernel is tens to hundreds of times what it would be without ' +
        'BN (amplified up to 1/√ε ≈ 316×, less the part BN’s mean subtraction removes), and from ' +
        'the second step on BN rescales whatever the kernel has become to unit variance: each branch is fully on after one ' +
        'step and the trunk grows as without zero-init. With BN, zero the last γ instead (zero=gamma): it scales after the ' +
        'normalisation, so the branch stays off until γ itself grows.',
    );
  }
  return { kernel, gamma, alpha: v.zero === 'alpha', notes };
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
    const { values, info } = initialKernel(v, kernelVar.shape as number[], ctx, { initSeed, index, last: index === last, zeroed, name: layer.name });
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
  const values = at.zeroed ? new Float32Array(shape.reduce((a, b) => a * b, 1)) : generateWeights(v.init, shape, ctx, deriveSeed(at.initSeed, 'layer', at.index));
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
