/**
 * The stacked trainer against the single-run RunTrainer (the tf.layers path): 20 steps on
 * the same real batches give the same losses, gradient norms, weights and evaluation, for
 * each update rule, with and without batch norm, dense and conv nets; and a run that diverges inside a stack
 * leaves every other run bit-identical to the same runs trained without it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochOrder } from '../../data/batches';
import { DEFAULT_EXPERIMENT, type Experiment, type OptimizerId } from '../../experiment/config';
import { relDiff } from '../../testing/rel-diff';
import { planRuns, type RunSpec } from '../../experiment/plan';
import { disposeGpuData, uploadSplit, type GpuData } from '../gpu-data';
import { RunTrainer } from '../run-trainer';
import { realMnistSplit, spreadSubset } from '../../testing/mnist-split';
import { StackedTrainer } from './stacked-trainer';

let split: Awaited<ReturnType<typeof realMnistSplit>>;
let data: GpuData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  split = spreadSubset(await realMnistSplit(), 640, 200);
  data = uploadSplit(split);
});
afterAll(() => disposeGpuData(data));

const BS = 32;
const STEPS = 20;
const base: Experiment = { ...DEFAULT_EXPERIMENT, depth: 2, width: 32, bs: BS, steps: STEPS, bias: 0.01 };

/** Step i's batch, in the lab's own shuffled order (the split is sorted by digit): the same for every trainer. */
function batch(i: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const idx = tf.tensor1d(epochOrder(data.trainCount, 1, 0).subarray(i * BS, (i + 1) * BS), 'int32');
  return { x: tf.gather(data.trainX, idx), y: tf.gather(data.trainOneHot, idx) };
}

async function trainSingle(spec: RunSpec, steps = STEPS) {
  const t = new RunTrainer(spec);
  for (let i = 0; i < steps; i++) tf.tidy(() => t.step(t.inputFor(batch(i).x), batch(i).y, i === steps - 1));
  const { block } = await t.finishRead(t.startRead()!, BS);
  const evalPoint = await t.evaluate(data);
  const kernels = await Promise.all(t.kernels.map((k) => k.data() as Promise<Float32Array>));
  t.dispose();
  return { loss: block!.loss, gradNorms: block!.gradNorms, evalPoint, kernels };
}

/** Trains a stack; `switchOff` is checked after every step's read, as the scheduler does one block later. */
async function trainStack(specs: RunSpec[], switchOff = true, steps = STEPS) {
  const t = new StackedTrainer(specs);
  const loss: number[][] = specs.map(() => []);
  const gradNorms: number[][] = specs.map(() => []);
  const diverged: (number | null)[] = specs.map(() => null);
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => t.step(batch(i).x, batch(i).y, i === steps - 1));
    const results = await t.finishRead(t.startRead()!, BS);
    results.forEach(({ block, divergedAt }, r) => {
      if (diverged[r] !== null) return;
      if (block) loss[r].push(...block.loss);
      if (block) gradNorms[r].push(...block.gradNorms);
      if (divergedAt !== null) {
        diverged[r] = divergedAt;
        if (switchOff) t.deactivate(r);
      }
    });
  }
  const evalPoints = await t.evaluate(data);
  const stacked = await Promise.all(t.params.kernels.map((k) => k.data() as Promise<Float32Array>));
  const kernels = specs.map((_, r) => stacked.map((k) => k.subarray((r * k.length) / specs.length, ((r + 1) * k.length) / specs.length)));
  t.dispose();
  return { loss, gradNorms, diverged, evalPoints, kernels };
}

/**
 * Tolerances, relative to the largest value compared. Without BN the two paths agree to
 * float32 rounding. With BN they compute the same function by different op sequences
 * (tf.layers' batchNorm kernel vs. the stack's composed normalisation), and BN amplifies the
 * rounding where a unit's batch variance is near 0 (a ReLU unit that fires on few examples,
 * divided by √(var + ε) ≥ √ε: up to 316×). Adam then turns gradients that are zero but for
 * rounding (a bias ahead of BN, the kernel row of a constant border pixel, which BN's
 * mean subtraction cancels) into steps of about lr, so those weights drift apart by up to
 * steps × lr, and its per-element normalisation passes on the rounding of small gradients
 * at full size; the training losses still agree to about 1e-5 (measured 1.2e-5). Inference
 * mode sees more of that drift: the moving mean lags the batch mean, so a drifted bias
 * ahead of BN is not fully cancelled there (measured: validation loss 1.9e-4 apart).
 */
function tolerances(opt: OptimizerId, bn: string) {
  if (bn === 'none') return { loss: 1e-5, grads: 1e-5, weights: 1e-5, activations: 1e-5, valLoss: 1e-5 };
  if (opt !== 'adam') return { loss: 1e-5, grads: 1e-3, weights: 1e-4, activations: 1e-4, valLoss: 1e-4 };
  return { loss: 1e-4, grads: 1e-3, weights: 2e-2, activations: 2e-3, valLoss: 1e-3 };
}

describe('20 stacked steps = 20 RunTrainer steps (CPU)', () => {
  const cases = (['sgd', 'momentum', 'adam'] as OptimizerId[]).flatMap((opt) =>
    (['none', 'before', 'after'] as const).map((bn) => ({ arch: 'mlp' as const, opt, bn, lr: opt === 'adam' ? 0.003 : 0.05 })),
  );
  // Conv nets: per-run convolutions, the rest stacked (forward.ts). The CPU backend's conv
  // gradients are slow (about 0.5 s a step here), so 6 steps.
  const convCases = [
    { arch: 'cnn' as const, depth: 2, opt: 'momentum' as const, bn: 'none' as const, lr: 0.05, steps: 6 },
    { arch: 'cnn' as const, depth: 2, opt: 'adam' as const, bn: 'after' as const, lr: 0.003, steps: 6 },
    { arch: 'rescnn' as const, depth: 1, opt: 'momentum' as const, bn: 'before' as const, lr: 0.05, steps: 6 },
  ];
  it.each([...cases.map((c) => ({ ...c, depth: base.depth, steps: STEPS })), ...convCases])(
    '$arch, $opt, bn=$bn',
    { timeout: 180_000 },
    async ({ arch, depth, opt, bn, lr, steps }) => {
      const e: Experiment = {
        ...base,
        arch,
        depth,
        channels: 4,
        opt,
        lr,
        bn: [bn],
        init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }, { scheme: 'orthogonal' }],
      };
      const specs = planRuns(e);
      const tol = tolerances(opt, bn);
      const baseline = tf.memory().numTensors;
      const stack = await trainStack(specs, true, steps);
      const worst = { loss: 0, grads: 0, weights: 0, valLoss: 0 };
      for (const [r, spec] of specs.entries()) {
        const single = await trainSingle(spec, steps);
        worst.loss = Math.max(worst.loss, relDiff(single.loss, stack.loss[r]));
        worst.grads = Math.max(worst.grads, relDiff(single.gradNorms, stack.gradNorms[r]));
        single.kernels.forEach((k, l) => (worst.weights = Math.max(worst.weights, relDiff(k, stack.kernels[r][l]))));
        const [a, b] = [single.evalPoint, stack.evalPoints[r]];
        worst.valLoss = Math.max(worst.valLoss, Math.abs(a.valLoss - b.valLoss));
        expect([b.step, b.bnStats]).toEqual([a.step, a.bnStats]);
        expect(b.valAccuracy).toBeCloseTo(a.valAccuracy, 2);
        expect(relDiff(a.weightNorms, b.weightNorms)).toBeLessThan(tol.weights);
        expect(relDiff(a.updateRatios, b.updateRatios)).toBeLessThan(1e-3);
        expect(relDiff(a.unitSpread, b.unitSpread)).toBeLessThan(tol.weights);
        a.activations.forEach((s, i) => {
          const t = b.activations[i];
          expect(t.label).toBe(s.label);
          expect(relDiff([s.mean, s.std, s.min, s.max], [t.mean, t.std, t.min, t.max])).toBeLessThan(tol.activations);
          expect(t.inactive).toBeCloseTo(s.inactive, 5);
          expect(t.histogram.reduce((x, y) => x + y)).toBe(s.histogram.reduce((x, y) => x + y));
        });
      }
      console.info(
        `${arch} ${opt} bn=${bn}: largest relative difference, loss ${worst.loss.toExponential(1)}, grad norms ${worst.grads.toExponential(1)}, weights ${worst.weights.toExponential(1)}; val loss ${worst.valLoss.toExponential(1)}`,
      );
      expect(worst.loss).toBeLessThan(tol.loss);
      expect(worst.grads).toBeLessThan(tol.grads);
      expect(worst.weights).toBeLessThan(tol.weights);
      expect(worst.valLoss).toBeLessThan(tol.valLoss);
      expect(tf.memory().numTensors).toBe(baseline);
    },
  );
});

describe('a diverging run inside a stack', () => {
  // SGD at lr 0.3: a σ = 100 draw blows up within a dozen steps; He and Xavier train on.
  const e: Experiment = {
    ...base,
    opt: 'sgd',
    lr: 0.3,
    init: [{ scheme: 'he_normal' }, { scheme: 'normal', std: 100 }, { scheme: 'xavier_uniform' }],
  };

  it('is stopped at its step, and the others are bit-identical to training them without it', async () => {
    const [he, bad, xavier] = planRuns(e);
    const baseline = tf.memory().numTensors;
    const withBad = await trainStack([he, bad, xavier]);
    const without = await trainStack([he, xavier]);
    expect(withBad.diverged[1]).not.toBeNull();
    expect(withBad.loss[1]).toHaveLength(withBad.diverged[1]! - 1);
    expect(withBad.diverged[0]).toBeNull();
    expect(withBad.diverged[2]).toBeNull();
    for (const [r, w] of [
      [0, 0],
      [2, 1],
    ]) {
      expect(withBad.loss[r]).toEqual(without.loss[w]);
      expect(withBad.gradNorms[r]).toEqual(without.gradNorms[w]);
      withBad.kernels[r].forEach((k, l) => expect(Array.from(k)).toEqual(Array.from(without.kernels[w][l])));
      expect(withBad.evalPoints[r]).toEqual({ ...without.evalPoints[w], runId: withBad.evalPoints[r].runId });
    }
    // Even left running (never switched off), a diverged slice keeps its NaNs to itself.
    const unmasked = await trainStack([he, bad, xavier], false);
    expect(unmasked.loss[0]).toEqual(without.loss[0]);
    expect(Array.from(unmasked.kernels[2][0])).toEqual(Array.from(without.kernels[1][0]));
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('freezes a switched-off slice: its weights stop changing from the next step on', async () => {
    const t = new StackedTrainer(planRuns(e));
    tf.tidy(() => t.step(batch(0).x, batch(0).y));
    t.deactivate(0);
    tf.tidy(() => t.step(batch(1).x, batch(1).y));
    const frozen = await t.params.kernels[0].slice([0, 0, 0], [1, -1, -1]).data();
    const other = await t.params.kernels[0].slice([2, 0, 0], [1, -1, -1]).data();
    tf.tidy(() => t.step(batch(2).x, batch(2).y));
    expect(Array.from(await t.params.kernels[0].slice([0, 0, 0], [1, -1, -1]).data())).toEqual(Array.from(frozen));
    expect(Array.from(await t.params.kernels[0].slice([2, 0, 0], [1, -1, -1]).data())).not.toEqual(Array.from(other));
    t.dispose();
  });
});

describe('on wasm, where each run takes its own rank-2 products (products.ts)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  // Stacks of 3, 2 and one, with hidden-to-hidden products (whose rows are intermediates of
  // the forward pass, which tf.grads disposes before the backward pass). XNNPACK sums in
  // another order than the CPU backend, so the two agree to rounding, not bit for bit. Not
  // resmlp with Adam: there Adam's per-element normalisation turns those rounding
  // differences into steps of about lr (measured, one run: with BN before, losses 1e-4 apart
  // at step 2 and 8e-2 at step 16; without BN, 4e-4 at step 7; through wasm's scalar loop,
  // which sums as the CPU does, the BN case stayed within 1e-4).
  it.each([
    { arch: 'mlp' as const, opt: 'momentum' as const, bn: 'none' as const, runs: 3 },
    { arch: 'resmlp' as const, opt: 'momentum' as const, bn: 'before' as const, runs: 2 },
    { arch: 'mlp' as const, opt: 'adam' as const, bn: 'before' as const, runs: 1 },
  ])(
    '$arch, $opt, bn=$bn, $runs run(s): 20 steps equal the same stack on the CPU',
    { timeout: 60_000 },
    async ({ arch, opt, bn, runs }) => {
      const e: Experiment = {
        ...base,
        arch,
        opt,
        lr: opt === 'adam' ? 0.003 : 0.05,
        bn: [bn],
        init: ([{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }, { scheme: 'orthogonal' }] as const).slice(0, runs),
      };
      const specs = planRuns(e);
      const onCpu = await trainStack(specs);
      const cpuData = data;
      expect(await tf.setBackend('wasm')).toBe(true);
      // The split uploaded again: the lab's data lives on the backend that trains on it.
      data = uploadSplit(split);
      const baseline = tf.memory().numTensors;
      const onWasm = await trainStack(specs);
      expect(tf.memory().numTensors).toBe(baseline);
      disposeGpuData(data);
      data = cpuData;
      await tf.setBackend('cpu');
      const tol = tolerances(opt, bn);
      for (let r = 0; r < specs.length; r++) {
        expect(relDiff(onCpu.loss[r], onWasm.loss[r])).toBeLessThan(Math.max(tol.loss, 1e-4));
        expect(relDiff(onCpu.gradNorms[r], onWasm.gradNorms[r])).toBeLessThan(Math.max(tol.grads, 1e-4));
        onCpu.kernels[r].forEach((k, l) => expect(relDiff(k, onWasm.kernels[r][l])).toBeLessThan(tol.weights));
        expect(Math.abs(onCpu.evalPoints[r].valLoss - onWasm.evalPoints[r].valLoss)).toBeLessThan(tol.valLoss);
      }
    },
  );
});
