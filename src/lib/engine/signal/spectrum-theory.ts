/**
 * How wide the spectrum of a plain MLP's hidden-to-hidden Jacobian is at init, from free
 * probability (Pennington, Schoenholz & Ganguli 2017): J = D_L W_L ⋯ D_2 W_2, with D_l the
 * activation's slopes at layer l's pre-activations and W_l the square kernels. For factors
 * that are free (the mean-field limit), the S-transform of JJᵀ is the product of the
 * factors' S-transforms; to first order that makes the RELATIVE variance of λ = σ² add up
 * over layers:
 *
 *   Var(λ) / E[λ]² = Σ_l ( μ₂,l / μ₁,l² + β − 2 ),   μ_k,l = E[f′(z_l)^(2k)], z_l ~ N(m_l, q_l),
 *
 * where β = E[b²]/E[b]² of one kernel's WWᵀ: 2 for i.i.d. entries (Marchenko–Pastur at ratio
 * 1), 1 for an orthogonal kernel (every eigenvalue equal). A linear net gives the
 * Fuss–Catalan variance s (Gaussian) and 0 (orthogonal); a ReLU net (μ₂/μ₁² = 2) can never
 * be isometric, even with orthogonal kernels; tanh near q = 0 (μ₂/μ₁² → 1) can. Pure JS.
 */
import type { Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { activationDeriv } from './act-math';
import { gaussExpectMany } from './gauss';
import { theoryCurve } from './theory';

/** β of one kernel's WWᵀ: its second moment over its squared first, at aspect ratio 1. */
export function kernelBeta(v: Variant): number {
  return v.init.scheme === 'orthogonal' ? 1 : 2;
}

/** μ₂/μ₁² of the activation's slope at z ~ N(mean, variance): E[f′⁴] / E[f′²]². */
export function slopeMomentRatio(e: Pick<Experiment, 'act' | 'slope'>, mean: number, variance: number): number {
  const df = activationDeriv(e.act, e.slope);
  const [m1, m2] = gaussExpectMany(
    (z, out) => {
      const d2 = df(z) ** 2;
      out[0] = d2;
      out[1] = d2 * d2;
    },
    2,
    mean,
    variance,
  );
  return m2 / (m1 * m1);
}

/**
 * Var(σ²)/E[σ²]² of the hidden-to-hidden Jacobian by the sum above, over layers 2..depth; null
 * where the mean-field recursion does not describe the net (BN, constant weights, not an MLP).
 */
export function theoryRelativeVariance(e: Experiment, v: Variant): number | null {
  if (e.arch !== 'mlp' || v.bn !== 'none') return null;
  const curve = theoryCurve(e, v);
  const z = curve?.preActivations;
  if (!z || z.length !== e.depth) return null;
  const beta = kernelBeta(v);
  return z.slice(1).reduce((sum, { mean, variance }) => sum + slopeMomentRatio(e, mean, variance) + beta - 2, 0);
}

/** The measured counterpart: Var(σ²)/E[σ²]² over the pooled singular values. */
export function relativeVarianceOf(values: ArrayLike<number>): number {
  let [m1, m2] = [0, 0];
  for (let i = 0; i < values.length; i++) {
    const l = values[i] * values[i];
    m1 += l;
    m2 += l * l;
  }
  m1 /= values.length;
  m2 /= values.length;
  return (m2 - m1 * m1) / (m1 * m1);
}
