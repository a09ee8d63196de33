/**
 * The signal probe of the dense nets on the stacked model (../stack/): every variant of one
 * shape in one forward and one backward pass, and one read. The same function as training
 * (stackedForward, batch statistics as the first step sees them), with a zero tap added to
 * each hidden activation: the gradient with respect to a tap is the gradient with respect
 * to that activation. Per run, statistics over its own slice only.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../../experiment/config';
import type { RunSpec, Variant } from '../../experiment/plan';
import { stackedForward } from '../stack/forward';
import { buildStackedParams, disposeParams, stackKey } from '../stack/params';
import { unitsCanDie } from '../unit-activity';
import { profileOf, type SignalBatch, type SignalProfile } from './probe';

/** Per run: [E[x²], E[(p − y)²], mean per layer, std per layer, dead per layer, n·std(∂L/∂h) per layer]. */
function profileTensor(specs: RunSpec[], batch: SignalBatch, relu: boolean): { packed: tf.Tensor2D; labels: string[] } {
  const p = buildStackedParams(specs, batch.init);
  const n = batch.x.shape[0];
  const R = specs.length;
  const kept: { forward?: tf.Tensor } = {};
  try {
    const packed = tf.tidy(() => {
      // Every hidden activation of mlp and resmlp is width units wide.
      const taps = p.layout.hidden.map(() => tf.zeros([R, n, p.experiment.width]));
      const y = tf.broadcastTo(batch.y, [R, ...batch.y.shape]);
      const lossOfTaps = (...tapValues: tf.Tensor[]): tf.Scalar => {
        const { logits, hidden } = stackedForward(p, batch.x, 'batch', { taps: tapValues });
        const perRun = (f: (h: tf.Tensor) => tf.Tensor) => tf.stack(hidden.map(f), 1);
        kept.forward = tf.keep(
          tf.concat(
            [
              tf.broadcastTo(tf.mean(tf.square(batch.x)).reshape([1, 1]), [R, 1]),
              tf.mean(tf.square(tf.sub(tf.softmax(logits), y)), [1, 2]).reshape([R, 1]),
              perRun((h) => tf.mean(h, [1, 2])),
              perRun((h) => tf.sqrt(tf.moments(h, [1, 2]).variance)),
              relu ? perRun((h) => tf.mean(tf.cast(tf.equal(tf.max(h, 1), 0), 'float32'), 1)) : tf.zeros([R, hidden.length]),
            ],
            1,
          ),
        );
        return tf.sum(tf.mean(tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE), 1)) as tf.Scalar;
      };
      const grads = tf.grads(lossOfTaps)(taps);
      const gradStd = tf.stack(
        grads.map((g) => tf.mul(tf.sqrt(tf.moments(g, [1, 2]).variance), n)),
        1,
      );
      return tf.concat([kept.forward!, gradStd], 1) as tf.Tensor2D;
    });
    return { packed, labels: p.layout.hidden };
  } finally {
    kept.forward?.dispose();
    disposeParams(p);
  }
}

/** Profiles in the order of `variants`: one stack, one pass and one read per shape. */
export async function probeStacked(e: Experiment, variants: Variant[], batch: SignalBatch, initSeed: number): Promise<SignalProfile[]> {
  const specs: RunSpec[] = variants.map((v, i) => ({
    ...v,
    id: `probe${i}`,
    cell: 0,
    variant: i,
    repeat: 0,
    initSeed,
    dataSeed: e.seed,
    experiment: e,
  }));
  const groups = new Map<string, RunSpec[]>();
  for (const s of specs) groups.set(stackKey(s), [...(groups.get(stackKey(s)) ?? []), s]);
  const relu = unitsCanDie(e.act);
  const out: SignalProfile[] = [];
  for (const group of groups.values()) {
    const { packed, labels } = profileTensor(group, batch, relu);
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    const width = values.length / group.length;
    group.forEach((spec, r) => out.push(profileOf(e, spec, spec.variant, labels, values.subarray(r * width, (r + 1) * width), relu)));
  }
  return out.sort((a, b) => a.variantIndex - b.variantIndex);
}
