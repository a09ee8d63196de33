/**
 * The worker's side of the transfer demo, in Node on the CPU backend: the module runs
 * against a stand-in for its global scope whose postMessage structured-clones every reply,
 * as a real worker boundary does, so a non-cloneable event would throw here.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Split } from '../data/dataset';
import { realMnistSplit } from '../testing/mnist-split';
import type { TransferEnded, TransferOptions } from '../engine/transfer/events';
import { DEFAULT_EXPERIMENT } from '../experiment/config';
import { planRuns } from '../experiment/plan';
import type { StepBlock } from '../engine/events';
import type { FromWorker, ToWorker } from './protocol';

const posted: FromWorker[] = [];
const transferred: Transferable[] = [];
const scope = {
  postMessage: (message: FromWorker, transfer: Transferable[] = []) => {
    transferred.push(...transfer);
    posted.push(structuredClone(message, { transfer }));
  },
  onmessage: null as null | ((e: { data: ToWorker }) => Promise<void>),
};
/** Delivers a message; resolves when the worker has handled it (a job: when it ended). */
const send = (message: ToWorker) => scope.onmessage!({ data: message });
const replies = <T extends FromWorker['type']>(type: T) => posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

/** Small and quick on the CPU backend. */
const tiny: Partial<TransferOptions> = { width: 32, pretrainSteps: 12, finetuneSteps: 8, evalEvery: 4, blockTargetMs: 1, fewShot: 200 };
let split: Split;

beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('./train-worker');
  // Nothing starts before the page says which backend. The worker asks for WebGL first;
  // Node has none, and wasm's binaries are served by the app, not found on disk, so it settles on the CPU backend.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(posted).toEqual([]);
  void send({ type: 'init', preference: 'auto', measured: [] });
  const started = await vi.waitUntil(() => posted.find((m) => m.type === 'ready' || m.type === 'fatal'), { timeout: 30_000 });
  expect(started).toMatchObject({
    type: 'ready',
    backend: { backend: 'cpu', preference: 'auto', fallbackReason: expect.stringContaining('wasm') },
  });
  split = await realMnistSplit();
});

describe('the training worker', () => {
  it('runs the transfer demo on a split sent once, with plain-data events, and frees what it made', async () => {
    posted.length = 0;
    const before = tf.memory().numTensors;
    await send({ type: 'transfer', options: tiny, dataKey: 1, split });
    const events = replies('transfer-event').map((m) => m.event);
    expect(events[0].type).toBe('start');
    expect(events.some((e) => e.type === 'steps' && e.role === 'transfer')).toBe(true);
    const end = events.at(-1) as TransferEnded;
    expect(end).toMatchObject({ type: 'end', status: 'done' });
    expect(end.summary!.finetuneSteps).toBe(8);
    expect(posted.at(-1)).toEqual({ type: 'transferred' });
    expect(tf.memory().numTensors).toBe(before);

    // The same key again, without the split: the worker still holds it.
    posted.length = 0;
    await send({ type: 'transfer', options: { ...tiny, pretrainSteps: 0, finetuneSteps: 1 }, dataKey: 1 });
    expect(posted.at(-1)).toEqual({ type: 'transferred' });
    expect((replies('transfer-event').at(-1)!.event as TransferEnded).status).toBe('done');
  });

  it('refuses a dataset it does not hold, and any second job while one runs; stop ends the running one', async () => {
    posted.length = 0;
    await send({ type: 'transfer', options: tiny, dataKey: 99 });
    expect(posted).toEqual([{ type: 'transferred', error: 'the worker does not hold this dataset' }]);

    posted.length = 0;
    const running = send({ type: 'transfer', options: { ...tiny, pretrainSteps: 5000 }, dataKey: 1 });
    await send({ type: 'train', runs: [], dataKey: 1 });
    await send({ type: 'transfer', options: tiny, dataKey: 1 });
    expect(replies('trained')).toEqual([{ type: 'trained', error: 'a run is already in progress' }]);
    expect(replies('transferred')).toEqual([{ type: 'transferred', error: 'a run is already in progress' }]);
    await expect.poll(() => replies('transfer-event').some((m) => m.event.type === 'steps'), { timeout: 30_000 }).toBe(true);
    await send({ type: 'stop' });
    await running;
    expect((replies('transfer-event').at(-1)!.event as TransferEnded).status).toBe('stopped');
    expect(posted.at(-1)).toEqual({ type: 'transferred' });

    // Once it has ended, a train may run again.
    posted.length = 0;
    await send({ type: 'train', runs: [], dataKey: 1 });
    expect(posted.at(-1)).toEqual({ type: 'trained' });
  });

  it('posts a snapshot after each evaluation when asked, transferring its buffers, and resumes a train from one', async () => {
    const runs = planRuns({ ...DEFAULT_EXPERIMENT, width: 16, bs: 32, steps: 12 });
    const losses = () => replies('event').flatMap((m) => (m.event.type === 'steps' ? Array.from((m.event as StepBlock).loss) : []));
    posted.length = 0;
    transferred.length = 0;
    await send({ type: 'train', runs, dataKey: 2, split, snapshots: true });
    // The default cadence evaluates this short job at steps 0 and 12 only: one snapshot, none at the end.
    const snapshots = replies('snapshot').map((m) => m.snapshot);
    expect(snapshots.map((s) => s.step)).toEqual([0]);
    expect(transferred).toHaveLength(1);
    expect((transferred[0] as ArrayBuffer).byteLength).toBe(0);
    const straight = losses();
    expect(straight).toHaveLength(12);

    posted.length = 0;
    await send({ type: 'train', runs, dataKey: 2, resumeFrom: snapshots[0] });
    expect(replies('snapshot')).toEqual([]);
    expect(replies('event').find((m) => m.event.type === 'start')!.event).toMatchObject({ resumedAt: 0 });
    expect(losses()).toEqual(straight);
    expect(posted.at(-1)).toEqual({ type: 'trained' });
  });
});
