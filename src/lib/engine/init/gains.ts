/**
 * Gains: the factor g that a scheme's variance is scaled by, and which g a scheme gets.
 * The fixed values follow PyTorch's torch.nn.init.calculate_gain so that numbers in the
 * lab match what users see in the PyTorch docs.
 */
import type { Activation, InitChoice, GainSetting, SchemeId } from '../../experiment/config';
import { activationFn } from '../signal/act-math';
import { gaussExpectMany } from '../signal/gauss';
import { SCHEME_INFO } from './schemes';

export interface InitContext {
  act: Activation;
  /** Negative slope of leaky_relu. */
  slope: number;
  gain: GainSetting;
}

/** Quadrature intervals for the gains: computed once, drawn into every weight, so a fine grid. */
const GAIN_INTERVALS = 20000;

/**
 * The variance-preserving gain 1/sqrt(E[f(z)^2]) for z ~ N(0, 1): with weights of variance
 * g^2/n, a layer maps unit-variance pre-activations to unit-variance pre-activations.
 * Split Simpson (signal/gauss.ts) on a 20,000-interval grid: exact to ~1e-14 even where f^2
 * has a kink in a higher derivative at 0, as ELU's does.
 */
export function varPreservingGain(f: (z: number) => number): number {
  const [second] = gaussExpectMany((z, out) => (out[0] = f(z) ** 2), 1, 0, 1, 'normal', GAIN_INTERVALS);
  return 1 / Math.sqrt(second);
}

// PyTorch's calculate_gain has no entry for ELU or GELU, so for those two the lab uses
// the variance-preserving gain, computed once on first use (ELU with alpha = 1; GELU in
// its exact z*Phi(z) form — the tanh approximation changes the gain by < 1e-3).
let eluGain: number | null = null;
let geluGain: number | null = null;

export function activationGain(act: Activation, slope: number): number {
  switch (act) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
      return Math.sqrt(2 / (1 + slope * slope));
    case 'selu':
      return 3 / 4;
    case 'elu':
      eluGain ??= varPreservingGain(activationFn('elu', 0));
      return eluGain;
    case 'gelu':
      geluGain ??= varPreservingGain(activationFn('gelu', 0));
      return geluGain;
  }
}

/**
 * Each scheme's own default gain under 'auto': Kaiming's derivation is per nonlinearity,
 * so he_* take the activation's gain; Glorot's, LeCun's and the orthogonal defaults of
 * PyTorch and Keras are 1 whatever the activation.
 */
function autoGainFollowsActivation(scheme: SchemeId): boolean {
  return scheme === 'he_uniform' || scheme === 'he_normal';
}

export function resolveGain(choice: InitChoice, ctx: InitContext): number | null {
  if (!SCHEME_INFO[choice.scheme].usesGain) return null;
  if (choice.gain !== undefined) return choice.gain;
  if (typeof ctx.gain === 'number') return ctx.gain;
  if (ctx.gain === 'act' || autoGainFollowsActivation(choice.scheme)) {
    return activationGain(ctx.act, ctx.slope);
  }
  return 1;
}
