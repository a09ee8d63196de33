/**
 * The Jacobian spectrum view's numbers: for each variant of an experiment, the singular
 * values of its hidden-to-hidden Jacobian (jacobian.ts) at a few real digits, pooled, with
 * their mean σ² beside the mean-field prediction of it. The prediction is the backward
 * recursion's own product of per-layer factors, (backward std at layer 1 / at layer L)²:
 * on square layers that product is exactly E[(1/n)·tr(JᵀJ)]. The mean is all mean-field
 * theory gives; the spread is what this view adds.
 */
import type { Experiment } from '../../experiment/config';
import { evenlySpaced } from '../../evenly-spaced';
import { planRuns, type Variant } from '../../experiment/plan';
import { relativeVarianceOf, theoryRelativeVariance } from './spectrum-theory';
import { runKernels, type InitBatch } from '../init/run-kernels';
import { singularValues } from '../linalg/singular-values';
import { jacobianSpectrum, meanSquaredSingularValue } from './jacobian';
import { theoryCurve } from './theory';

/** Jacobi on a 256×256 matrix takes about a second in a worker; wider would keep a person waiting. */
export const MAX_SPECTRUM_WIDTH = 256;
/** The spectrum across depth is taken at this many hidden layers at most (each costs one more SVD per digit). */
export const MAX_DEPTHS = 6;

/** Where σ lies at one depth, pooled over the digits: its 10th, 50th and 90th percentiles. */
export interface DepthSpread {
  /** The hidden layer l of ∂x_l/∂x₁ (2 … L). */
  layer: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Up to `max` hidden layers from 2 to `depth`, evenly spaced, the last always included. */
export function spreadLayers(depth: number, max = MAX_DEPTHS): number[] {
  return evenlySpaced(depth - 1, max).map((i) => i + 2); // layers 2 … depth
}

/** The q-quantile of values sorted largest first. */
export function quantileOf(sortedDescending: Float64Array, q: number): number {
  const i = Math.round((1 - q) * (sortedDescending.length - 1));
  return sortedDescending[Math.min(sortedDescending.length - 1, Math.max(0, i))];
}

const pooledDescending = (parts: Float64Array[]) =>
  Float64Array.from(parts.flatMap((s) => Array.from(s)))
    .sort()
    .reverse();

export interface VariantSpectrum {
  variant: number;
  /** Singular values at every input, pooled, largest first; empty when `why` says there are none. */
  values: Float64Array;
  inputs: number;
  meanSquare: number;
  /** Mean-field E[σ²]; null where the recursion has no backward pass (BN) or no theory. */
  theoryMeanSquare: number | null;
  /** Why this variant has no spectrum, or null. */
  why: string | null;
  /** The spread of σ at each of a few depths: how the spectrum widens layer by layer. */
  byDepth: DepthSpread[];
  /**
   * The whole spectrum theory gives, where it is known: a linear net's J is a plain product of
   * its s = depth − 1 square kernels, so orthogonal ones give every σ the same value
   * (isometry) and i.i.d. random ones the Fuss–Catalan law (fuss-catalan.ts), both scaled
   * to the mean square above.
   */
  law: { kind: 'isometry' } | { kind: 'fuss-catalan'; factors: number } | null;
  /** Var(σ²)/E[σ²]² of the pooled values, and what free probability predicts (spectrum-theory.ts; null where it does not apply). */
  relativeVariance: number;
  theoryRelativeVariance: number | null;
}

/** The spectral law of a variant's J, for linear nets, where one is known. */
function lawOf(e: Experiment, v: Variant): VariantSpectrum['law'] {
  if (e.act !== 'linear') return null;
  if (v.init.scheme === 'orthogonal') return { kind: 'isometry' };
  if (v.init.scheme === 'zeros' || v.init.scheme === 'constant') return null;
  return { kind: 'fuss-catalan', factors: e.depth - 1 };
}

/** Why the view cannot show this variant, or null when it can. */
export function whyNoSpectrum(e: Experiment, v: Variant): string | null {
  if (e.arch !== 'mlp')
    return 'The spectrum view covers plain MLPs: a conv or residual net’s Jacobian is not a product of square dense layers.';
  if (v.bn !== 'none') return 'Batch norm couples the examples of a batch, so one input’s Jacobian is not the network’s.';
  if (e.depth < 2) return 'It takes 2 or more hidden layers: with one, the hidden-to-hidden Jacobian is the identity.';
  if (e.width > MAX_SPECTRUM_WIDTH) return `It is computed for widths up to ${MAX_SPECTRUM_WIDTH}; this net is ${e.width} wide.`;
  return null;
}

/** The first seed of each variant (as the signal view draws it), at `inputs` (standardised digits). */
/** `initBatch`: the LSUV batch (init/lsuv-batch.ts), which init=lsuv variants are drawn from. */
export function variantSpectra(e: Experiment, inputs: readonly Float32Array[], initBatch?: InitBatch | null): VariantSpectrum[] {
  const firstSeeds = planRuns(e).filter((r) => r.repeat === 0);
  return firstSeeds.map((run): VariantSpectrum => {
    const why = whyNoSpectrum(e, run);
    if (why)
      return {
        variant: run.variant,
        values: new Float64Array(0),
        inputs: 0,
        meanSquare: Number.NaN,
        theoryMeanSquare: null,
        why,
        law: null,
        byDepth: [],
        relativeVariance: Number.NaN,
        theoryRelativeVariance: null,
      };
    const layers = runKernels(e, run, initBatch).slice(0, e.depth);
    const stack = { layers, bias: e.bias, act: e.act, slope: e.slope };
    const wanted = new Set(spreadLayers(e.depth));
    const atDepth = new Map<number, Float64Array[]>();
    const spectra = jacobianSpectrum(stack, inputs, (layer, partial) => {
      if (layer < e.depth && wanted.has(layer)) atDepth.set(layer, [...(atDepth.get(layer) ?? []), singularValues(partial)]);
    });
    atDepth.set(e.depth, spectra);
    const byDepth = [...atDepth.entries()]
      .sort(([a], [b]) => a - b)
      .map(([layer, parts]): DepthSpread => {
        const all = pooledDescending(parts);
        return { layer, p10: quantileOf(all, 0.1), p50: quantileOf(all, 0.5), p90: quantileOf(all, 0.9) };
      });
    const pooled = pooledDescending(spectra);
    const back = theoryCurve(e, run)?.backwardStd;
    const theoryMeanSquare = back && back.length === e.depth ? (back[0] / back[e.depth - 1]) ** 2 : null;
    return {
      variant: run.variant,
      values: pooled,
      inputs: inputs.length,
      meanSquare: meanSquaredSingularValue(spectra),
      theoryMeanSquare,
      why,
      law: theoryMeanSquare === null ? null : lawOf(e, run),
      byDepth,
      relativeVariance: relativeVarianceOf(pooled),
      theoryRelativeVariance: theoryMeanSquare === null ? null : theoryRelativeVariance(e, run),
    };
  });
}
