/**
 * The three update rules the lab offers, as numbers: hyperparameters and the per-step
 * scalars (Adam's bias corrections) computed on the CPU. Both implementations
 * (tensor-updates.ts with TF.js ops, webgl-updates.ts with fused shaders) read them from
 * here, so they cannot drift apart; both follow tf.train.sgd / momentum / adam of TF.js
 * 4.22 term by term, which the tests check against those optimizers themselves.
 */
import type { OptimizerId } from '../../experiment/config';

/** Momentum 0.9 and Adam's defaults (0.9, 0.999) are the conventional choices. */
export const MOMENTUM = 0.9;
export const BETA1 = 0.9;
export const BETA2 = 0.999;

/** Slot tensors each rule keeps per variable (momentum: velocity; Adam: m and v). */
export function slotCount(rule: OptimizerId): number {
  return rule === 'sgd' ? 0 : rule === 'momentum' ? 1 : 2;
}

export interface StepScalars {
  lr: number;
  /** Adam only: 1 - beta1^t and 1 - beta2^t for the 1-based step t. */
  correction1: number;
  correction2: number;
  /** Adam's epsilon (the backend's, as TF.js uses when none is given). */
  epsilon: number;
}

export function stepScalars(lr: number, t: number, epsilon: number): StepScalars {
  return { lr, correction1: 1 - BETA1 ** t, correction2: 1 - BETA2 ** t, epsilon };
}
