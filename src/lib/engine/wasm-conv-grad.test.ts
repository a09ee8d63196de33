/**
 * The lab's wasm Conv2DBackpropFilter against TF.js's CPU kernel: the kernel gradient of
 * conv2d, for 'same' and 'valid' padding, strides 1 and 2, one and several input channels,
 * and a hand-worked 1×1 case.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConvGrad } from './wasm-conv-grad';

beforeAll(() => registerWasmConvGrad());
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** d Σ (c ⊙ conv2d(x, k)) / dk on the current backend. */
function kernelGrad(x: number[][][][], k: number[][][][], c: number[][][][] | null, stride: number, pad: 'same' | 'valid') {
  return tf.tidy(() => {
    const xs = tf.tensor4d(x);
    const f = (kernel: tf.Tensor) => {
      const y = tf.conv2d(xs, kernel as tf.Tensor4D, stride, pad);
      return tf.sum(c ? tf.mul(y, tf.tensor4d(c)) : y);
    };
    return tf.grad(f)(tf.tensor4d(k)).arraySync();
  });
}

const random = (shape: number[], seed: number) =>
  tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).arraySync()) as number[][][][];

describe('Conv2DBackpropFilter on wasm', () => {
  it('a hand-worked 1×1 kernel: d Σ y / dk = Σ x over every pixel', async () => {
    await tf.setBackend('wasm');
    // x: one 2×2 image, one channel, pixels 1, 2, 3, 4; k: 1×1, one in and one out channel.
    const g = kernelGrad(
      [
        [
          [[1], [2]],
          [[3], [4]],
        ],
      ],
      [[[[0.5]]]],
      null,
      1,
      'valid',
    );
    expect(g).toEqual([[[[10]]]]);
  });

  for (const [batch, size, inCh, outCh, kernel, stride, pad] of [
    [2, 6, 1, 3, 3, 1, 'same'],
    [3, 7, 4, 5, 3, 1, 'same'],
    [2, 8, 3, 2, 3, 2, 'valid'],
    [1, 5, 2, 4, 5, 2, 'same'],
  ] as const) {
    it(`batch ${batch}, ${size}×${size}×${inCh} → ${outCh}, ${kernel}×${kernel}, stride ${stride}, '${pad}'`, async () => {
      await tf.setBackend('cpu');
      const x = random([batch, size, size, inCh], 1);
      const k = random([kernel, kernel, inCh, outCh], 2);
      const outSize = pad === 'same' ? Math.ceil(size / stride) : Math.ceil((size - kernel + 1) / stride);
      const c = random([batch, outSize, outSize, outCh], 3);
      const expected = tf.tensor(kernelGrad(x, k, c, stride, pad));
      await tf.setBackend('wasm');
      const got = tf.tensor(kernelGrad(x, k, c, stride, pad));
      expect(got.shape).toEqual(expected.shape);
      expect(tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]).toBeLessThan(1e-4);
    });
  }
});
