import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../data/dataset';
import { GpuDataCache } from '../engine/gpu-data';
import { realMnistSplit } from '../testing/mnist-split';
import type { TransferEnded, TransferEvent, TransferStarted } from '../engine/transfer/events';
import { MainThreadTrainer } from './main-thread-trainer';

let split: Split;

beforeAll(async () => {
  await tf.setBackend('cpu');
  split = await realMnistSplit();
});

const trainer = () =>
  new MainThreadTrainer(
    { backend: 'cpu', renderer: null, tfjsVersion: tf.version.tfjs, fallbackReason: null, thread: 'main', threadReason: 'test' },
    new GpuDataCache(),
  );

describe('MainThreadTrainer.transfer', () => {
  it('runs the demo on this thread in blocks short enough to hand the thread back, and frees what it made', async () => {
    const before = tf.memory().numTensors;
    const events: TransferEvent[] = [];
    const outcome = await trainer().transfer(
      split,
      { width: 32, pretrainSteps: 8, finetuneSteps: 4, evalEvery: 4, fewShot: 200 },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(outcome).toBe('finished');
    // The page's default block (120 ms of queued steps) would be one long task here.
    expect((events[0] as TransferStarted).options.blockTargetMs).toBeLessThanOrEqual(50);
    expect((events.at(-1) as TransferEnded).status).toBe('done');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops through the signal', async () => {
    const abort = new AbortController();
    abort.abort();
    const events: TransferEvent[] = [];
    expect(
      await trainer().transfer(split, { width: 32, pretrainSteps: 8, finetuneSteps: 4, fewShot: 200 }, (e) => events.push(e), abort.signal),
    ).toBe('finished');
    expect((events.at(-1) as TransferEnded).status).toBe('stopped');
  });
});
