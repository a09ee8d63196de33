/**
 * Which activations can leave a unit switched off, and what the lab calls such a unit: one
 * definition for the engine's counts, the charts' words and the explanations' triggers.
 * Pure: no TF.js, so the page and the cards can import it.
 *
 * The count is the same for all of them: the share of units whose output is <= 0 for every
 * example of the probe batch. Only for ReLU does that make a unit dead: its output and its
 * slope are exactly 0 there, so no gradient reaches its weights and it cannot come back.
 * Leaky ReLU (slope a), ELU (slope e^z) and GELU (slope Φ(z) + zφ(z)) still pass a gradient
 * below 0, so their units are only inactive on that batch, and can recover. (A unit state,
 * not a shape: the piecewise-linear family is signal/act-math.ts negativeSlope.)
 */
import type { Activation } from '../experiment/config';

/** ReLU: a unit below 0 on every input gets no gradient, ever. */
export function unitsCanDie(act: Activation): boolean {
  return act === 'relu';
}

/** Activations with a flat or shallow negative side, where a unit can sit at or below 0 for every input. */
export function hasInactiveUnits(act: Activation): boolean {
  return act === 'relu' || act === 'leaky_relu' || act === 'elu' || act === 'gelu';
}

/** The word for a unit that is <= 0 on every probe example: "dead" only where it truly is. */
export function offUnitWord(act: Activation): 'dead' | 'inactive' {
  return unitsCanDie(act) ? 'dead' : 'inactive';
}
