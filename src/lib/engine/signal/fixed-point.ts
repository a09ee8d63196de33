/**
 * The mean-field fixed point of a deep, constant-width net at init (Poole et al. 2016): the
 * pre-activation variance q* that every layer settles to, q* = n·σ²·E[f(z)²] + b² for
 * z ~ N(0, q*), and the backward factor there, χ = n·σ²·E[f′(z)²], by which each layer
 * multiplies the variance of the gradient on its way to the input. χ < 1 is the ordered
 * phase (gradients vanish toward the input), χ > 1 the chaotic one (they explode), χ = 1
 * the edge of chaos. Pure JS, for the statements and cards that quote these numbers.
 */
import type { Activation } from '../../experiment/config';
import { actMoments, activationFn, isPositivelyHomogeneous } from './act-math';

export interface FixedPoint {
  /** Pre-activation variance every layer tends to. */
  q: number;
  /** Backward variance factor per layer at q. */
  chi: number;
}

/**
 * Iterates q ← n·σ²·E[f(z)²] + b² from q = n·σ² (an input of unit second moment) until it
 * stops moving. The map is monotone and, for the lab's activations, a contraction near its
 * fixed point, so plain iteration converges; 500 rounds is far more than any case needs.
 */
export function fixedPoint(act: Activation, slope: number, width: number, sigma: number, bias = 0): FixedPoint {
  const w = width * sigma * sigma;
  // Without a bias and with a curved f, f(0) = 0, q = 0 is the fixed point iteration reaches
  // whenever w·E[f′(0)²] ≤ 1, but so slowly near the edge (like 1/depth) that 500 rounds would
  // leave χ visibly short of its limit; the limit is exact. (A scale-free f maps q to w·c·q:
  // geometric, or every q fixed at w·c = 1, and iteration gets it right.)
  if (bias === 0 && !isPositivelyHomogeneous(act) && activationFn(act, slope)(0) === 0) {
    const chiAtZero = w * actMoments(act, slope, 0, 1e-12).d2;
    if (chiAtZero <= 1) return { q: 0, chi: chiAtZero };
  }
  let q = w + bias * bias;
  for (let i = 0; i < 500; i++) {
    const next = w * actMoments(act, slope, 0, q).m2 + bias * bias;
    const done = Math.abs(next - q) <= 1e-12 * Math.max(1, q);
    q = next;
    if (done) break;
  }
  return { q, chi: w * actMoments(act, slope, 0, q).d2 };
}
