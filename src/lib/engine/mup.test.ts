/**
 * μP against Table 3 of Tensor Programs V, worked by hand: the multipliers, the initial
 * kernels they scale, and one optimizer step of a small net on real digits, where every
 * variable must move by its own lr times the update rule's direction. At r = 1 μP is SP,
 * bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type OptimizerId } from '../experiment/config';
import { planRuns, type RunSpec } from '../experiment/plan';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import { relDiff } from '../testing/rel-diff';
import { runKernels } from './init/run-kernels';
import { mupScales } from './mup';
import { LabOptimizer } from './optimizer';
import { RunTrainer } from './run-trainer';
import { stackedForward } from './stack/forward';
import { namedVariables, stackKey } from './stack/params';
import { StackedTrainer } from './stack/stacked-trainer';

let x: tf.Tensor2D;
let y: tf.Tensor2D;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const split = spreadSubset(await realMnistSplit(), 32, 10);
  const pixels = Float32Array.from(split.train.images, (v) => v / 255);
  x = tf.tensor2d(pixels, [32, 784]);
  y = tf.oneHot(tf.tensor1d(Array.from(split.train.labels), 'int32'), 10).toFloat() as tf.Tensor2D;
});

const mlp = (over: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, depth: 2, width: 16, base: 4, bs: 32, ...over });
const specOf = (e: Experiment, param: 'sp' | 'mup'): RunSpec => planRuns({ ...e, param: [param] })[0];

describe('the multipliers (Table 3, relative to SP)', () => {
  // width 256, base 64: r = 4. Three kernels: input L1, hidden L2, output.
  const e = mlp({ width: 256, base: 64 });
  it('Adam: hidden and output lr / r, output std / √r, input and biases as SP', () => {
    const s = mupScales(e, 'mup', 3, 'adam');
    expect(s.ratio).toBe(4);
    expect(s.kernels).toEqual([
      { role: 'input', init: 1, lr: 1 },
      { role: 'hidden', init: 1, lr: 0.25 },
      { role: 'output', init: 0.5, lr: 0.25 },
    ]);
    expect(s.vector).toBe(1);
  });
  it.each(['sgd', 'momentum'] as OptimizerId[])('%s: input and biases lr × r, output lr / r, hidden as SP', (opt) => {
    const s = mupScales(e, 'mup', 3, opt);
    expect(s.kernels.map((k) => k.lr)).toEqual([4, 1, 0.25]);
    expect(s.kernels.map((k) => k.init)).toEqual([1, 1, 0.5]);
    expect(s.vector).toBe(4);
  });
  it('a conv net scales with its channels, and SP is all ones', () => {
    expect(mupScales({ ...e, arch: 'cnn', channels: 32, base: 8 }, 'mup', 3).ratio).toBe(4);
    const sp = mupScales(e, 'sp', 3, 'sgd');
    expect([sp.ratio, sp.vector, ...sp.kernels.flatMap((k) => [k.init, k.lr])]).toEqual(new Array(8).fill(1));
  });
});

describe('initial kernels under μP', () => {
  it('draws the output kernel × 1/√r and every other kernel as SP, and says the std it drew', () => {
    const e = mlp({ width: 256, base: 16 }); // r = 16: output × 1/4
    const [sp, mup] = [runKernels(e, specOf(e, 'sp')), runKernels(e, specOf(e, 'mup'))];
    expect(mup[0].values).toEqual(sp[0].values);
    expect(mup[1].values).toEqual(sp[1].values);
    expect(mup[2].values).toEqual(sp[2].values.map((v) => v * 0.25));
    const t = new StackedTrainer([specOf(e, 'mup')]);
    const out = t.layersOf(0)[2];
    // He normal, fan_in 256, gain √2: std √(2/256) = 0.0884; μP's output: a quarter of it.
    expect(out.initStd).toBeCloseTo(Math.sqrt(2 / 256) / 4, 10);
    expect(t.layersOf(0)[1].initStd).toBeCloseTo(Math.sqrt(2 / 256), 10);
    const drawn = mup[2].values;
    const std = Math.sqrt(drawn.reduce((a, v) => a + v * v, 0) / drawn.length);
    expect(Math.abs(std / out.initStd - 1)).toBeLessThan(0.08); // 2,560 draws: sampling error ≈ 1.4%
    t.dispose();
  });
});

describe('LabOptimizer with per-variable learning rates', () => {
  it('one Adam step moves each variable by its own lr × g / (|g| + ε); SGD by its lr × g', () => {
    const g = [0.5, -2, 0, 1e-3];
    for (const rule of ['adam', 'sgd'] as OptimizerId[]) {
      const a = tf.variable(tf.tensor1d([1, 1, 1, 1]));
      const b = tf.variable(tf.tensor1d([1, 1, 1, 1]));
      const opt = new LabOptimizer(rule, 0.01, false, new Map([[a.name, 0.25]]));
      opt.applyGradients({ [a.name]: tf.tensor1d(g), [b.name]: tf.tensor1d(g) });
      const eps = tf.backend().epsilon();
      // Adam's first step: m̂ = g, v̂ = g² (bias corrections cancel the (1 - β) factors).
      const dir = g.map((v) => (rule === 'adam' ? v / (Math.abs(v) + eps) : v));
      expect(
        relDiff(
          a.dataSync(),
          dir.map((d) => 1 - 0.01 * 0.25 * d),
        ),
      ).toBeLessThan(1e-6);
      expect(
        relDiff(
          b.dataSync(),
          dir.map((d) => 1 - 0.01 * d),
        ),
      ).toBeLessThan(1e-6);
      opt.dispose();
      tf.dispose([a, b]);
    }
  });
});

/** The gradients the trainer's step will see: the same loss on the same variables, before it steps. */
function gradientsOf(t: StackedTrainer): Map<string, Float32Array> {
  const names = namedVariables(t.params).trainable;
  const { grads } = tf.variableGrads(
    () => {
      const f = stackedForward(t.params, x, 'batch', { hidden: false });
      const labels = tf.broadcastTo(y, [t.runs, ...y.shape]);
      const perExample = tf.losses.softmaxCrossEntropy(labels, f.logits, undefined, undefined, tf.Reduction.NONE);
      return tf.sum(tf.mean(perExample, 1)) as tf.Scalar;
    },
    names.map((n) => n.variable),
  );
  const out = new Map(names.map((n) => [n.name, grads[n.variable.name].dataSync() as Float32Array]));
  tf.dispose(grads);
  return out;
}

describe('one step of a small net on real digits under μP', () => {
  // width 16, base 4: r = 4. Three kernels; BN before the activations gives γ and β (vector-like).
  it.each([
    { opt: 'adam' as const, bn: 'none' as const },
    { opt: 'sgd' as const, bn: 'before' as const },
  ])('$opt, bn=$bn: each variable changes by its own lr × the update direction', ({ opt, bn }) => {
    const e = mlp({ opt, bn: [bn], lr: 0.01, bias: 0.01 });
    const t = new StackedTrainer([specOf(e, 'mup')]);
    const grads = gradientsOf(t);
    const named = namedVariables(t.params).trainable;
    const before = new Map(named.map((n) => [n.name, n.variable.dataSync().slice()]));
    tf.tidy(() => t.step(x, y));
    const eps = tf.backend().epsilon();
    const s = mupScales(e, 'mup', 3);
    const lrOf = (name: string) => 0.01 * (name.startsWith('kernel') ? s.kernels[Number(name.slice(6)) - 1].lr : s.vector);
    const expected = opt === 'adam' ? [1, 0.25, 0.25, 1] : [4, 1, 0.25, 4]; // × lr: L1, L2, out, vector-like
    expect(['kernel1', 'kernel2', 'kernel3', 'bias1'].map((n) => lrOf(n) / 0.01)).toEqual(expected);
    let checked = 0;
    for (const { name, variable } of named) {
      const g = grads.get(name)!;
      const w0 = before.get(name)!;
      const want = w0.map((w, i) => w - lrOf(name) * (opt === 'adam' ? g[i] / (Math.abs(g[i]) + eps) : g[i]));
      const delta = (v: ArrayLike<number>) => Array.from(v, (w, i) => w - w0[i]);
      const [got, hand] = [delta(variable.dataSync()), delta(want)];
      // Relative to the largest change; a bias ahead of BN has a gradient of rounding only (≈ 0).
      const scale = Math.max(1e-8, ...hand.map(Math.abs));
      expect(Math.max(...got.map((d, i) => Math.abs(d - hand[i]))) / scale, name).toBeLessThan(2e-3);
      checked++;
    }
    expect(checked).toBe(bn === 'none' ? 6 : 10); // 3 kernels + 3 biases (+ 2 × γ, β)
    t.dispose();
  });
});

async function trainKernels(spec: RunSpec, steps: number, single = false): Promise<Float32Array[]> {
  const t = single ? new RunTrainer(spec) : new StackedTrainer([spec]);
  for (let i = 0; i < steps; i++) tf.tidy(() => t.step(t instanceof RunTrainer ? t.inputFor(x) : x, y));
  const kernels = t instanceof RunTrainer ? t.kernels : t.params.kernels;
  const out = await Promise.all(kernels.map((k) => k.data() as Promise<Float32Array>));
  t.dispose();
  return out;
}

describe('μP trains the same in both engines, and is SP at r = 1', () => {
  it.each(['adam', 'sgd'] as OptimizerId[])('%s: r = 1 gives SP bit for bit after 3 steps', async (opt) => {
    const e = mlp({ opt, width: 16, base: 16, lr: 0.01 });
    const [sp, mup] = [await trainKernels(specOf(e, 'sp'), 3), await trainKernels(specOf(e, 'mup'), 3)];
    mup.forEach((k, i) => expect(k).toEqual(sp[i]));
  });
  it.each(['adam', 'momentum'] as OptimizerId[])('%s, r = 4: the tf.layers reference = the stacked engine over 3 steps', async (opt) => {
    const e = mlp({ opt, lr: 0.01, bias: 0.01 });
    const spec = specOf(e, 'mup');
    const [single, stacked] = [await trainKernels(spec, 3, true), await trainKernels(spec, 3)];
    single.forEach((k, i) => expect(relDiff(k, stacked[i])).toBeLessThan(1e-5));
    // And μP really changed the training: SP's weights after the same steps differ.
    const sp = await trainKernels(specOf(e, 'sp'), 3);
    expect(relDiff(sp[1], stacked[1])).toBeGreaterThan(1e-3);
  });
});

describe('stacks', () => {
  it('SP and μP runs never share a stack, nor μP runs with another base', () => {
    const e = mlp({ param: ['sp', 'mup'] });
    const [sp, mup] = planRuns(e);
    expect(stackKey(sp)).not.toBe(stackKey(mup));
    expect(stackKey(mup)).not.toBe(stackKey({ ...mup, experiment: { ...e, base: 8 } }));
    expect(() => new StackedTrainer([sp, mup])).toThrow(/cannot join its stack/);
  });
});
