/**
 * The lab's own WebGL programs (optimizer updates, gradient norms) checked where they run:
 * in the page, on the page's WebGL backend. The update passes run against TF.js's own
 * tf.train optimizers and the lab's op-by-op rules, for `steps` steps, on the shapes the
 * lab trains: a dense kernel whose gradient comes out of a matMul packed, a bias, a conv
 * kernel, an odd-sized matrix whose packed texels have padding, and a scalar like the
 * residual branches' ReZero alpha. Driven by e2e/fused.e2e.ts and reported by `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerId } from '../lib/experiment/config';
import { LabOptimizer } from '../lib/engine/optimizer';
import { disposeTfjsOptimizer, makeTfjsOptimizer } from '../lib/engine/optim/tfjs-optimizer';
import { squaredNorm, stackedSquaredNorms } from '../lib/engine/optim/squared-norm';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

const SHAPES = [[784, 256], [256], [3, 3, 1, 16], [7, 5], []];

export interface OptimizerAgreement {
  rule: OptimizerId;
  backend: string;
  steps: number;
  /** max |fused - tf.train| over all weights, as a fraction of tf.train's largest move. */
  vsTfjs: number;
  /** The same against the lab's op-by-op rules (tensor-updates.ts). */
  vsOps: number;
  /** tf.train's largest move of a weight over the steps (so a "match" of nothing shows). */
  largestMove: number;
}

/** A gradient shaped like the lab's: 2-D ones out of a matMul (a packed texture). */
function gradient(shape: number[], seed: number): tf.Tensor {
  if (shape.length !== 2 && shape.length !== 3) return tf.randomNormal(shape, 0, 1, 'float32', seed);
  const k = 8;
  const [rows, cols] = shape.slice(-2);
  const runs = shape.slice(0, -2);
  return tf.matMul(
    tf.randomNormal([...runs, rows, k], 0, 1, 'float32', seed),
    tf.randomNormal([...runs, k, cols], 0, 1 / Math.sqrt(k), 'float32', seed + 1),
  );
}

async function maxAbs(t: tf.Tensor): Promise<number> {
  const m = tf.max(tf.abs(t));
  const [value] = await m.data();
  m.dispose();
  return value;
}

/**
 * `scales`: a factor on lr per shape (μP's per-layer rates, LabOptimizer's lrScale); the
 * reference is then one tf.train optimizer per variable at lr × its factor.
 */
export async function optimizerAgreement(rule: OptimizerId, steps = 10, lr = 0.01, scales?: number[]): Promise<OptimizerAgreement> {
  await tf.ready();
  const tag = scales ? 'scaled' : 'plain';
  const start = SHAPES.map((s, k) => tf.randomNormal(s, 0, 1, 'float32', 100 + k));
  const sets = ['fused', 'ops', 'tfjs'].map((name) => start.map((s, k) => tf.variable(s, true, `check-${rule}-${tag}-${name}-${k}`)));
  const [fused, ops, reference] = sets;
  const lrScale = (vars: tf.Variable[]) => new Map(scales ? vars.map((v, k): [string, number] => [v.name, scales[k]]) : []);
  const labFused = new LabOptimizer(rule, lr, true, lrScale(fused));
  const labOps = new LabOptimizer(rule, lr, false, lrScale(ops));
  const tfjs = SHAPES.map((_, k) => makeTfjsOptimizer(rule, lr * (scales?.[k] ?? 1)));
  for (let t = 1; t <= steps; t++) {
    const grads = tf.tidy(() => SHAPES.map((s, k) => gradient(s, 1000 * t + 10 * k)));
    [labFused, labOps].forEach((o, i) => o.applyGradients(Object.fromEntries(sets[i].map((v, k) => [v.name, grads[k]]))));
    tfjs.forEach((o, k) => o.applyGradients({ [reference[k].name]: grads[k] }));
    tf.dispose(grads);
  }
  let vsTfjs = 0;
  let vsOps = 0;
  let largestMove = 0;
  for (let k = 0; k < SHAPES.length; k++) {
    const [a, b, c] = tf.tidy(() => [tf.sub(fused[k], reference[k]), tf.sub(fused[k], ops[k]), tf.sub(reference[k], start[k])]);
    vsTfjs = Math.max(vsTfjs, await maxAbs(a));
    vsOps = Math.max(vsOps, await maxAbs(b));
    largestMove = Math.max(largestMove, await maxAbs(c));
    tf.dispose([a, b, c]);
  }
  labFused.dispose();
  labOps.dispose();
  tfjs.forEach(disposeTfjsOptimizer);
  tf.dispose([...start, ...sets.flat()]);
  return { rule, backend: tf.getBackend(), steps, vsTfjs: vsTfjs / largestMove, vsOps: vsOps / largestMove, largestMove };
}

export interface NormAgreement {
  shape: number[];
  /** Which run of a stacked gradient [R, rows, cols]. */
  run?: number;
  packed: boolean;
  fused: number;
  plain: number;
}

/**
 * squaredNorm's one-pass route against tf.sum(tf.square(g)) on packed textures of even and
 * odd shapes, whose odd edges leave padding lanes in the texels.
 */
export async function squaredNormAgreement(): Promise<NormAgreement[]> {
  await tf.ready();
  const out: NormAgreement[] = [];
  for (const [rows, cols] of [
    [784, 256],
    [256, 10],
    [7, 5],
    [1, 3],
    [33, 1],
  ]) {
    // +0.5 after the matMul: TF.js's packed add also fills the padding lanes past an odd
    // edge (with 0.5), so a norm that summed padding would be caught here.
    const g = tf.tidy(() => tf.add(gradient([rows, cols], rows * 31 + cols), 0.5));
    const packed = !!(tf.backend() as MathBackendWebGL).texData.get(g.dataId)?.isPacked;
    const fused = squaredNorm(g);
    const plain = tf.sum(tf.square(g));
    out.push({ shape: [rows, cols], packed, fused: (await fused.data())[0], plain: (await plain.data())[0] });
    tf.dispose([g, fused, plain]);
  }
  // Stacked over runs (stack/): one partial-sum row per run; each run's norm must be its own.
  for (const shape of [
    [3, 784, 256],
    [2, 7, 5],
    [4, 33, 1],
  ]) {
    const g = tf.tidy(() => tf.add(gradient(shape, shape[1] * 31 + shape[2]), 0.5));
    const packed = !!(tf.backend() as MathBackendWebGL).texData.get(g.dataId)?.isPacked;
    const fused = stackedSquaredNorms(g);
    const plain = tf.sum(tf.square(g), [1, 2]);
    const [f, p] = [await fused.data(), await plain.data()];
    f.forEach((value, run) => out.push({ shape, run, packed, fused: value, plain: p[run] }));
    tf.dispose([g, fused, plain]);
  }
  return out;
}
