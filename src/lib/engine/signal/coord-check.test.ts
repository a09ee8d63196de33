/**
 * The coordinate check: its bookkeeping on a tiny case against a direct recomputation, its
 * physics where it is exact (at width = base μP is SP; one small SGD step is linear in lr),
 * and the claim it exists to show, on real digits and seeds 1–3: with Adam at lr 0.01 the
 * logits' change after 3 steps grows with width under SP and stays flat under μP.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { viewDigits, type ViewDigits } from '../../data/view-digits';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { realMnistSplit } from '../../testing/mnist-split';
import { stackedForward } from '../stack/forward';
import { StackedTrainer } from '../stack/stacked-trainer';
import { coordCheck, coordExperiment } from './coord-check';
import { coordCheckRefusal, coordSentence, logitGrowth, rmsDiff, type CoordCheck } from './coord-report';

let tiny: ViewDigits;
let batch: ViewDigits;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const split = await realMnistSplit();
  tiny = viewDigits(split, 8);
  batch = viewDigits(split, 64);
});

const mlp = (over: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, depth: 2, base: 8, ...over });
const curve = (c: CoordCheck, param: string, layer: string) => c.curves.find((k) => k.param === param && k.layer === layer)!.change;

describe('the measurement', () => {
  it('rmsDiff is the root mean square of the difference', () => {
    // (0² + 2² + 0² + 4²) / 4 = 5
    expect(rmsDiff([1, 2, 3, 4], [1, 0, 3, 0])).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('records, per layer, step and width, the RMS change from step 0 (recomputed directly)', () => {
    const e = mlp({ opt: 'adam', lr: 0.01 });
    const c = coordCheck(e, tiny.inputs, tiny.labels, [8, 16], 2);
    expect(c.curves.map((k) => `${k.param} ${k.layer}`)).toEqual(['sp L1', 'sp L2', 'sp logits', 'mup L1', 'mup L2', 'mup logits']);
    expect(curve(c, 'sp', 'logits').map((r) => r.length)).toEqual([2, 2]);
    // μP at width 16, base 8, by hand: the same trainer, two steps, the logits before and after.
    const t = new StackedTrainer(planRuns(coordExperiment(e, 16, 'mup', 8)));
    const x = tf.tensor2d(Float32Array.from(tiny.inputs.flatMap((d) => [...d])), [8, 784]);
    const y = tf.oneHot(tf.tensor1d(tiny.labels, 'int32'), 10).toFloat();
    const logits = () => tf.tidy(() => stackedForward(t.params, x, 'batch').logits.dataSync() as Float32Array);
    const z0 = logits();
    tf.tidy(() => t.step(x, y));
    tf.tidy(() => t.step(x, y));
    expect(curve(c, 'mup', 'logits')[1][1]).toBeCloseTo(rmsDiff(logits(), z0), 6);
    t.dispose();
    tf.dispose([x, y]);
  });

  it('at width = base, μP is SP: the same numbers at the first width, different ones at the second', () => {
    const c = coordCheck(mlp({ opt: 'sgd', lr: 0.05 }), tiny.inputs, tiny.labels, [8, 32], 1);
    for (const layer of ['L1', 'L2', 'logits']) {
      expect(curve(c, 'mup', layer)[0][0]).toBe(curve(c, 'sp', layer)[0][0]);
      expect(curve(c, 'mup', layer)[0][1]).not.toBe(curve(c, 'sp', layer)[0][1]);
    }
  });

  it('one small SGD step moves every output in proportion to lr', () => {
    const at = (lr: number) => coordCheck(mlp({ opt: 'sgd', lr }), tiny.inputs, tiny.labels, [16], 1);
    const [a, b] = [at(1e-4), at(2e-4)];
    a.curves.forEach((k, i) => expect(b.curves[i].change[0][0] / k.change[0][0]).toBeCloseTo(2, 2));
  });

  it('refuses every arch but the MLP, and MLPs deeper than 8, saying why', () => {
    expect(coordCheckRefusal(mlp({}))).toBeNull();
    expect(coordCheckRefusal(mlp({ depth: 8 }))).toBeNull();
    expect(coordCheckRefusal(mlp({ depth: 9 }))).toMatch(/offered up to depth 8, and this MLP has 9 hidden layers/);
    expect(coordCheckRefusal(mlp({ arch: 'cnn' }))).toMatch(/this config is a cnn: for conv nets μP scales with channels/);
    expect(() => coordCheck(mlp({ arch: 'resmlp' }), tiny.inputs, tiny.labels)).toThrow(/Set arch=mlp/);
  });

  it('says in words what the ratios are', () => {
    const c: CoordCheck = {
      widths: [64, 2048],
      steps: 1,
      base: 64,
      opt: 'adam',
      lr: 0.01,
      ms: 0,
      backend: 'cpu',
      curves: [
        { param: 'sp', layer: 'logits', change: [[2, 40]] },
        { param: 'mup', layer: 'logits', change: [[2, 2.5]] },
      ],
    };
    expect(logitGrowth(c, 'sp')).toBe(20);
    expect(coordSentence(c)).toBe(
      "After 1 adam steps at lr 0.01, the logits' change per coordinate grows 20× from width 64 to 2048 under SP, and stays within a factor 1.5 (1.3×) under μP (base 64).",
    );
  });
});

describe('the claim, on real digits (wasm backend)', () => {
  // Measured (widths 64..2048, seeds 1, 2, 3): SP grows 21×, 11×, 3.6×; μP 1.31×, 1.04×, 1.24×.
  it.each([1, 2, 3])(
    'seed %i, Adam lr 0.01: SP logits change ≥ 2× more at 2048 than at 64, μP within 1.5×',
    { timeout: 120_000 },
    async (seed) => {
      expect(await tf.setBackend('wasm')).toBe(true);
      try {
        const c = coordCheck({ ...DEFAULT_EXPERIMENT, opt: 'adam', lr: 0.01, seed }, batch.inputs, batch.labels, [64, 2048]);
        expect(logitGrowth(c, 'sp')).toBeGreaterThanOrEqual(2);
        expect(logitGrowth(c, 'mup')).toBeLessThanOrEqual(1.5);
        expect(logitGrowth(c, 'mup')).toBeGreaterThanOrEqual(1 / 1.5);
      } finally {
        await tf.setBackend('cpu');
      }
    },
  );
});
