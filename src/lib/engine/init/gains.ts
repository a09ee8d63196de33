/**
 * Gains: the factor g that a scheme's variance is scaled by, and which g a scheme gets.
 * The fixed values follow PyTorch's torch.nn.init.calculate_gain so that numbers in the
 * lab match what users see in the PyTorch docs.
 */
import type { Activation, InitChoice, GainSetting, SchemeId } from '../../experiment/config';
import { SCHEME_INFO } from './schemes';

export interface InitContext {
  act: Activation;
  /** Negative slope of leaky_relu. */
  slope: number;
  gain: GainSetting;
}

/**
 * The variance-preserving gain 1/sqrt(E[f(z)^2]) for z ~ N(0, 1): with weights of variance
 * g^2/n, a layer maps unit-variance pre-activations to unit-variance pre-activations.
 * Trapezoid rule on [-10, 10]: for a smooth, Gaussian-damped integrand it converges far
 * faster than its O(h^2) worst case, and the tails beyond 10 sigma weigh < 1e-22.
 */
export function varPreservingGain(f: (z: number) => number): number {
  const h = 1e-3;
  const n = 20000;
  const norm = 1 / Math.sqrt(2 * Math.PI);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const z = -10 + i * h;
    const fz = f(z);
    const w = i === 0 || i === n ? 0.5 : 1;
    sum += w * fz * fz * norm * Math.exp(-0.5 * z * z);
  }
  return 1 / Math.sqrt(sum * h);
}

/** Phi(z) tabulated on the same grid as varPreservingGain, so GELU needs no erf. */
function gaussianCdfOnGrid(): (z: number) => number {
  const h = 1e-3;
  const n = 20000;
  const norm = 1 / Math.sqrt(2 * Math.PI);
  const cdf = new Float64Array(n + 1);
  let prev = norm * Math.exp(-50);
  for (let i = 1; i <= n; i++) {
    const z = -10 + i * h;
    const cur = norm * Math.exp(-0.5 * z * z);
    cdf[i] = cdf[i - 1] + 0.5 * h * (prev + cur);
    prev = cur;
  }
  // Only ever evaluated at grid points by varPreservingGain; rounding maps z to its index.
  return (z) => cdf[Math.min(n, Math.max(0, Math.round((z + 10) / h)))];
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
      eluGain ??= varPreservingGain((z) => (z > 0 ? z : Math.expm1(z)));
      return eluGain;
    case 'gelu': {
      if (geluGain === null) {
        const phi = gaussianCdfOnGrid();
        geluGain = varPreservingGain((z) => z * phi(z));
      }
      return geluGain;
    }
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
