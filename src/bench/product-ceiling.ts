/**
 * How fast this backend runs the matrix products of one training step on their own, at the
 * step's own shapes: the ceiling for a loop that did nothing but those products. The large
 * matMul peak (bench-page.ts) says what the device can do; this says what it can do at the
 * sizes a batch of 64 digits gives, so the loop's share of peak can be read in two parts:
 * lost to small shapes, and lost to everything else in a step.
 *
 * Dense layer: forward x·W, dW = xᵀ·dy, dX = dy·Wᵀ. Conv layer: tf.grad of
 * sum(conv2d(x, f) ⊙ dy), which runs the forward conv and then the filter and input
 * gradients, plus one element-wise multiply and sum per conv. The first layer has no dX,
 * as in flops.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerCost } from '../lib/engine/flops';

function layerTensors(layer: LayerCost, bs: number, seed: number): { x: tf.Tensor; w: tf.Tensor; dy: tf.Tensor } {
  const normal = (shape: number[], k: number) => tf.randomNormal(shape, 0, 1, 'float32', seed + k);
  if (layer.kind === 'dense')
    return { x: normal([bs, layer.inputs], 0), w: normal([layer.inputs, layer.outputs], 1), dy: normal([bs, layer.outputs], 2) };
  return {
    x: normal([bs, layer.outH, layer.outW, layer.cin], 0),
    w: normal([layer.kh, layer.kw, layer.cin, layer.cout], 1),
    dy: normal([bs, layer.outH, layer.outW, layer.cout], 2),
  };
}

/** Queues one step's products; returns one small output to wait on. */
function queueProducts(layers: LayerCost[], inputs: { x: tf.Tensor; w: tf.Tensor; dy: tf.Tensor }[]): tf.Tensor {
  return tf.tidy(() => {
    let last: tf.Tensor = tf.scalar(0);
    layers.forEach((layer, i) => {
      const { x, w, dy } = inputs[i];
      if (layer.kind === 'dense') {
        tf.matMul(x, w);
        last = tf.matMul(x, dy, true, false);
        if (i > 0) last = tf.matMul(dy, w, false, true);
        return;
      }
      const conv = (a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), dy));
      // tf.grads runs the forward conv itself, then the filter (and input) gradients.
      const grads = i > 0 ? tf.grads(conv)([x, w]) : [tf.grad((f: tf.Tensor) => conv(x, f))(w)];
      last = grads[grads.length - 1];
    });
    return tf.keep(tf.sum(last));
  });
}

/** Products-only steps per second at these shapes (best of `tries` timings of `steps` steps). */
export async function productStepsPerSec(layers: LayerCost[], bs: number, steps: number, tries = 3): Promise<number> {
  const inputs = layers.map((layer, i) => layerTensors(layer, bs, 50 + 10 * i));
  const run = async (n: number) => {
    const start = performance.now();
    let out: tf.Tensor | null = null;
    for (let s = 0; s < n; s++) {
      out?.dispose();
      out = queueProducts(layers, inputs);
    }
    await out!.data();
    out!.dispose();
    return performance.now() - start;
  };
  await run(1); // compiles every shader at these shapes
  let best = 0;
  for (let t = 0; t < tries; t++) best = Math.max(best, (steps * 1000) / (await run(steps)));
  inputs.forEach(({ x, w, dy }) => tf.dispose([x, w, dy]));
  return best;
}
