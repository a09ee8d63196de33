/**
 * The coordinate check of Tensor Programs V (Yang et al. 2022, Fig. 1 and Appendix D): train
 * the config's MLP at several widths for a few steps on one fixed batch, under SP and under
 * μP, and measure how far each layer's output has moved from where it started, per
 * coordinate. Under SP with Adam each step moves a logit by about lr × fan_in (the update's
 * entries all have size lr, and they add up coherently over fan_in inputs), so the logits'
 * change grows with width; under μP it stays about what it is at the base width.
 *
 * The runs are the lab's own (stack/stacked-trainer.ts: the same init, optimizer and μP
 * multipliers as training), one seed, on whatever TF.js backend is current (the CPU one in
 * the init-view worker). Widths beyond LIMITS.width are fine here: nothing trains for real.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment, Parametrization } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { stackedForward } from '../stack/forward';
import { StackedTrainer } from '../stack/stacked-trainer';
import { COORD_STEPS, COORD_WIDTHS, coordCheckRefusal, rmsDiff, type CoordCheck, type CoordCurve } from './coord-report';

/** Each hidden layer's output and the logits on `x`, read back: [L1, …, logits]. */
function outputs(t: StackedTrainer, x: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const f = stackedForward(t.params, x, 'batch');
    return [...f.hidden, f.logits].map((o) => o.dataSync() as Float32Array);
  });
}

/** The experiment one width of the check trains: the config's first init, no BN, no zero-init. */
export function coordExperiment(e: Experiment, width: number, param: Parametrization, digits: number): Experiment {
  return { ...e, arch: 'mlp', width, init: [e.init[0]], bn: ['none'], zero: ['none'], param: [param], bs: digits, seeds: 1 };
}

/**
 * `inputs`: standardised digits, 784 values each; `labels` their classes. Per width and
 * parametrization, COORD_STEPS steps on that one batch.
 */
export function coordCheck(
  e: Experiment,
  inputs: Float32Array[],
  labels: number[],
  widths: readonly number[] = COORD_WIDTHS,
  steps = COORD_STEPS,
): CoordCheck {
  const refusal = coordCheckRefusal(e);
  if (refusal) throw new Error(refusal);
  const started = performance.now();
  const n = inputs.length;
  const flat = new Float32Array(n * 784);
  inputs.forEach((d, i) => flat.set(d, i * 784));
  const x = tf.tensor2d(flat, [n, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat());
  const names = [...Array.from({ length: e.depth }, (_, i) => `L${i + 1}`), 'logits'];
  const curves: CoordCurve[] = [];
  try {
    for (const param of ['sp', 'mup'] as const) {
      const change = names.map(() => Array.from({ length: steps }, () => new Array<number>(widths.length).fill(0)));
      widths.forEach((width, w) => {
        const t = new StackedTrainer(planRuns(coordExperiment(e, width, param, n)));
        try {
          const start = outputs(t, x);
          for (let s = 0; s < steps; s++) {
            tf.tidy(() => t.step(x as tf.Tensor2D, y));
            outputs(t, x).forEach((o, l) => (change[l][s][w] = rmsDiff(o, start[l])));
          }
        } finally {
          t.dispose();
        }
      });
      names.forEach((layer, l) => curves.push({ param, layer, change: change[l] }));
    }
  } finally {
    tf.dispose([x, y]);
  }
  const ms = performance.now() - started;
  return { widths: [...widths], steps, base: e.base, opt: e.opt, lr: e.lr, curves, ms, backend: tf.getBackend() };
}
