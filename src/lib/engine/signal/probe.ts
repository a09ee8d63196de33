/**
 * Signal propagation at init, measured: one forward and one backward pass of each variant's
 * freshly initialised network on a real batch, with the std of every hidden activation and
 * of the loss gradient reaching it, beside the mean-field prediction (theory.ts).
 *
 * The network is the run's own (buildModel with the run's init seed: same weights) built
 * with gradient taps — a zero input added to each hidden activation — because the gradient
 * w.r.t. a tap is the gradient w.r.t. that activation, which tf.layers does not expose.
 */
import * as tf from '@tensorflow/tfjs';
import { isConv, type Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { unitsCanDie } from '../unit-activity';
import type { InitBatch } from '../init/lsuv-batch';
import { buildModel } from '../model';
import { probeStacked } from './stacked-probe';
import { theoryCurve, whyNoTheory } from './theory';

export interface SignalBatch {
  /** [n, 784] standardised pixels (GpuData's scaling: unit variance). */
  x: tf.Tensor2D;
  /** [n, 10] one-hot labels. */
  y: tf.Tensor2D;
  /** The LSUV batch (GpuData.lsuv): training digits, which init=lsuv variants are drawn from. */
  init?: InitBatch | null;
}

export interface SignalProfile {
  variantIndex: number;
  /** Label of each recorded hidden activation (L1, L2, …; see Graph.hidden). */
  labels: string[];
  /** Std of each hidden post-activation over the batch, all units (and positions) pooled. */
  forwardStd: number[];
  forwardMean: number[];
  /**
   * Std of n·∂L/∂(post-activation), pooled like forwardStd. L is the batch-mean cross-entropy,
   * so ∂L/∂h of one example carries a 1/n; multiplying by n reports the per-example loss
   * gradient, which does not depend on the batch size (and is what theory.ts predicts).
   */
  backwardStd: number[];
  /** Share of units (conv: channels) that are exactly 0 for every example; NaN unless ReLU. */
  deadFraction: number[];
  /** Measured E[x²] of the input batch and E[(n·∂L/∂logit)²]: the theory's two boundary values. */
  inputSecondMoment: number;
  logitGradSecondMoment: number;
  theory: ReturnType<typeof theoryCurve>;
  /** Why `theory` is null (constant weights), else null. */
  noTheoryReason: string | null;
}

/** Per hidden tensor: [mean, std, dead]; dead is the share of last-axis units whose max is 0. */
function activationStats(h: tf.Tensor, relu: boolean): tf.Tensor[] {
  const { mean, variance } = tf.moments(h);
  const axes = Array.from({ length: h.rank - 1 }, (_, i) => i);
  // ReLU outputs are >= 0, so a unit is 0 for every example exactly when its max is 0.
  // Not-applicable is filled in as NaN on the JS side: some WebGL drivers do not keep NaN.
  const dead = relu ? tf.mean(tf.cast(tf.equal(tf.max(h, axes), 0), 'float32')) : tf.scalar(0);
  return [mean, tf.sqrt(variance), dead];
}

/**
 * A profile from its packed numbers: [E[x²], E[(p − y)²], then per hidden layer its mean,
 * std, dead fraction and n·std(∂L/∂h), each as a block of L values]. The tf.layers and the
 * stacked probe pack the same way.
 */
export function profileOf(
  e: Experiment,
  v: Variant,
  variantIndex: number,
  labels: string[],
  values: Float32Array,
  relu: boolean,
): SignalProfile {
  const L = labels.length;
  const at = (block: number) => Array.from(values.subarray(2 + block * L, 2 + (block + 1) * L));
  const [inputSecondMoment, logitGradSecondMoment] = [values[0], values[1]];
  return {
    variantIndex,
    labels,
    forwardMean: at(0),
    forwardStd: at(1),
    deadFraction: relu ? at(2) : at(2).map(() => Number.NaN),
    backwardStd: at(3),
    inputSecondMoment,
    logitGradSecondMoment,
    theory: theoryCurve(e, v, { inputSecondMoment, logitGradSecondMoment }),
    noTheoryReason: whyNoTheory(e, v),
  };
}

async function probeOne(e: Experiment, v: Variant, index: number, batch: SignalBatch, initSeed: number): Promise<SignalProfile> {
  const built = buildModel(e, v, initSeed, { taps: true, initBatch: batch.init });
  const n = batch.x.shape[0];
  const relu = unitsCanDie(e.act);
  // Forward statistics are computed inside the gradient's forward pass (so BN sees the batch
  // once, in training mode) and kept past its tidy; disposed by hand below.
  const kept: { forward?: tf.Tensor } = {};
  try {
    const stats = tf.tidy(() => {
      const x = isConv(e.arch) ? tf.reshape(batch.x, [n, 28, 28, 1]) : batch.x;
      const taps = built.graph.taps.map((t) => tf.zeros([n, ...(t.shape.slice(1) as number[])]));
      const lossOfTaps = (...tapValues: tf.Tensor[]): tf.Scalar => {
        const [logits, ...hidden] = built.model.apply([x, ...tapValues], { training: true }) as tf.Tensor[];
        const perLayer = hidden.map((h) => activationStats(h, relu));
        kept.forward = tf.keep(
          tf.concat([
            tf.stack([tf.mean(tf.square(x)), tf.mean(tf.square(tf.sub(tf.softmax(logits), batch.y)))]),
            tf.stack(perLayer.map((s) => s[0])),
            tf.stack(perLayer.map((s) => s[1])),
            tf.stack(perLayer.map((s) => s[2])),
          ]),
        );
        return tf.losses.softmaxCrossEntropy(batch.y, logits) as tf.Scalar;
      };
      const grads = tf.grads(lossOfTaps)(taps);
      const gradStd = grads.map((g) => tf.mul(tf.sqrt(tf.moments(g).variance), n));
      return tf.concat([kept.forward!, tf.stack(gradStd)]);
    });
    // One read per variant: everything above stays on the device until here.
    const values = await stats.data();
    stats.dispose();
    return profileOf(
      e,
      v,
      index,
      built.graph.hidden.map((h) => h.label),
      values as Float32Array,
      relu,
    );
  } finally {
    kept.forward?.dispose();
    built.model.dispose();
  }
}

/**
 * Profiles in the order of `variants`. Dense nets: all variants of one shape stacked, one
 * pass and one read (stacked-probe.ts); conv nets: one tf.layers model and one read each.
 */
export async function probeSignal(e: Experiment, variants: Variant[], batch: SignalBatch, initSeed: number): Promise<SignalProfile[]> {
  if (!isConv(e.arch)) return probeStacked(e, variants, batch, initSeed);
  return probeLayers(e, variants, batch, initSeed);
}

/** The tf.layers path, one model and one read per variant (conv nets; the reference for the stacked one). */
export async function probeLayers(e: Experiment, variants: Variant[], batch: SignalBatch, initSeed: number): Promise<SignalProfile[]> {
  const out: SignalProfile[] = [];
  for (const [i, v] of variants.entries()) out.push(await probeOne(e, v, i, batch, initSeed));
  return out;
}
