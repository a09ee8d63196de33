/**
 * The per-layer gradient norms the lab charts, checked against a float64 hand computation
 * of backprop through a tiny MLP on a real MNIST batch (same weights, same batch).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { epochOrder } from '../data/batches';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { planRuns } from '../experiment/plan';
import { deriveSeed } from '../random/prng';
import type { StepBlock } from './events';
import { disposeGpuData, uploadSplit, type GpuData } from './gpu-data';
import { generateWeights } from './init';
import { trainExperiment } from './train-experiment';
import { realMnistSplit, subset } from '../testing/mnist-split';

let data: GpuData;
let inputs: Float32Array;
let labels: Int32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(subset(await realMnistSplit(), 512, 100));
  inputs = (await data.trainX.data()) as Float32Array;
  labels = (await data.trainY.data()) as Int32Array;
  return () => disposeGpuData(data);
});

/** Plain backprop of mean softmax cross-entropy through dense(relu) -> dense, in float64. */
function handGradNorms(x: number[][], y: number[], w1: Float32Array, w2: Float32Array, hidden: number, bias: number) {
  const n = x.length;
  const dIn = x[0].length;
  const z = x.map((row) => Array.from({ length: hidden }, (_, j) => row.reduce((s, v, i) => s + v * w1[i * hidden + j], bias)));
  const h = z.map((row) => row.map((v) => Math.max(0, v)));
  const logits = h.map((row) => Array.from({ length: 10 }, (_, k) => row.reduce((s, v, j) => s + v * w2[j * 10 + k], bias)));
  const dLogits = logits.map((row, r) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v, k) => (v / sum - (k === y[r] ? 1 : 0)) / n);
  });
  let g2 = 0;
  for (let j = 0; j < hidden; j++)
    for (let k = 0; k < 10; k++) {
      const g = h.reduce((s, row, r) => s + row[j] * dLogits[r][k], 0);
      g2 += g * g;
    }
  const dz = z.map((row, r) => row.map((v, j) => (v > 0 ? dLogits[r].reduce((s, d, k) => s + d * w2[j * 10 + k], 0) : 0)));
  let g1 = 0;
  for (let i = 0; i < dIn; i++)
    for (let j = 0; j < hidden; j++) {
      const g = x.reduce((s, row, r) => s + row[i] * dz[r][j], 0);
      g1 += g * g;
    }
  return [Math.sqrt(g1), Math.sqrt(g2)];
}

it('equals a hand-computed backprop on a 784-8-10 ReLU MLP', async () => {
  const e: Experiment = { ...DEFAULT_EXPERIMENT, depth: 1, width: 8, bs: 4, steps: 1, bias: 0.01, opt: 'sgd', seed: 5 };
  const [run] = planRuns(e);
  let block: StepBlock | undefined;
  await trainExperiment([run], data, { onEvent: (ev) => ev.type === 'steps' && (block = ev), warmUp: false });

  const ctx = { act: e.act, slope: e.slope, gain: e.gain };
  const w1 = generateWeights(run.init, [784, 8], ctx, deriveSeed(run.initSeed, 'layer', 0));
  const w2 = generateWeights(run.init, [8, 10], ctx, deriveSeed(run.initSeed, 'layer', 1));
  const batch = Array.from(epochOrder(data.trainCount, run.dataSeed, 0).subarray(0, 4));
  const x = batch.map((i) => Array.from(inputs.subarray(i * 784, (i + 1) * 784)));
  const y = batch.map((i) => labels[i]);
  const expected = handGradNorms(x, y, w1, w2, 8, e.bias);

  expect(block).toBeDefined();
  expect(block!.gradNorms.length).toBe(2);
  for (let l = 0; l < 2; l++) {
    expect(Math.abs(block!.gradNorms[l] - expected[l]) / expected[l]).toBeLessThan(1e-4);
  }
  // The gradient at init is not degenerate (the test would pass trivially on zeros).
  expect(expected[0]).toBeGreaterThan(1e-3);
});
