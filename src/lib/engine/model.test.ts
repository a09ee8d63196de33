import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type ZeroInitMode } from '../experiment/config';
import { kernelShapes } from '../experiment/shapes';
import { buildModel, kernelVariables, trainableVariables } from './model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const he = { scheme: 'he_normal' as const };
const exp = (o: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, width: 32, channels: 4, ...o });

describe('buildModel', () => {
  it.each([
    exp({ arch: 'mlp', depth: 3 }),
    exp({ arch: 'cnn', depth: 1 }),
    exp({ arch: 'cnn', depth: 4, kernel: 5 }),
    exp({ arch: 'resmlp', depth: 2 }),
    exp({ arch: 'rescnn', depth: 1 }),
    exp({ arch: 'rescnn', depth: 3 }),
  ])('builds the kernels kernelShapes predicts: $arch depth $depth', (e) => {
    const built = buildModel(e, { init: he, bn: 'none', zero: 'none' }, 1);
    expect(built.layers.map((l) => l.shape)).toEqual(kernelShapes(e).map((k) => k.shape));
    expect(built.layers.map((l) => l.label)).toEqual(kernelShapes(e).map((k) => k.label));
    const out = built.model.predict(tf.zeros([2, ...(built.model.inputs[0].shape.slice(1) as number[])])) as tf.Tensor;
    expect(out.shape).toEqual([2, 10]);
    out.dispose();
    built.model.dispose();
  });

  async function branchEnds(zero: ZeroInitMode, bn: 'none' | 'before') {
    const e = exp({ arch: 'resmlp', depth: 2 });
    const built = buildModel(e, { init: he, bn, zero }, 3);
    const kernels = kernelVariables(built);
    // Kernel order: stem, (block: first, last) x 2, head.
    const norms = await Promise.all(
      kernels.map((k) =>
        tf
          .norm(k)
          .data()
          .then((d) => d[0]),
      ),
    );
    const gammas = await Promise.all(built.graph.branchEndNorms.map((n) => n.getWeights()[0].data()));
    return { built, norms, gammas };
  }

  it('zero=kernel zeroes exactly the last kernel of each branch', async () => {
    const { built, norms } = await branchEnds('kernel', 'none');
    expect(norms.map((n) => n === 0)).toEqual([false, false, true, false, true, false]);
    built.model.dispose();
  });

  it('zero=gamma zeroes the last BN gamma of each branch and leaves kernels alone', async () => {
    const { built, norms, gammas } = await branchEnds('gamma', 'before');
    expect(norms.every((n) => n > 0)).toBe(true);
    expect(gammas).toHaveLength(2);
    for (const g of gammas) expect(Array.from(g).every((v) => v === 0)).toBe(true);
    expect(built.notes).toEqual([]);
    built.model.dispose();
  });

  it('zero=gamma without batch norm is a no-op, and says so', async () => {
    const { built, norms } = await branchEnds('gamma', 'none');
    expect(norms.every((n) => n > 0)).toBe(true);
    expect(built.notes.join(' ')).toMatch(/no γ to zero/);
    built.model.dispose();
  });

  it('zero=alpha starts every block as the identity: the output equals the stem+head network', async () => {
    const e = exp({ arch: 'resmlp', depth: 2, act: 'relu' });
    const built = buildModel(e, { init: he, bn: 'none', zero: 'alpha' }, 3);
    expect(built.graph.scaleLayers).toHaveLength(2);
    const x = tf.randomNormal([4, 784], 0, 1, 'float32', 7);
    // With alpha = 0 and ReLU, act(h + 0) = h for h >= 0: the blocks pass the stem output through.
    const [stem, , , , , head] = kernelVariables(built);
    const expected = tf.tidy(() => tf.relu(x.matMul(stem)).matMul(head));
    const got = built.model.predict(x) as tf.Tensor;
    expect(Math.max(...(await tf.sub(got, expected).abs().data()))).toBeLessThan(1e-4);
    tf.dispose([x, expected, got]);
    built.model.dispose();
  });

  it('zero=both: the zeroed kernel and gamma get exactly zero gradient, as the lab explains', async () => {
    const e = exp({ arch: 'resmlp', depth: 1 });
    const built = buildModel(e, { init: he, bn: 'before', zero: 'both' }, 5);
    expect(built.notes.join(' ')).toMatch(/neither can ever move/);
    const vars = trainableVariables(built);
    const x = tf.randomNormal([8, 784], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, built.model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      vars,
    );
    const lastKernel = kernelVariables(built)[2];
    const gamma = built.graph.branchEndNorms[0].trainableWeights[0].read() as tf.Variable;
    expect(await tf.norm(grads[lastKernel.name]).data()).toEqual(new Float32Array([0]));
    expect(await tf.norm(grads[gamma.name]).data()).toEqual(new Float32Array([0]));
    // Nothing flows back through the branch either (its first kernel gets 0 too), while the
    // stem still learns through the identity skip, and so does the branch-end β: a learned
    // per-unit bias before the block's activation, as the note says.
    expect(await tf.norm(grads[kernelVariables(built)[1].name]).data()).toEqual(new Float32Array([0]));
    expect((await tf.norm(grads[kernelVariables(built)[0].name]).data())[0]).toBeGreaterThan(0);
    const beta = built.graph.branchEndNorms[0].trainableWeights[1].read() as tf.Variable;
    expect(beta.name).toMatch(/beta/);
    expect((await tf.norm(grads[beta.name]).data())[0]).toBeGreaterThan(0);
    expect(built.notes.join(' ')).toMatch(/β still learns/);
    tf.dispose([x, y, ...Object.values(grads)]);
    built.model.dispose();
  });
});
