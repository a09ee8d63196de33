import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT } from '../experiment/config';
import { planRuns } from '../experiment/plan';
import { activationStatsTensor, decodeActivationStats, HISTOGRAM_BINS } from './activation-stats';
import type { EvalPoint, StepBlock } from './events';
import { disposeGpuData, uploadSplit, type GpuData } from './gpu-data';
import { trainExperiment } from './train-experiment';
import { realMnistSplit, subset } from '../testing/mnist-split';

let data: GpuData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(subset(await realMnistSplit(), 512, 300));
  return () => disposeGpuData(data);
});

it('computes mean, std, inactive units, range and a histogram that a hand count confirms', async () => {
  // 3 examples x 2 units; unit 0 never fires (dead for ReLU), unit 1 does.
  const h = tf.tensor2d([
    [0, 1],
    [0, 2],
    [0, 3],
  ]);
  const t = activationStatsTensor(h, 'relu');
  const s = decodeActivationStats((await t.data()) as Float32Array, 0, 'L1');
  const values = [0, 1, 0, 2, 0, 3];
  const mean = values.reduce((a, b) => a + b) / 6;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / 6);
  expect(s.mean).toBeCloseTo(mean, 6);
  expect(s.std).toBeCloseTo(sd, 6);
  expect(s.inactive).toBe(0.5);
  expect([s.min, s.max]).toEqual([0, 3]);
  expect(s.histogram).toHaveLength(HISTOGRAM_BINS);
  expect(s.histogram.reduce((a, b) => a + b)).toBe(6);
  expect(s.histogram[0]).toBe(3); // the three zeros
  expect(s.histogram[HISTOGRAM_BINS - 1]).toBe(1); // the 3 (top edge is inclusive)
  // tanh has no dead state: reported as NaN, not 0.
  const t2 = activationStatsTensor(h, 'tanh');
  expect(decodeActivationStats((await t2.data()) as Float32Array, 0, 'L1').inactive).toBeNaN();
  tf.dispose([h, t, t2]);
});

it('reports update/weight ratios equal to lr·|g|/|W| for plain SGD, and many dead units under a negative bias', async () => {
  const e = { ...DEFAULT_EXPERIMENT, width: 32, bs: 32, steps: 1, opt: 'sgd' as const, lr: 0.1 };
  const evals: EvalPoint[] = [];
  let block: StepBlock | undefined;
  await trainExperiment(planRuns(e), data, {
    evalEvery: 1,
    onEvent: (ev) => (ev.type === 'eval' ? evals.push(ev) : ev.type === 'steps' ? (block = ev) : undefined),
  });
  expect(evals.map((v) => v.step)).toEqual([0, 1]);
  expect(evals[0].updateRatios.every(Number.isNaN)).toBe(true);
  evals[1].updateRatios.forEach((ratio, l) => {
    expect(ratio).toBeCloseTo((0.1 * block!.gradNorms[l]) / evals[0].weightNorms[l], 4);
  });
  expect(evals[0].activations.map((a) => a.label)).toEqual(['L1', 'L2']);
  expect(evals[0].activations[0].inactive).toBeLessThan(0.2);

  const dead: EvalPoint[] = [];
  await trainExperiment(planRuns({ ...e, bias: -3 }), data, { evalEvery: 1, onEvent: (ev) => ev.type === 'eval' && dead.push(ev) });
  expect(dead[0].activations[1].inactive).toBeGreaterThan(0.5);
  // He init gives every unit its own weights.
  expect(evals[1].unitSpread.every((s) => s > 0.01)).toBe(true);
});

it('measures symmetry: zero init keeps every unit of a hidden layer identical, constant init too', async () => {
  const e = { ...DEFAULT_EXPERIMENT, width: 16, bs: 32, steps: 5, opt: 'sgd' as const, lr: 0.1 };
  for (const scheme of ['zeros', 'constant'] as const) {
    const evals: EvalPoint[] = [];
    await trainExperiment(planRuns({ ...e, init: [{ scheme }] }), data, { onEvent: (ev) => ev.type === 'eval' && evals.push(ev) });
    const last = evals.at(-1)!;
    // Hidden kernels: units identical to float precision. (The output layer's units differ:
    // each class has its own target, so the head can break its own symmetry.)
    expect(last.unitSpread.slice(0, 2).every((s) => s <= 1e-6)).toBe(true);
  }
});
