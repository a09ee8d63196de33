/**
 * What the cards say about the lab's activations. The activations themselves (value,
 * derivative, SELU's constants, which ones are piecewise linear) and their Gaussian moments live
 * in the engine's pure-JS engine/signal/act-math.ts, which units can be dead or inactive in
 * engine/unit-activity.ts; the cards import both directly.
 */
import type { Activation } from '../experiment/config';
import { negativeSlope } from '../engine/signal/act-math';

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
 * the scale of z, the piecewise-linear ones: (1+a²)/2 for negative slope a (ReLU ½, linear 1);
 * null for the others, whose ratio changes with Var(z) and is computed numerically where needed.
 */
export function homogeneousRatio(act: Activation, slope: number): number | null {
  const a = negativeSlope(act, slope);
  return a === null ? null : (1 + a * a) / 2;
}
