/**
 * zero=kernel with batch norm after the zeroed kernel, as the variant's note describes it:
 * BN divides the kernel's output by √(0 + ε), so its first gradient is amplified, and from
 * the second step on BN standardises whatever the kernel has become, so the branch is fully
 * on and the trunk grows; zeroing the branch-end γ instead keeps the trunk flat.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type ZeroInitMode } from '../experiment/config';
import { buildModel, kernelVariables, trainableVariables, type BuiltModel } from './model';
import { LabOptimizer } from './optimizer';
import { mnistBatch } from '../testing/mnist-batch';
import type { SignalBatch } from './signal/probe';

let batch: SignalBatch;
let dispose: () => void;
beforeAll(async () => ({ batch, dispose } = await mnistBatch(32)));
afterAll(() => dispose());

const e: Experiment = { ...DEFAULT_EXPERIMENT, arch: 'resmlp', depth: 4, width: 64, opt: 'sgd', lr: 0.05 };
/** Branch-end kernels in kernel order: stem, then (first, last) per block, head. */
const BRANCH_ENDS = [2, 4, 6, 8];

function lossOf(built: BuiltModel): () => tf.Scalar {
  return () => tf.losses.softmaxCrossEntropy(batch.y, built.model.apply(batch.x, { training: true }) as tf.Tensor) as tf.Scalar;
}

/** One SGD step on the batch; returns the gradient norm of each branch-end kernel before it. */
async function step(built: BuiltModel, optimizer: LabOptimizer): Promise<number[]> {
  const kernels = kernelVariables(built);
  const norms = tf.tidy(() => {
    const { grads } = tf.variableGrads(lossOf(built), trainableVariables(built));
    const out = tf.stack(BRANCH_ENDS.map((i) => tf.norm(grads[kernels[i].name])));
    optimizer.applyGradients(grads);
    return out;
  });
  const values = Array.from(await norms.data());
  norms.dispose();
  return values;
}

/** Std of each block's output in training mode (batch statistics), over the batch; hidden order: stem, (branch act, block out)*. */
async function trunkStds(built: BuiltModel): Promise<number[]> {
  const { graph } = built;
  const probe = tf.model({ inputs: graph.input, outputs: graph.hidden.filter((_, i) => i === 0 || i % 2 === 0).map((h) => h.tensor) });
  const stds = tf.tidy(() =>
    tf.stack((probe.apply(batch.x, { training: true }) as tf.Tensor[]).map((h) => tf.sqrt(tf.moments(h).variance))),
  );
  const values = Array.from(await stds.data());
  stds.dispose();
  return values;
}

async function twoSteps(zero: ZeroInitMode, bn: 'none' | 'before') {
  const built = buildModel(e, { init: { scheme: 'he_normal' }, bn, zero }, 1);
  const optimizer = new LabOptimizer('sgd', e.lr);
  try {
    const atInit = await trunkStds(built);
    const firstGrads = await step(built, optimizer);
    await step(built, optimizer);
    return { notes: built.notes, atInit, firstGrads, after: await trunkStds(built) };
  } finally {
    optimizer.dispose();
    built.model.dispose();
  }
}

it('with BN after it, a zeroed branch-end kernel gets a first gradient amplified toward 1/√ε and switches fully on', async () => {
  const [bnKernel, plainKernel, bnGamma, bnNone] = [
    await twoSteps('kernel', 'before'),
    await twoSteps('kernel', 'none'),
    await twoSteps('gamma', 'before'),
    await twoSteps('none', 'before'),
  ];
  const ratios = bnKernel.firstGrads.map((g, i) => g / plainKernel.firstGrads[i]);
  const growth = (r: { after: number[] }) => r.after[r.after.length - 1] / r.after[0];
  console.info(
    `first gradient of the branch-end kernels, BN / no BN: ${ratios.map((r) => r.toFixed(0)).join(', ')}; ` +
      `trunk std last/first block after 2 steps: zero=kernel+BN ${growth(bnKernel).toFixed(2)}, zero=gamma+BN ${growth(bnGamma).toFixed(2)}; ` +
      `no zero-init + BN at init: ${(bnNone.atInit[4] / bnNone.atInit[0]).toFixed(2)}`,
  );
  expect(bnKernel.notes.join(' ')).toMatch(/amplified up to 1\/√ε ≈ 316×/);
  // BN's backward divides by √(0 + 1e-5) = 0.00316 (before subtracting the batch means):
  // far above the plain net's gradient, never above 316 times it.
  for (const r of ratios) {
    expect(r).toBeGreaterThan(30);
    expect(r).toBeLessThan(1 / Math.sqrt(1e-5));
  }
  // At init both are the identity: every block passes the stem's output through.
  for (const r of [bnKernel, bnGamma]) for (const s of r.atInit) expect(s).toBeCloseTo(r.atInit[0], 5);
  // Two steps later the zeroed kernels are fully on (BN gives each branch unit variance) and
  // the trunk grows block by block; with γ zeroed instead the branches are still nearly off.
  // "as without zero-init": within a factor 1.5 of the same net's growth with no zero-init at all.
  expect(growth(bnKernel)).toBeGreaterThan(2);
  expect(growth(bnKernel) / (bnNone.atInit[4] / bnNone.atInit[0])).toBeGreaterThan(1 / 1.5);
  expect(growth(bnKernel) / (bnNone.atInit[4] / bnNone.atInit[0])).toBeLessThan(1.5);
  expect(growth(bnGamma)).toBeLessThan(1.2);
});
