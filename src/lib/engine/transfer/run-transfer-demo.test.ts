import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../../data/dataset';
import { realMnistSplit } from '../../testing/mnist-split';
import { transferTasks } from './digits';
import { DEFAULT_TRANSFER_OPTIONS, type TransferEval, type TransferEvent, type TransferOptions, type TransferSteps } from './events';
import { Learner, trainLockstep } from './learner';
import { copyBody, type TransferNet } from './net';
import { runTransferDemo } from './run-transfer-demo';
import { shapeOf } from './shape';
import { buildPretrainNet, demoSeeds, makeStudents } from './students';
import { disposeTask, uploadTask } from './task-data';

let split: Split;

beforeAll(async () => {
  await tf.setBackend('cpu');
  split = await realMnistSplit();
});

/** Small and quick on the CPU backend; the page uses the lab's 784-256-256 default. */
const tiny: Partial<TransferOptions> = { width: 32, pretrainSteps: 20, finetuneSteps: 12, evalEvery: 4, blockTargetMs: 1, fewShot: 200 };

const values = (layers: tf.layers.Layer[]) => layers.flatMap((l) => l.getWeights().map((w) => Array.from(w.dataSync())));

describe('makeStudents', () => {
  it('copies the pretrained hidden layers into transfer, gives scratch the initial draw, and both the same fresh head', async () => {
    const shape = shapeOf({ ...DEFAULT_TRANSFER_OPTIONS, ...tiny });
    const tasks = transferTasks(split, null, 7);
    const source = uploadTask(tasks.source, tasks.moments, 5);
    const initial = buildPretrainNet(shape, 7);
    const pretrained = buildPretrainNet(shape, 7);
    const learner = new Learner(pretrained, 'adam', 1e-3, true);
    await trainLockstep(
      [learner],
      source,
      { totalSteps: 5, batchSize: 64, dataSeed: demoSeeds(7).pretrainBatches, evalEvery: 5, blockTargetMs: 1 },
      { onSteps: () => {}, onEval: () => {} },
    );
    learner.disposeOptimizer();
    disposeTask(source);

    const { transfer, scratch } = makeStudents(pretrained, shape, 7);
    const trained = values(pretrained.body);
    expect(values(transfer.body)).toEqual(trained);
    expect(values(scratch.body)).toEqual(values(initial.body));
    expect(values(scratch.body)).not.toEqual(trained);
    expect(values([transfer.head])).toEqual(values([scratch.head]));
    expect(values([transfer.head])).not.toEqual(values([pretrained.head]));
    expect(values([transfer.head])).not.toEqual(values([initial.head]));

    // A copy, not an alias: training the student leaves the pretrained model alone, and the
    // student keeps its weights when the pretrained model is freed.
    const step = new Learner(transfer, 'sgd', 0.1, true);
    tf.tidy(() => step.step(tf.randomNormal([8, 784]) as tf.Tensor2D, tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], 'int32'), 5)));
    tf.dispose(step.takePending());
    step.disposeOptimizer();
    expect(values(pretrained.body)).toEqual(trained);
    expect(values(transfer.body)).not.toEqual(trained);
    const moved = values(transfer.body);
    pretrained.dispose();
    expect(values(transfer.body)).toEqual(moved);
    for (const n of [initial, transfer, scratch] as TransferNet[]) n.dispose();
  });
});

describe('buildTransferNet', () => {
  it('swaps the lab CNN’s head for a 5-way one on its flattened features, and frees everything', () => {
    const baseline = tf.memory().numTensors;
    const shape = shapeOf({ ...DEFAULT_TRANSFER_OPTIONS, arch: 'cnn', depth: 1, channels: 4 });
    const a = buildPretrainNet(shape, 3);
    const b = buildPretrainNet(shape, 4);
    copyBody(a, b);
    expect(values(b.body)).toEqual(values(a.body));
    expect(a.body.map((l) => l.getClassName())).toEqual(['Conv2D']);
    const [logits, features] = tf.tidy(() => {
      const x = tf.zeros([2, 28, 28, 1]);
      return [a.model.predict(x) as tf.Tensor, a.features.predict(x) as tf.Tensor];
    });
    expect(logits.shape).toEqual([2, 5]);
    expect(features.shape).toEqual([2, 14 * 14 * 4]);
    tf.dispose([logits, features]);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('runTransferDemo (CPU backend, real MNIST)', () => {
  it('pretrains, then trains both students in lockstep, reports every step once, and frees every tensor', async () => {
    const baseline = tf.memory().numTensors;
    const events: TransferEvent[] = [];
    const end = await runTransferDemo(split, tiny, (e) => events.push(e));
    expect(end.message ?? '').toBe('');
    expect(end.status).toBe('done');
    expect(tf.memory().numTensors).toBe(baseline);

    const start = events[0];
    expect(start.type === 'start' && start.counts.targetTrain).toBe(200);
    for (const [role, total] of [
      ['pretrain', 20],
      ['transfer', 12],
      ['scratch', 12],
    ] as const) {
      const steps = events.filter((e): e is TransferSteps => e.type === 'steps' && e.role === role);
      let next = 1;
      for (const b of steps) {
        expect(b.firstStep).toBe(next);
        next += b.loss.length;
      }
      expect(next).toBe(total + 1);
    }
    const evals = (role: string) => events.filter((e): e is TransferEval => e.type === 'eval' && e.role === role).map((e) => e.step);
    expect(evals('pretrain')).toEqual([0, 20]);
    expect(evals('transfer')).toEqual([0, 4, 8, 12]);
    expect(evals('scratch')).toEqual([0, 4, 8, 12]);

    const s = end.summary!;
    expect(s.targetTrain).toBe(200);
    expect(s.network).toBe('MLP 784-32-32-5');
    expect(s.earlyStep).toBe(4);
    for (const x of [s.pretrainAccuracy, s.transfer.accuracy, s.scratch.accuracy, s.transfer.featureNorm, s.scratch.lossAtStart])
      expect(Number.isFinite(x)).toBe(true);
    expect(events.at(-1)).toBe(end);
  });

  it('stops through an AbortSignal, while pretraining or fine-tuning, with no tensors left', async () => {
    const baseline = tf.memory().numTensors;
    for (const role of ['pretrain', 'scratch'] as const) {
      const abort = new AbortController();
      const seen: TransferSteps[] = [];
      const end = await runTransferDemo(
        split,
        { ...tiny, pretrainSteps: role === 'pretrain' ? 400 : 10, finetuneSteps: 400 },
        (e) => {
          if (e.type === 'steps' && e.role === role) {
            seen.push(e);
            if (e.firstStep + e.loss.length > 3) abort.abort();
          }
        },
        abort.signal,
      );
      expect(end.status, role).toBe('stopped');
      expect(end.summary).toBeNull();
      expect(seen.at(-1)!.firstStep + seen.at(-1)!.loss.length - 1).toBeLessThan(400);
      expect(tf.memory().numTensors, role).toBe(baseline);
    }
  });

  it('refuses options it cannot run, by name, without leaking', async () => {
    const baseline = tf.memory().numTensors;
    const end = await runTransferDemo(split, { ...tiny, fewShot: 10, batchSize: 64 }, () => {});
    expect(end.status).toBe('failed');
    expect(end.message).toMatch(/fewShot/);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  /**
   * The measured result, pinned. Over seeds 1–6 of this configuration the copied features
   * were 2.2–2.7x the norm of the random ones, the fresh head started at a higher loss on
   * them (3.77 vs 2.00 for seed 1; smallest gap 2.07 vs 1.97), and after 10 steps scratch was
   * ahead every time (by 1.7–15.2 points; 15.2 for seed 1). Transfer from 0–4 gives this MLP
   * no head start on 5–9: the card explains why.
   */
  it('on the lab MLP, 0–4 features are larger than random ones and give no head start on 5–9 (seed 1)', async () => {
    const end = await runTransferDemo(
      split,
      { width: 64, pretrainSteps: 150, finetuneSteps: 10, evalEvery: 10, fewShot: 500, seed: 1 },
      () => {},
    );
    const s = end.summary!;
    expect(s.pretrainAccuracy).toBeGreaterThan(0.9);
    expect(s.transfer.featureNorm).toBeGreaterThan(1.8 * s.scratch.featureNorm);
    expect(s.transfer.lossAtStart).toBeGreaterThan(s.scratch.lossAtStart + 0.5);
    expect(s.scratch.earlyAccuracy).toBeGreaterThan(s.transfer.earlyAccuracy + 0.05);
    // Both students still learn: far above the 20% of chance after ten steps.
    expect(s.transfer.accuracy).toBeGreaterThan(0.5);
  });
});
