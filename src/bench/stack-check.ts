/**
 * The stacked engine (src/lib/engine/stack/) checked where it runs, on the page's WebGL
 * backend: a stack of runs against the single-run tf.layers trainer, dense and conv, and a
 * diverging run inside a comparison against the same comparison without it. Driven by
 * e2e/stack.e2e.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { epochOrder } from '../lib/data/batches';
import type { EvalPoint, RunEvent, StepBlock } from '../lib/engine/events';
import type { GpuData } from '../lib/engine/gpu-data';
import { RunTrainer } from '../lib/engine/run-trainer';
import { StackedTrainer } from '../lib/engine/stack/stacked-trainer';
import { trainExperiment } from '../lib/engine/train-experiment';
import { DEFAULT_EXPERIMENT, type BatchNormMode, type Experiment, type OptimizerId } from '../lib/experiment/config';
import { relDiff } from '../lib/testing/rel-diff';
import { planRuns } from '../lib/experiment/plan';

export interface StackAgreement {
  arch: Experiment['arch'];
  opt: OptimizerId;
  bn: BatchNormMode;
  backend: string;
  steps: number;
  /** Largest |w_stack − w_single| over every kernel of every run, relative to the largest |w|. */
  weights: number;
  /** The same for the losses of every run. */
  loss: number;
}

/** The dense cases take 20 steps; a small CNN (per-run convolutions in the stack) 6, its steps being slow on a software GPU. */
const CASES: { arch: Experiment['arch']; opt: OptimizerId; bn: BatchNormMode; steps: number; extra: Partial<Experiment> }[] = [
  { arch: 'mlp', opt: 'sgd', bn: 'none', steps: 20, extra: { width: 64, bs: 64 } },
  { arch: 'mlp', opt: 'adam', bn: 'none', steps: 20, extra: { width: 64, bs: 64 } },
  { arch: 'mlp', opt: 'momentum', bn: 'before', steps: 20, extra: { width: 64, bs: 64 } },
  { arch: 'cnn', opt: 'momentum', bn: 'before', steps: 6, extra: { depth: 2, channels: 4, bs: 32 } },
];

/**
 * Three runs (He, Xavier, orthogonal) stacked vs each trained alone by RunTrainer, on the
 * same batches; `maxSteps` caps every case's steps (wasm's products sum in another order
 * than its reference's, and SGD grows that rounding step by step).
 */
export async function stackAgreement(data: GpuData, maxSteps = Infinity): Promise<StackAgreement[]> {
  const out: StackAgreement[] = [];
  for (const { arch, opt, bn, steps: caseSteps, extra } of CASES) {
    const steps = Math.min(caseSteps, maxSteps);
    const e: Experiment = {
      ...DEFAULT_EXPERIMENT,
      ...extra,
      arch,
      opt,
      lr: opt === 'adam' ? 0.003 : 0.05,
      bn: [bn],
      init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }, { scheme: 'orthogonal' }],
    };
    const specs = planRuns(e);
    const order = epochOrder(data.trainCount, 1, 0);
    const batch = (i: number) => {
      const idx = tf.tensor1d(order.subarray(i * e.bs, (i + 1) * e.bs), 'int32');
      return { x: tf.gather(data.trainX, idx) as tf.Tensor2D, y: tf.gather(data.trainOneHot, idx) };
    };
    const stack = new StackedTrainer(specs);
    const singles = specs.map((s) => new RunTrainer(s));
    for (let i = 0; i < steps; i++) {
      tf.tidy(() => {
        const { x, y } = batch(i);
        stack.step(x, y);
        for (const t of singles) t.step(t.inputFor(x), y);
      });
    }
    const stackedBlocks = await stack.finishRead(stack.startRead()!, e.bs);
    const stackedKernels = await Promise.all(stack.params.kernels.map((k) => k.data()));
    let weights = 0;
    let loss = 0;
    for (const [r, t] of singles.entries()) {
      const { block } = await t.finishRead(t.startRead()!, e.bs);
      loss = Math.max(loss, relDiff(block!.loss, stackedBlocks[r].block!.loss));
      for (const [l, k] of t.kernels.entries()) {
        const mine = await k.data();
        const all = stackedKernels[l];
        weights = Math.max(weights, relDiff(mine, all.subarray(r * mine.length, (r + 1) * mine.length)));
      }
      t.dispose();
    }
    stack.dispose();
    out.push({ arch, opt, bn, backend: tf.getBackend(), steps, weights, loss });
  }
  return out;
}

export interface DivergenceIsolation {
  backend: string;
  badStatus: string;
  divergedAt: number | null;
  /** Per healthy run: its losses, gradient norms and evaluations are bit-identical to the comparison without the bad run. */
  identical: boolean[];
  healthySteps: number[];
}

/** A σ = 100 variant between He and Xavier (SGD, lr 0.3) blows up; the two others must not notice. */
export async function divergenceIsolation(data: GpuData, steps = 40): Promise<DivergenceIsolation> {
  const e: Experiment = {
    ...DEFAULT_EXPERIMENT,
    width: 64,
    bs: 32,
    opt: 'sgd',
    lr: 0.3,
    steps,
    init: [{ scheme: 'he_normal' }, { scheme: 'normal', std: 100 }, { scheme: 'xavier_uniform' }],
  };
  const [he, bad, xavier] = planRuns(e);
  const train = async (runs: (typeof he)[]) => {
    const events: RunEvent[] = [];
    const ends = await trainExperiment(runs, data, {
      onEvent: (ev) => events.push(ev),
      evalEvery: 10,
      blockTargetMs: 30,
      stacking: 'always',
    });
    const of = (id: string) => {
      const mine = events.filter((ev) => ev.runId === id);
      const blocks = mine.filter((ev): ev is StepBlock => ev.type === 'steps');
      return {
        loss: blocks.flatMap((b) => Array.from(b.loss)),
        grads: blocks.flatMap((b) => Array.from(b.gradNorms)),
        evals: mine.filter((ev): ev is EvalPoint => ev.type === 'eval'),
      };
    };
    return { ends, of };
  };
  const mixed = await train([he, bad, xavier]);
  const alone = await train([he, xavier]);
  const same = (id: string) => JSON.stringify(mixed.of(id)) === JSON.stringify(alone.of(id));
  return {
    backend: tf.getBackend(),
    badStatus: mixed.ends[1].status,
    divergedAt: mixed.ends[1].divergedAt ?? null,
    identical: [same(he.id), same(xavier.id)],
    healthySteps: [mixed.ends[0].steps, mixed.ends[2].steps],
  };
}
