/**
 * The headline, measured on real MNIST: a 30-layer plain ReLU MLP (width 256, batch
 * 256) vanishes under Xavier and stays flat under He, and the measured slope of log-std
 * across depth is the one each scheme's variance factor predicts.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { planVariants } from '../../experiment/plan';
import { probeSignal, type SignalBatch, type SignalProfile } from './probe';
import { finiteWidthBand, mnistBatch, sliceBatch } from '../../testing/mnist-batch';

let batch: SignalBatch;
let dispose: () => void;
beforeAll(async () => ({ batch, dispose } = await mnistBatch(256)));
afterAll(() => dispose());

const last = (a: number[]) => a[a.length - 1];
/** Mean log-factor per layer between the first and the last hidden layer. */
const slope = (a: number[]) => Math.log(last(a) / a[0]) / (a.length - 1);

it('30-layer ReLU MLP: Xavier vanishes, He stays flat, both at the slope theory predicts', async () => {
  const e: Experiment = { ...DEFAULT_EXPERIMENT, depth: 30, width: 256, init: [{ scheme: 'xavier_normal' }, { scheme: 'he_normal' }] };
  const before = tf.memory().numTensors;
  const profiles: SignalProfile[] = await probeSignal(e, planVariants(e), batch, 1);
  expect(tf.memory().numTensors).toBe(before);

  const [xavier, he] = profiles;
  expect(xavier.variantIndex).toBe(0);
  expect(he.variantIndex).toBe(1);
  expect(he.labels).toEqual(Array.from({ length: 30 }, (_, i) => `L${i + 1}`));
  for (const p of profiles) {
    for (const key of ['forwardStd', 'forwardMean', 'backwardStd', 'deadFraction'] as const) expect(p[key]).toHaveLength(30);
    // Standardised pixels, and p − y at near-uniform predictions: the theory's boundary values.
    expect(p.inputSecondMoment).toBeCloseTo(1, 4);
    expect(p.logitGradSecondMoment).toBeGreaterThan(0.05);
  }

  // Forward: Xavier's last layer is 2^-14.5 ≈ 4e-5 of its first in theory; He's stays put.
  const xr = last(xavier.forwardStd) / xavier.forwardStd[0];
  const hr = last(he.forwardStd) / he.forwardStd[0];
  console.info(
    `depth 30, forward last/first: Xavier ${xr.toExponential(2)} (theory ${(2 ** -14.5).toExponential(2)}), He ${hr.toFixed(3)} (theory 1)`,
  );
  expect(xr).toBeLessThan(1e-3);
  expect(hr).toBeGreaterThan(0.3);
  expect(hr).toBeLessThan(3);
  expect(last(xavier.theory!.forwardStd) / xavier.theory!.forwardStd[0]).toBeCloseTo(2 ** -14.5, 12);

  // The measured slope per layer, against theory's, within the finite-width band spread
  // over the 29 layer-to-layer steps: ±0.039 in log-std per layer (Xavier: −0.347, He: 0).
  const band = finiteWidthBand(29, 256) / 29;
  for (const p of profiles) {
    expect(Math.abs(slope(p.forwardStd) - slope(p.theory!.forwardStd))).toBeLessThan(band);
    expect(Math.abs(slope(p.backwardStd) - slope(p.theory!.backwardStd!))).toBeLessThan(band);
  }
  // Backward mirrors forward: Xavier's gradient shrinks toward the input, He's does not.
  expect(xavier.backwardStd[0] / last(xavier.backwardStd)).toBeLessThan(1e-3);
  const hb = he.backwardStd[0] / last(he.backwardStd);
  expect(hb).toBeGreaterThan(0.3);
  expect(hb).toBeLessThan(3);
});

it('returns tf.memory to its baseline on every architecture, BN and residual variants included', async () => {
  const b = sliceBatch(batch, 8);
  const before = tf.memory().numTensors;
  for (const arch of ['mlp', 'cnn', 'resmlp', 'rescnn'] as const) {
    const e: Experiment = {
      ...DEFAULT_EXPERIMENT,
      arch,
      depth: 2,
      width: 16,
      channels: 4,
      bn: ['none', 'before'],
      zero: arch.startsWith('res') ? ['alpha'] : ['none'],
    };
    const profiles = await probeSignal(e, planVariants(e), b, 3);
    expect(profiles).toHaveLength(2);
    for (const p of profiles) {
      expect(p.forwardStd.every(Number.isFinite)).toBe(true);
      expect(p.backwardStd.every(Number.isFinite)).toBe(true);
      expect(p.theory!.forwardStd).toHaveLength(p.forwardStd.length);
    }
  }
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([b.x, b.y]);
});
