/**
 * The per-run (rank-2) form of the stacked product against one batched tf.matMul: the same
 * value and the same gradients, for shared rows and for stacked rows, on a hand-worked case
 * and on random shapes; and on wasm itself, where the per-run form is the one the lab uses.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsProduct } from './products';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** The value and the gradients of Σ c ⊙ product (c fixed, so every output element counts with its own weight). */
function valueAndGrads(rows: tf.Tensor, w: tf.Tensor, perRun: boolean) {
  const c = tf.randomNormal([w.shape[0], rows.shape.at(-2)!, w.shape[2]!], 0, 1, 'float32', 5);
  const f = (a: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(runsProduct(a, k, perRun), c));
  const value = tf.tidy(() => runsProduct(rows, w, perRun));
  const grads =
    rows.rank === 2
      ? [tf.grad((k: tf.Tensor) => f(rows, k))(w)]
      : tf
          .grads((a: tf.Tensor, k: tf.Tensor) => f(a, k))([rows, w])
          .reverse();
  c.dispose();
  return { value, grads };
}

describe('runsProduct, per run against batched', () => {
  it('a hand-worked pair of runs: shared rows [1, 2] times kernels [[1, 0], [0, 1]] and [[0, 1], [2, 0]]', () => {
    const x = tf.tensor2d([[1, 2]]);
    const w = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0, 1],
        [2, 0],
      ],
    ]);
    // Run 0: [1, 2]·I = [1, 2]; run 1: [1·0 + 2·2, 1·1 + 2·0] = [4, 1].
    expect(Array.from(runsProduct(x, w, true).dataSync())).toEqual([1, 2, 4, 1]);
    // d Σ y / dW_r[i][j] = x[i] for every run and column.
    const g = tf.grad((k: tf.Tensor) => tf.sum(runsProduct(x, k, true)))(w);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });

  for (const [runs, n, inDim, out] of [
    [1, 5, 7, 3],
    [3, 4, 6, 5],
    [8, 2, 9, 4],
  ]) {
    it(`shared rows: ${runs} runs of [${n}, ${inDim}] × [${inDim}, ${out}]`, () => {
      const x = tf.randomNormal([n, inDim], 0, 1, 'float32', 1);
      const w = tf.randomNormal([runs, inDim, out], 0, 1, 'float32', 2);
      const a = valueAndGrads(x, w, true);
      const b = valueAndGrads(x, w, false);
      expect(a.value.shape).toEqual([runs, n, out]);
      expect(maxDiff(a.value, b.value)).toBeLessThan(1e-5);
      expect(a.grads[0].shape).toEqual(w.shape);
      expect(maxDiff(a.grads[0], b.grads[0])).toBeLessThan(1e-5);
    });

    it(`stacked rows: ${runs} runs of [${n}, ${inDim}] × [${inDim}, ${out}], both gradients`, () => {
      const h = tf.randomNormal([runs, n, inDim], 0, 1, 'float32', 3);
      const w = tf.randomNormal([runs, inDim, out], 0, 1, 'float32', 4);
      const a = valueAndGrads(h, w, true);
      const b = valueAndGrads(h, w, false);
      expect(maxDiff(a.value, b.value)).toBeLessThan(1e-5);
      for (const i of [0, 1]) {
        expect(a.grads[i].shape).toEqual(b.grads[i].shape);
        expect(maxDiff(a.grads[i], b.grads[i])).toBeLessThan(1e-5);
      }
    });
  }
});

describe('runsProduct on wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('computes on wasm what one batched product computes on the CPU, gradients included', async () => {
    const h = tf.randomNormal([4, 6, 20], 0, 1, 'float32', 6);
    const w = tf.randomNormal([4, 20, 7], 0, 1, 'float32', 7);
    const cpu = valueAndGrads(h, w, false);
    const [hv, wv] = [h.arraySync(), w.arraySync()];
    const expected = [cpu.value, ...cpu.grads].map((t) => t.arraySync());
    expect(await tf.setBackend('wasm')).toBe(true);
    const onWasm = valueAndGrads(tf.tensor(hv), tf.tensor(wv), true);
    [onWasm.value, ...onWasm.grads].forEach((t, i) => expect(maxDiff(t, tf.tensor(expected[i]))).toBeLessThan(1e-4));
  });
});
