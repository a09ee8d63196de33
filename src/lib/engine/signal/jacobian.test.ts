import { describe, expect, it } from 'vitest';
import { pixelMoments } from '../../data/batches';
import { DEFAULT_EXPERIMENT, type Experiment, type InitChoice } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { realMnistSplit } from '../../testing/mnist-split';
import { runKernels } from '../init/run-kernels';
import { activationFn } from './act-math';
import { hiddenJacobian, jacobianSpectrum, meanSquaredSingularValue, type HiddenStack } from './jacobian';

const layer = (rows: number[][]) => ({ shape: [rows.length, rows[0].length], values: Float64Array.from(rows.flat()) });

/** The hidden stack of seed `seed` of the first variant of `e`, as the engine draws it. */
function stackOf(e: Experiment, seed = 1): HiddenStack {
  const run = planRuns({ ...e, seed })[0];
  return { layers: runKernels({ ...e, seed }, run).slice(0, e.depth), bias: e.bias, act: e.act, slope: e.slope };
}

/** `count` real validation digits, standardised with the training split's moments as the engine does. */
async function digits(count: number): Promise<Float64Array[]> {
  const split = await realMnistSplit();
  const { mean, std } = pixelMoments(split.train);
  return Array.from({ length: count }, (_, k) => {
    const i = k * 97; // spread over the (label-ordered) split
    return Float64Array.from(split.validation.images.subarray(i * 784, (i + 1) * 784), (p) => (p / 255 - mean) / std);
  });
}

const mlp = (init: InitChoice, over: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, arch: 'mlp', init: [init], ...over });
const he: InitChoice = { scheme: 'he_normal' };
const xavier: InitChoice = { scheme: 'xavier_normal' };
const orthogonal: InitChoice = { scheme: 'orthogonal' };

describe('hiddenJacobian, hand-worked', () => {
  it('a 3-layer ReLU net of width 2', () => {
    // x = [1, −1] through W1 = I: h1 = [1, −1], x1 = [1, 0].
    // W2 = diag(2, 1): h2 = [2, 0], so D2 = diag(1, 0) (ReLU′(0) = 0, as TF.js takes it).
    // W3 swaps: h3 = [0, 2], D3 = diag(0, 1).
    // J = W2·D2·W3·D3 = [[2, 0], [0, 0]]·W3·D3 = [[0, 2], [0, 0]]·D3 = [[0, 2], [0, 0]].
    const stack: HiddenStack = {
      layers: [
        layer([
          [1, 0],
          [0, 1],
        ]),
        layer([
          [2, 0],
          [0, 1],
        ]),
        layer([
          [0, 1],
          [1, 0],
        ]),
      ],
      bias: 0,
      act: 'relu',
      slope: 0,
    };
    const j = hiddenJacobian(stack, Float64Array.from([1, -1]));
    expect(Array.from(j.data)).toEqual([0, 2, 0, 0]);
    expect(Array.from(jacobianSpectrum(stack, [Float64Array.from([1, -1])])[0])).toEqual([2, 0]);
  });

  it('matches central finite differences of the forward pass on a tanh net', () => {
    const width = 5;
    const draw = (n: number, m: number, s: number) => ({
      shape: [n, m],
      values: Float64Array.from({ length: n * m }, (_, k) => Math.sin(7.3 * k + s) * 0.9),
    });
    const stack: HiddenStack = {
      layers: [draw(3, width, 1), draw(width, width, 2), draw(width, width, 3), draw(width, width, 4)],
      bias: 0.1,
      act: 'tanh',
      slope: 0,
    };
    const x = Float64Array.from([0.3, -1.2, 0.8]);
    // The test's own forward pass, from x1 (the first hidden layer's output) to x_L.
    const affine = (v: Float64Array, l: { shape: number[]; values: Float64Array }) =>
      Float64Array.from({ length: l.shape[1] }, (_, j) => stack.bias + v.reduce((s, vi, i) => s + vi * l.values[i * l.shape[1] + j], 0));
    const x1 = Float64Array.from(affine(x, stack.layers[0] as never), Math.tanh);
    const rest = (v: Float64Array) =>
      stack.layers.slice(1).reduce((a, l) => Float64Array.from(affine(a, l as never), activationFn('tanh', 0)), v);
    const j = hiddenJacobian(stack, x);
    const eps = 1e-6;
    for (let i = 0; i < width; i++) {
      const up = Float64Array.from(x1);
      const down = Float64Array.from(x1);
      up[i] += eps;
      down[i] -= eps;
      const fu = rest(up);
      const fd = rest(down);
      for (let o = 0; o < width; o++) expect(j.data[i * width + o]).toBeCloseTo((fu[o] - fd[o]) / (2 * eps), 7);
    }
  });

  it('refuses a stack it cannot square up', () => {
    const one: HiddenStack = { layers: [layer([[1]])], bias: 0, act: 'relu', slope: 0 };
    expect(() => hiddenJacobian(one, Float64Array.from([1]))).toThrow(/at least 2 hidden layers/);
  });
});

describe('jacobianSpectrum on the lab’s own inits and real digits', () => {
  it('a linear net with orthogonal init is an exact isometry: every singular value is 1', async () => {
    const [x] = await digits(1);
    const [s] = jacobianSpectrum(stackOf(mlp(orthogonal, { act: 'linear', depth: 6, width: 32 })), [x]);
    expect(s.length).toBe(32);
    // float32 weights: a product of 5 orthogonal matrices is orthogonal to ~1e-6.
    for (const v of s) expect(Math.abs(v - 1)).toBeLessThan(1e-5);
  });

  it('a linear net with Gaussian init keeps the mean but not the spectrum', async () => {
    const xs = await digits(2);
    // He normal with a linear activation has gain 1: std² = 1/n, so each layer's χ = n·(1/n)·1 = 1.
    const spectra = [1, 2, 3].flatMap((seed) => jacobianSpectrum(stackOf(mlp(he, { act: 'linear', depth: 9, width: 64 }), seed), xs));
    const mean = meanSquaredSingularValue(spectra);
    expect(Math.abs(mean - 1)).toBeLessThan(0.35);
    // A product of 8 Gaussian matrices spreads its singular values over decades (Fuss–Catalan).
    for (const s of spectra) {
      expect(s[0]).toBeGreaterThan(2);
      expect(s.at(-1)!).toBeLessThan(0.1);
    }
  });

  it('mean σ² follows the product of the layers’ χ: ReLU with He keeps it, with Xavier it halves per layer', async () => {
    const xs = await digits(3);
    const depth = 6; // 5 square layers in J
    const meanOf = (init: InitChoice) =>
      meanSquaredSingularValue(
        [1, 2, 3].flatMap((seed) => jacobianSpectrum(stackOf(mlp(init, { act: 'relu', depth, width: 128, bias: 0 }), seed), xs)),
      );
    // ReLU: E[φ′(h)²] = ½ for any symmetric h. He: σ_w² = 2, χ = 1. Xavier on square layers: σ_w² = 1, χ = ½.
    const heMean = meanOf(he);
    const xavierMean = meanOf(xavier);
    expect(Math.abs(Math.log(heMean))).toBeLessThan(Math.log(1.5));
    expect(Math.abs(Math.log(xavierMean / 0.5 ** (depth - 1)))).toBeLessThan(Math.log(1.5));
  });
});
