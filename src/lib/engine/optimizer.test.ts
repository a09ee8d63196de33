/**
 * The lab's optimizer against a float64 hand computation of each rule, and against TF.js's
 * own tf.train optimizers over several steps on the same variables and gradients. (The
 * fused WebGL passes are checked against the same references in Chromium: e2e/fused.e2e.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerId } from '../experiment/config';
import { LabOptimizer } from './optimizer';
import { disposeTfjsOptimizer, makeTfjsOptimizer } from './optim/tfjs-optimizer';
import { BETA1, BETA2, MOMENTUM } from './optim/update-rules';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const RULES: OptimizerId[] = ['sgd', 'momentum', 'adam'];
const LR = 0.01;

/** Deterministic gradient for step t, element i: signs and sizes vary, some exactly zero. */
const gradAt = (t: number, i: number) => (i % 7 === 3 ? 0 : Math.sin(1.7 * i + 0.9 * t) * (1 + (i % 3)));

/** Float64 reference of each rule on a flat vector, step after step. */
function handSteps(rule: OptimizerId, w0: number[], steps: number, eps: number): number[] {
  const w = [...w0];
  const a = w.map(() => 0);
  const b = w.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < w.length; i++) {
      const g = gradAt(t, i);
      if (rule === 'sgd') w[i] -= LR * g;
      else if (rule === 'momentum') {
        a[i] = MOMENTUM * a[i] + g;
        w[i] -= LR * a[i];
      } else {
        a[i] = BETA1 * a[i] + (1 - BETA1) * g;
        b[i] = BETA2 * b[i] + (1 - BETA2) * g * g;
        const mHat = a[i] / (1 - BETA1 ** t);
        const vHat = b[i] / (1 - BETA2 ** t);
        w[i] -= (LR * mHat) / (Math.sqrt(vHat) + eps);
      }
    }
  }
  return w;
}

function gradTensor(t: number, shape: number[]): tf.Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, (_, i) => gradAt(t, i)),
    shape,
  );
}

describe.each(RULES)('%s', (rule) => {
  it('matches the float64 hand computation over 6 steps', () => {
    const w0 = Array.from({ length: 24 }, (_, i) => (i - 12) / 10);
    const w = tf.variable(tf.tensor(w0, [4, 6]), true, `hand-${rule}`);
    const opt = new LabOptimizer(rule, LR);
    for (let t = 1; t <= 6; t++) {
      const g = gradTensor(t, [4, 6]);
      opt.applyGradients({ [w.name]: g });
      g.dispose();
    }
    const got = w.dataSync();
    const want = handSteps(rule, w0, 6, tf.backend().epsilon());
    want.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 5));
    // The weights did move (an optimizer that does nothing would match a zero update).
    expect(w0.reduce((s, x, i) => s + Math.abs(got[i] - x), 0)).toBeGreaterThan(0.05);
    opt.dispose();
    w.dispose();
  });

  it('matches tf.train on a kernel and a bias, step after step', () => {
    const shapes = [[5, 3], [3]];
    const start = shapes.map((s, k) => tf.randomNormal(s, 0, 1, 'float32', 10 + k));
    const ours = start.map((s, k) => tf.variable(s, true, `ours-${rule}-${k}`));
    const theirs = start.map((s, k) => tf.variable(s, true, `theirs-${rule}-${k}`));
    const lab = new LabOptimizer(rule, LR);
    const reference = makeTfjsOptimizer(rule, LR);
    for (let t = 1; t <= 8; t++) {
      const grads = shapes.map((s) => gradTensor(t, s));
      lab.applyGradients(Object.fromEntries(ours.map((v, k) => [v.name, grads[k]])));
      reference.applyGradients(Object.fromEntries(theirs.map((v, k) => [v.name, grads[k]])));
      tf.dispose(grads);
      ours.forEach((v, k) => {
        const a = v.dataSync();
        const b = theirs[k].dataSync();
        a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 6));
      });
    }
    lab.dispose();
    disposeTfjsOptimizer(reference);
    tf.dispose([...start, ...ours, ...theirs]);
  });

  it('frees its slots on dispose and allocates nothing per step', () => {
    const w = tf.variable(tf.ones([8, 4]), true, `mem-${rule}`);
    const g = tf.fill([8, 4], 0.5);
    const before = tf.memory().numTensors;
    const opt = new LabOptimizer(rule, LR);
    opt.applyGradients({ [w.name]: g });
    const afterOne = tf.memory().numTensors;
    for (let t = 0; t < 5; t++) opt.applyGradients({ [w.name]: g });
    expect(tf.memory().numTensors).toBe(afterOne);
    expect(afterOne - before).toBe(rule === 'sgd' ? 0 : rule === 'momentum' ? 1 : 2);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, g]);
  });
});

it('refuses a gradient for a variable that does not exist', () => {
  const g = tf.ones([2]);
  expect(() => new LabOptimizer('adam', LR).applyGradients({ 'no-such-variable': g })).toThrow(/no variable named/);
  g.dispose();
});
