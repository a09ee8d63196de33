/**
 * The lab's activations as plain JS functions (and their derivatives), matching what the
 * TF.js model applies: ELU with alpha 1, SELU with the Klambauer et al. constants, GELU in
 * its exact z·Φ(z) form. Only used for explanations; the engine never calls these.
 */
import type { Activation } from '../experiment/config';
import { normalCdf, normalPdf } from './gauss';

export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

export type Fn = (z: number) => number;

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
      return (z) => z * normalCdf(z);
  }
}

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
      return (z) => normalCdf(z) + z * normalPdf(z);
  }
}

/** Activations that output exactly zero on a half-line, so a unit can stop for every input. */
export const RELU_FAMILY: readonly Activation[] = ['relu', 'leaky_relu'];

/** Activations whose output is c·f(z) for f(c·z), c > 0: scale passes straight through them. */
export function isPositivelyHomogeneous(act: Activation): boolean {
  return act === 'relu' || act === 'leaky_relu' || act === 'linear';
}

export const ACT_NAMES: Record<Activation, string> = {
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  linear: 'linear',
  elu: 'ELU',
  selu: 'SELU',
  gelu: 'GELU',
};

/**
 * E[f(z)²]/E[z²] for zero-mean symmetric z, for the activations where it does not depend on
 * the scale of z (ReLU ½, leaky ReLU (1+a²)/2, linear 1); null for the others, whose ratio
 * changes with Var(z) and is computed numerically where needed.
 */
export function homogeneousRatio(act: Activation, slope: number): number | null {
  if (act === 'relu') return 0.5;
  if (act === 'leaky_relu') return (1 + slope * slope) / 2;
  if (act === 'linear') return 1;
  return null;
}
