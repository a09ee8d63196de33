/**
 * The lab's activations as plain JS (value and derivative, exactly as the TF.js layers
 * compute them: ELU alpha 1, SELU with Klambauer et al.'s constants, GELU = z·Φ(z) with
 * erf), and the three Gaussian moments the mean-field recursion needs. Shared by the theory
 * curve, the activation gains (init/gains.ts) and the explanation cards (src/lib/explain).
 */
import type { Activation } from '../../experiment/config';
import { gaussExpectMany, normalCdfFast, normalPdf, type Density } from './gauss';

export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

export type Fn = (z: number) => number;

/**
 * The slope below 0 of an activation made of two straight pieces meeting at 0 with slope 1
 * above (ReLU 0, leaky ReLU its slope, linear 1); null for the curved ones. These are the
 * positively homogeneous activations, f(c·z) = c·f(z) for c > 0: a scale passes straight
 * through them, and their Gaussian moments have closed forms. A shape, not a unit state:
 * which units can be dead or inactive is unit-activity.ts (ELU and GELU are curved but can have
 * inactive units; linear is piecewise-linear and has none).
 */
export function negativeSlope(act: Activation, slope: number): number | null {
  if (act === 'relu') return 0;
  if (act === 'leaky_relu') return slope;
  if (act === 'linear') return 1;
  return null;
}

/** f(c·z) = c·f(z) for every c > 0: exactly the activations negativeSlope knows. */
export function isPositivelyHomogeneous(act: Activation): boolean {
  return negativeSlope(act, 0) !== null;
}

/**
 * The rectifiers, ReLU and leaky ReLU: the piecewise-linear activations with a real kink at 0,
 * so their derivative is a mask (0 or 1; a or 1 for leaky ReLU) that changes with the input.
 */
export function isRectifier(act: Activation): boolean {
  return act === 'relu' || act === 'leaky_relu';
}

export function activationFn(act: Activation, slope: number): Fn {
  switch (act) {
    case 'relu':
      return (z) => (z > 0 ? z : 0);
    case 'leaky_relu':
      return (z) => (z > 0 ? z : slope * z);
    case 'tanh':
      return Math.tanh;
    case 'sigmoid':
      return (z) => 1 / (1 + Math.exp(-z));
    case 'linear':
      return (z) => z;
    case 'elu':
      return (z) => (z > 0 ? z : Math.expm1(z));
    case 'selu':
      return (z) => SELU_LAMBDA * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case 'gelu':
      return (z) => z * normalCdfFast(z);
  }
}

/** f'(z); at the kink z = 0 the value TF.js's gradients use (ReLU: 0). Measure-zero anyway. */
export function activationDeriv(act: Activation, slope: number): Fn {
  switch (act) {
    case 'relu':
      return (z) => (z > 0 ? 1 : 0);
    case 'leaky_relu':
      return (z) => (z > 0 ? 1 : slope);
    case 'tanh':
      return (z) => 1 - Math.tanh(z) ** 2;
    case 'sigmoid':
      return (z) => {
        const s = 1 / (1 + Math.exp(-z));
        return s * (1 - s);
      };
    case 'linear':
      return () => 1;
    case 'elu':
      return (z) => (z > 0 ? 1 : Math.exp(z));
    case 'selu':
      return (z) => SELU_LAMBDA * (z > 0 ? 1 : SELU_ALPHA * Math.exp(z));
    case 'gelu':
      return (z) => normalCdfFast(z) + z * normalPdf(z);
  }
}

export interface ActMoments {
  /** E[f(z)] */
  m1: number;
  /** E[f(z)²] */
  m2: number;
  /** E[f'(z)²]: the factor the activation puts on the backward second moment. */
  d2: number;
}

/**
 * Moments of f(z) for z ~ N(mean, variance) (or the max of 4 such draws). Exact closed
 * forms where they exist — ReLU q/2, leaky ReLU (1+a²)q/2 (zero mean), linear q + b² —
 * so the textbook identities (He keeps q, Xavier halves it) hold to the last digit;
 * quadrature (gauss.ts) everywhere else.
 */
export function actMoments(act: Activation, slope: number, mean: number, variance: number, density: Density = 'normal'): ActMoments {
  const v = Math.max(0, variance);
  if (density === 'normal' && act === 'linear') return { m1: mean, m2: v + mean * mean, d2: 1 };
  if (density === 'normal' && mean === 0 && v > 0 && isRectifier(act)) {
    const a = negativeSlope(act, slope)!;
    // Half the mass on each side of 0: E[z⁺] = σ/√(2π), E[(z⁺)²] = q/2, and the same mirrored.
    return { m1: ((1 - a) * Math.sqrt(v)) / Math.sqrt(2 * Math.PI), m2: ((1 + a * a) * v) / 2, d2: (1 + a * a) / 2 };
  }
  const f = activationFn(act, slope);
  const df = activationDeriv(act, slope);
  const [m1, m2, d2] = gaussExpectMany(
    (z, out) => {
      const y = f(z);
      const d = df(z);
      out[0] = y;
      out[1] = y * y;
      out[2] = d * d;
    },
    3,
    mean,
    v,
    density,
  );
  return { m1, m2, d2 };
}

/**
 * Max-pooling has no closed form: the max of a 2x2 window depends on how correlated its 4
 * values are, which this recursion does not track. Two limits are exact — 4 equal values
 * (the pool changes nothing) and 4 independent ones (the max of 4 draws) — and the truth lies
 * between: equal neighbours underpredict probe runs on MNIST by ~1.3x in std per pool, and
 * independent ones overpredict by about as much. The theory takes the mixture of the two
 * limits whose second moment is the geometric mean of theirs; the returned weight λ of the
 * independent limit is applied to every other quantity at the pool (the slope factor at the
 * argmax, the residual trunk's distribution) so the model stays one consistent mixture.
 */
export function poolMixWeight(equalMoment: number, independentMoment: number): number {
  const a = Math.sqrt(equalMoment);
  const b = Math.sqrt(independentMoment);
  return a + b > 0 ? a / (a + b) : 0;
}

/** Std from first and second moments, clamped at 0 against rounding. */
export function stdOf(m: { m1: number; m2: number }): number {
  return Math.sqrt(Math.max(0, m.m2 - m.m1 * m.m1));
}

/** Pre-activation of one layer: z ~ N(mean, variance); variance 0 is a point mass. */
export interface PreAct {
  mean: number;
  variance: number;
}

/**
 * E[h²] of what the next layer reads: f(z)'s second moment, or, with batch norm after the
 * activation, 1 (f(z) standardised per unit; 0 where f(z) has no spread, which BN maps to 0).
 */
export function nextInputMoment(bnAfter: boolean, m: ActMoments): number {
  return bnAfter ? (stdOf(m) > 0 ? 1 : 0) : m.m2;
}

/**
 * Batch norm before the activation hands it (z − batch mean)/batch std: N(0, 1) whatever the
 * init, bias included (γ = 1, β = 0 at init); a z with no spread normalises to exactly 0.
 */
export function preActivation(bnBefore: boolean, bias: number, variance: number): PreAct {
  if (bnBefore) return { mean: 0, variance: variance > 0 ? 1 : 0 };
  return { mean: bias, variance };
}
