/**
 * What the cards say about the lab's activations. The activations themselves (value,
 * derivative, SELU's constants) and their Gaussian moments live in the engine's pure-JS
 * engine/signal/act-math.ts, which the cards import directly.
 */
import type { Activation } from '../experiment/config';

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
