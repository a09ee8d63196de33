import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { epochOrder } from '../data/batches';
import { evaluatesAt } from './eval-cadence';
import { runLockstep, type LockstepBody } from './lockstep';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 10 examples whose single feature is their own index, so a batch says which examples it holds. */
const data = () => ({
  trainX: tf.range(0, 10).reshape([10, 1]) as tf.Tensor2D,
  trainOneHot: tf.oneHot(tf.range(0, 10, 1, 'int32'), 10) as tf.Tensor2D,
  trainCount: 10,
});

function recorder(finishedAfter = Infinity) {
  const log: string[] = [];
  const batches: number[][] = [];
  const body: LockstepBody = {
    step: (x, _y, evalNow) => {
      batches.push(Array.from(x.dataSync()));
      log.push(evalNow ? 'step*' : 'step');
    },
    endBlock: async (all) => void log.push(all ? 'read-all' : 'read'),
    evaluate: async () => void log.push('eval'),
    finished: () => batches.length >= finishedAfter,
  };
  return { body, log, batches };
}

describe('runLockstep', () => {
  it('visits each epoch in its seeded order, evaluates where eval-cadence says, and reads everything before each evaluation', async () => {
    const d = data();
    const { body, log, batches } = recorder();
    const end = await runLockstep(d, { totalSteps: 7, batchSize: 3, dataSeed: 5, evalEvery: 3, blockTargetMs: 1e9 }, body);
    expect(end).toBe('completed');
    // 10 examples, batches of 3: 3 whole batches an epoch, the ragged last one dropped.
    const expected = [0, 1, 2].flatMap((epoch) => {
      const order = Array.from(epochOrder(10, 5, epoch));
      return [0, 3, 6].map((o) => order.slice(o, o + 3));
    });
    expect(batches).toEqual(expected.slice(0, 7));
    const evalSteps = log.filter((l) => l.startsWith('step')).flatMap((l, i) => (l === 'step*' ? [i + 1] : []));
    expect(evalSteps).toEqual([1, 2, 3, 4, 5, 6, 7].filter((s) => evaluatesAt(s, 7, 3)));
    for (let i = 0; i < log.length; i++) if (log[i] === 'eval') expect(log[i - 1]).toBe('read-all');
    expect(log.at(-1)).toBe('read-all');
    // Resumed after step 4: steps 5..7 take exactly the batches they would have taken.
    const resumed = recorder();
    await runLockstep(d, { totalSteps: 7, firstStep: 5, batchSize: 3, dataSeed: 5, evalEvery: 3, blockTargetMs: 1e9 }, resumed.body);
    expect(resumed.batches).toEqual(expected.slice(4, 7));
    tf.dispose([d.trainX, d.trainOneHot]);
  });

  it('ends early when the body says it is finished, and reports a stop through the signal', async () => {
    const d = data();
    const early = recorder(2);
    expect(await runLockstep(d, { totalSteps: 9, batchSize: 2, dataSeed: 1, evalEvery: 100, blockTargetMs: 0 }, early.body)).toBe(
      'finished',
    );
    expect(early.batches).toHaveLength(2);
    const abort = new AbortController();
    abort.abort();
    const stopped = recorder();
    expect(
      await runLockstep(
        d,
        { totalSteps: 9, batchSize: 2, dataSeed: 1, evalEvery: 100, blockTargetMs: 0, signal: abort.signal },
        stopped.body,
      ),
    ).toBe('stopped');
    expect(stopped.batches).toHaveLength(0);
    await expect(
      runLockstep(d, { totalSteps: 1, batchSize: 11, dataSeed: 1, evalEvery: 1, blockTargetMs: 0 }, stopped.body),
    ).rejects.toThrow(/larger than the 10/);
    tf.dispose([d.trainX, d.trainOneHot]);
  });
});
