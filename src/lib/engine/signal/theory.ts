/**
 * Mean-field signal propagation at init (Poole et al. 2016, Schoenholz et al. 2017): the
 * curve each scheme's variance factor predicts across depth, drawn under the measured one.
 * Pure JS, no TF.js: it redraws the moment the config changes.
 *
 * Forward. With kernel entries of mean 0 and std σ independent of the layer's input h,
 * z_j = Σ_i W_ji h_i + b has, over the weights, mean b and variance n_in·σ²·E[h²] exactly
 * (whatever the correlations between the h_i), and is Gaussian for wide layers. So
 *     z_l ~ N(b, v_l),  v_l = n_in,l · σ_l² · E[h_{l-1}²],  E[h_0²] = q0 (the pixels' measured
 *     second moment; 1 for standardised inputs),  E[h_l²] = E[f(z_l)²].
 * (The bias is kept as the mean of z rather than folded into a second moment q = v + b²:
 * f(N(b, v)) is what the units really see, which matters for dead ReLUs under a negative bias.)
 * The reported quantity is the std of the post-activation h_l = f(z_l) pooled over units and
 * examples, sqrt(E[f(z)²] − E[f(z)]²) — exactly what probe.ts measures over the batch.
 *
 * Backward. δ_l = ∂(n·L)/∂h_l, the per-example loss gradient at the post-activation (what
 * the probe's taps measure, times the batch size n). With δ_z = f'(z) ⊙ δ_h and
 * δ_{h,l-1} = W_lᵀ δ_{z,l}, under the usual gradient-independence assumption
 *     E[δ_{l-1}²] = n_out,l · σ_l² · E[f'(z_l)²] · E[δ_l²],
 * started at the last hidden layer from the measured logit gradient r = E[(p − y)²]:
 *     E[δ_L²] = 10 · σ_head² · r.
 * backwardStd is sqrt(E[δ²]); the gradient's mean is 0 over zero-mean weights, so this is
 * also its std, which the probe measures.
 */
import { isConv, isResidual, type Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { actMoments, activationDeriv, activationFn, nextInputMoment, poolMixWeight, preActivation, stdOf } from './act-math';
import { gaussExpectMany } from './gauss';
import { theoryLayers, type TheoryLayer } from './layers';
import { theoryExactness, type TheoryExactness } from './theory-exactness';
import { residualTheory } from './theory-residual';

export interface TheoryCurve {
  /** Predicted std of each recorded hidden post-activation, in the model's `hidden` order. */
  forwardStd: number[];
  /** Predicted std of n·∂L/∂(post-activation); null where the theory does not cover it (BN). */
  backwardStd: number[] | null;
  /** Plain nets only: each hidden layer's pre-activation z ~ N(mean, variance), as the recursion has it. */
  preActivations?: { mean: number; variance: number }[];
  /** What the curve assumes, in a sentence or three, for the chart's caption. */
  note: string;
  /** Whether the lab's tests have checked this kind of curve against measurement (theory-exactness.ts). */
  exactness: TheoryExactness;
}

export interface TheoryInputs {
  /** E[x²] of the network's input over the batch (standardised pixels: 1). */
  inputSecondMoment?: number;
  /** E[(n·∂L/∂logit)²] = E[(p − y)²] over the batch; 0.09 is its value for uniform predictions. */
  logitGradSecondMoment?: number;
}

export const UNIFORM_LOGIT_GRAD_MOMENT = 0.09;

/** Why there is no theory curve for this variant, or null when there is one. */
export function whyNoTheory(e: Experiment, v: Variant): string | null {
  if (v.init.scheme === 'lsuv') {
    return 'LSUV sets each layer’s scale from data (the variance it measures on training digits), not from a formula in the fans: the mean-field recursion has no σ_w to start from, and its measured curve is the point.';
  }
  if (theoryLayers(e, v).some((l) => l.mean !== 0)) {
    return 'Constant weights: every unit of a layer computes the same value, so there is no random sum for mean-field theory to describe.';
  }
  return null;
}

export function theoryCurve(e: Experiment, v: Variant, inputs: TheoryInputs = {}): TheoryCurve | null {
  if (whyNoTheory(e, v) !== null) return null;
  const layers = theoryLayers(e, v);
  const q0 = inputs.inputSecondMoment ?? 1;
  const r = inputs.logitGradSecondMoment ?? UNIFORM_LOGIT_GRAD_MOMENT;
  const curve = e.arch === 'mlp' || e.arch === 'cnn' ? plainTheory(e, v, layers, q0, r) : residualTheory(e, v, layers, q0, r);
  return { ...curve, note: noteFor(e, v), exactness: theoryExactness(e, v) };
}

function plainTheory(e: Experiment, v: Variant, layers: TheoryLayer[], q0: number, r: number): Omit<TheoryCurve, 'note' | 'exactness'> {
  const hidden = layers.slice(0, -1);
  const head = layers[layers.length - 1];
  // architectures.ts: a 2x2 max-pool follows conv 1 and conv 2.
  const pooledAfter = (i: number) => e.arch === 'cnn' && i < 2;
  const f = activationFn(e.act, e.slope);
  const df = activationDeriv(e.act, e.slope);
  /** E[f'(z)²] where the layer's gradient lands: everywhere, or at pool windows' argmax. */
  const slope2: number[] = [];
  const forwardStd: number[] = [];
  const preActivations: { mean: number; variance: number }[] = [];
  let inMoment = q0;
  hidden.forEach((layer, i) => {
    const z = preActivation(v.bn === 'before', e.bias, layer.fanIn * layer.border * layer.std ** 2 * inMoment);
    preActivations.push({ mean: z.mean, variance: z.variance });
    const m = actMoments(e.act, e.slope, z.mean, z.variance);
    const sd = stdOf(m);
    forwardStd.push(sd);
    // What the next layer reads: f(z), or f(z) standardised per unit when BN follows.
    inMoment = nextInputMoment(v.bn === 'after', m);
    slope2.push(m.d2);
    if (pooledAfter(i)) {
      // Max-pool (act-math.ts poolMixWeight); max f(z_i) = f(max z_i) as f is monotone (GELU nearly).
      const out = v.bn === 'after' ? (x: number) => (sd > 0 ? (f(x) - m.m1) / sd : 0) : f;
      const [outMax, d2Max] = gaussExpectMany((x, o) => ((o[0] = out(x) ** 2), (o[1] = df(x) ** 2)), 2, z.mean, z.variance, 'max4');
      const lambda = poolMixWeight(inMoment, outMax);
      inMoment = Math.sqrt(inMoment * outMax);
      slope2[i] = (1 - lambda) * m.d2 + lambda * d2Max;
    }
  });
  if (v.bn !== 'none') return { forwardStd, backwardStd: null, preActivations };

  const L = hidden.length;
  const second = new Array<number>(L);
  // Max-pool backward routes each window's gradient to one of its 4 inputs (exact).
  const poolShare = (i: number) => (pooledAfter(i) ? 1 / 4 : 1);
  second[L - 1] = poolShare(L - 1) * head.fanOut * head.std ** 2 * r;
  for (let i = L - 1; i >= 1; i--) {
    const layer = hidden[i];
    second[i - 1] = poolShare(i - 1) * layer.fanOut * layer.border * layer.std ** 2 * slope2[i] * second[i];
  }
  return { forwardStd, backwardStd: second.map(Math.sqrt), preActivations };
}

/** See poolMixWeight in act-math.ts. */
const POOLING =
  'Max-pooling lies between two exact limits, a window of 4 equal values (no change) and of 4 independent ones (the max of 4 draws); the curve takes the mix of the two whose second moment is their geometric mean, an approximation. Its gradient goes to one of the 4 inputs (exact).';

function noteFor(e: Experiment, v: Variant): string {
  const parts = [
    'Mean-field: z ~ N(b, n_in·σ²·E[h²]) at each layer; forward = std of f(z), backward from the measured logit gradient through n_out·σ²·E[f′(z)²].',
  ];
  if (v.bn === 'before') parts.push('BN before the activation makes every pre-activation N(0, 1).');
  if (v.bn === 'after') parts.push('BN after the activation hands the next layer unit second moment.');
  if (v.bn !== 'none')
    parts.push(
      'No backward theory with BN: its backward pass couples the examples of the batch and makes gradients grow with depth even at init (Yang et al. 2019), which this recursion does not model.',
    );
  if (isConv(e.arch)) {
    parts.push(`Convs: n_in = k²·c_in times the share of taps inside the zero-padded map (spatially uniform signal assumed). ${POOLING}`);
  }
  if (isResidual(e.arch)) {
    parts.push(
      'Residual: the trunk x is not Gaussian after the activation, so its whole distribution is tracked numerically through act(x + branch), the branch independent of x; going back, a unit’s gradient stays tied to its own value along the skip.',
    );
    if (v.bn !== 'none')
      parts.push(
        'Inside blocks BN follows each linear layer: branch pre-activations are N(0, 1) and the branch adds unit variance (none when its γ or α starts at 0).',
      );
  }
  return parts.join(' ');
}
