/**
 * Mean-field prediction of the signal at init, layer by layer, for the MLP on screen: the
 * recursion behind every "too large / too small" argument, with this config's fans, stds,
 * bias, activation and batch norm. With zero-mean weights independent of the input,
 * Var(w·x) = n_in·σ²·E[x²] exactly (whatever the correlations between inputs), and wide
 * layers make the pre-activation Gaussian, so z_l ~ N(b, n_in·σ²·E[x_{l-1}²]). Each step
 * is the engine's (engine/signal/act-math.ts), as in its theory curve; this view adds the
 * pre-activation std the cards quote and stops where the variance overflows.
 */
import type { BatchNormMode, Experiment, InitChoice } from '../experiment/config';
import { actMoments, nextInputMoment, preActivation } from '../engine/signal/act-math';
import { layerFacts } from './layers';

export interface LayerSignal {
  label: string;
  /** Std of the pre-activation around its mean (the bias), over inputs and weight draws. */
  preStd: number;
  /** Mean of the pre-activation: the bias (before any batch norm). */
  preMean: number;
  /** Second moment of this layer's output E[x²] (after activation and BN); NaN for the head. */
  outMoment: number;
  /** E[f'(z)²] at the last hidden layer: how much of the gradient the activation passes back there; NaN elsewhere. */
  slopeMoment: number;
}

/** Inputs are standardised to mean 0 and variance 1 over the training set (data/batches.ts). */
export const INPUT_MOMENT = 1;
/** float32's largest finite value: a predicted signal past it overflows on the first pass. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Recent predictions by content: the panel asks again on every metric block with an equal config. */
const cache = new Map<string, LayerSignal[] | null>();
const CACHE_SIZE = 64;

/**
 * Null where the recursion does not describe the net: CNNs (padding and max-pooling change
 * the statistics), residual nets, and zeros/constant (non-random weights break the
 * zero-mean premise).
 */
export function predictSignal(e: Experiment, choice: InitChoice, bn: BatchNormMode): LayerSignal[] | null {
  const { arch, depth, width, act, slope, gain, bias } = e;
  const key = JSON.stringify([arch, depth, width, act, slope, gain, bias, bn, choice]);
  if (!cache.has(key)) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, compute(e, choice, bn));
  }
  return cache.get(key) ?? null;
}

function compute(e: Experiment, choice: InitChoice, bn: BatchNormMode): LayerSignal[] | null {
  if (e.arch !== 'mlp') return null;
  const layers = layerFacts(e, choice);
  if (layers.length === 0 || layers.some((l) => l.info.distribution === 'zeros' || l.info.distribution === 'constant')) {
    return null;
  }
  const out: LayerSignal[] = [];
  let moment = INPUT_MOMENT;
  const lastHidden = layers.length - 2;
  for (const [index, layer] of layers.entries()) {
    const variance = layer.info.fanIn * layer.info.std ** 2 * moment;
    const preStd = Math.sqrt(variance);
    if (layer.label === 'out' || !Number.isFinite(variance)) {
      out.push({ label: layer.label, preStd, preMean: e.bias, outMoment: NaN, slopeMoment: NaN });
      if (!Number.isFinite(variance)) break; // past overflow the recursion means nothing
      continue;
    }
    // BN before the activation hands it N(0, 1) whatever came in (gamma 1, beta 0 at init);
    // BN after it hands the next layer unit second moment.
    const z = preActivation(bn === 'before', e.bias, variance);
    const m = actMoments(e.act, e.slope, z.mean, z.variance);
    moment = nextInputMoment(bn === 'after', m);
    out.push({
      label: layer.label,
      preStd,
      preMean: e.bias,
      outMoment: moment,
      // Only the last hidden layer's slope is ever quoted.
      slopeMoment: index === lastHidden ? m.d2 : NaN,
    });
  }
  return out;
}

/** Geometric mean of the per-layer variance factor between the first and last hidden layer. */
export function perLayerFactor(signal: readonly LayerSignal[]): number | null {
  const hidden = signal.filter((s) => s.label !== 'out');
  if (hidden.length < 2) return null;
  const first = hidden[0].preStd;
  const last = hidden[hidden.length - 1].preStd;
  if (!(first > 0) || !Number.isFinite(last)) return null;
  return (last / first) ** (2 / (hidden.length - 1));
}

/**
 * Std of the first layer's pre-activation: it reads the standardized data directly, so it
 * needs no recursion, and it is the same with or without batch norm. Null where the
 * weights are not random or the arch's shapes are unknown.
 */
export function firstLayerStd(e: Experiment, choice: InitChoice): number | null {
  const first = layerFacts(e, choice)[0];
  if (!first || first.info.distribution === 'zeros' || first.info.distribution === 'constant') return null;
  return Math.sqrt(first.info.fanIn * first.info.std ** 2 * INPUT_MOMENT);
}
