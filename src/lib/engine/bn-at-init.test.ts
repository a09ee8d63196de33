/**
 * The at-init picture of a batch-norm net is measured the way its first training step
 * computes, with the probe batch's own statistics, and measuring it leaves the moving
 * statistics (what inference uses) untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { planRuns } from '../experiment/plan';
import type { EvalPoint, RunEvent } from './events';
import { disposeGpuData, uploadSplit, type GpuData } from './gpu-data';
import { RunTrainer } from './run-trainer';
import { trainExperiment } from './train-experiment';
import { realMnistSplit, subset } from '../testing/mnist-split';

let data: GpuData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(subset(await realMnistSplit(), 512, 300));
});
afterAll(() => disposeGpuData(data));

/** The bn-rescue preset's net: σ = 0.01 passes on 0.01·√(128/2) = 0.08 of the signal per ReLU layer. */
const e: Experiment = {
  ...DEFAULT_EXPERIMENT,
  depth: 6,
  width: 128,
  init: [{ scheme: 'normal', std: 0.01 }],
  bn: ['none', 'before'],
  opt: 'sgd',
  lr: 0.05,
  bs: 32,
};
const ratio = (ev: EvalPoint) => ev.activations[ev.activations.length - 1].std / ev.activations[0].std;

it('measures a BN net at init with batch statistics: its signal keeps its scale, the plain net’s vanishes', async () => {
  const [plain, bn] = planRuns(e).map((spec) => new RunTrainer(spec));
  try {
    const [p, b] = [await plain.evaluate(data), await bn.evaluate(data)];
    console.info(`at init, last/first hidden std: no BN ${ratio(p).toExponential(2)}, BN before ${ratio(b).toFixed(3)}`);
    expect(p.bnStats).toBeNull();
    expect(b.bnStats).toBe('batch');
    // 0.08^5 ≈ 3e-6 without BN; BN standardises every pre-activation, so every ReLU output
    // has the std of relu(N(0, 1)), √(1/2 − 1/(2π)) = 0.584, in every layer.
    expect(ratio(p)).toBeLessThan(1e-3);
    for (const a of b.activations) expect(a.std).toBeCloseTo(0.584, 1);
    expect(ratio(b)).toBeGreaterThan(0.9);
    expect(ratio(b)).toBeLessThan(1.1);
  } finally {
    plain.dispose();
    bn.dispose();
  }
});

it('leaves the moving statistics as they were: a second evaluation at init gives the same numbers', async () => {
  const [, spec] = planRuns(e);
  const trainer = new RunTrainer(spec);
  try {
    const first = await trainer.evaluate(data);
    const second = await trainer.evaluate(data);
    // Validation runs in inference mode on the moving statistics: had the training-mode
    // probe updated them (momentum 0.9 toward the probe batch), the loss would move.
    expect(second.valLoss).toBe(first.valLoss);
    expect(second.activations.map((a) => a.std)).toEqual(first.activations.map((a) => a.std));
  } finally {
    trainer.dispose();
  }
});

it('uses the moving statistics for every evaluation after step 0, and says which', async () => {
  const events: RunEvent[] = [];
  await trainExperiment(planRuns({ ...e, bn: ['before'], steps: 8 }), data, {
    onEvent: (ev) => events.push(ev),
    evalEvery: 4,
    warmUp: false,
  });
  const evals = events.filter((ev): ev is EvalPoint => ev.type === 'eval');
  expect(evals.map((ev) => [ev.step, ev.bnStats])).toEqual([
    [0, 'batch'],
    [4, 'moving'],
    [8, 'moving'],
  ]);
});
