/**
 * The stacked signal probe (all variants of a shape in one pass) against the tf.layers
 * probe with gradient taps, variant by variant, on a real MNIST batch.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { planVariants } from '../../experiment/plan';
import { probeLayers, probeSignal, type SignalBatch } from './probe';
import { mnistBatch } from '../../testing/mnist-batch';

let batch: SignalBatch;
let dispose: () => void;
beforeAll(async () => ({ batch, dispose } = await mnistBatch(64)));
afterAll(() => dispose());

const close = (a: number[], b: number[], tol: number) =>
  a.forEach((v, i) => expect(Math.abs(v - b[i]) / Math.max(Math.abs(v), 1e-3)).toBeLessThan(tol));

it.each([
  { arch: 'mlp', bn: ['none', 'after'], zero: ['none'] },
  { arch: 'resmlp', bn: ['none', 'before'], zero: ['none', 'alpha', 'gamma'] },
] as const)('$arch: every variant as the tf.layers probe measures it', async ({ arch, bn, zero }) => {
  const e: Experiment = {
    ...DEFAULT_EXPERIMENT,
    arch,
    depth: 3,
    width: 32,
    bn: [...bn],
    zero: [...zero],
    init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }],
  };
  const variants = planVariants(e);
  const before = tf.memory().numTensors;
  const stacked = await probeSignal(e, variants, batch, 3);
  expect(tf.memory().numTensors).toBe(before);
  const layers = await probeLayers(e, variants, batch, 3);
  expect(stacked.map((p) => p.variantIndex)).toEqual(variants.map((_, i) => i));
  stacked.forEach((s, i) => {
    const l = layers[i];
    expect(s.labels).toEqual(l.labels);
    close(s.forwardStd, l.forwardStd, 1e-4);
    close(s.forwardMean, l.forwardMean, 1e-3);
    close(s.backwardStd, l.backwardStd, 1e-3);
    expect(s.deadFraction).toEqual(l.deadFraction);
    expect(s.inputSecondMoment).toBeCloseTo(l.inputSecondMoment, 5);
    expect(s.logitGradSecondMoment).toBeCloseTo(l.logitGradSecondMoment, 6);
    expect(s.noTheoryReason).toBe(l.noTheoryReason);
  });
});
