/**
 * The page's end of the protocol, against a scripted worker: which messages a job sends,
 * which replies settle it, and that the dataset crosses the boundary once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Split } from '../data/dataset';
import type { RunEvent } from '../engine/events';
import type { TrainSnapshot } from '../engine/snapshot';
import type { TransferEvent } from '../engine/transfer/events';
import type { FromWorker, ToWorker } from './protocol';
import { WorkerTrainer } from './worker-trainer';

/** Stands in for the module worker: records what the page posts, replies when told to. */
class ScriptedWorker {
  static last: ScriptedWorker;
  sent: ToWorker[] = [];
  /** The first message, which says which backend to start; kept apart from the jobs' messages. */
  init: ToWorker | null = null;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor() {
    ScriptedWorker.last = this;
    queueMicrotask(() =>
      this.reply({ type: 'ready', backend: { backend: 'webgl', renderer: null, tfjsVersion: '4.22.0', fallbackReason: null } }),
    );
  }
  postMessage(message: ToWorker): void {
    // What the page sends must survive the structured clone a real worker boundary does.
    if (message.type === 'init' && !this.init && this.sent.length === 0) this.init = structuredClone(message);
    else this.sent.push(structuredClone(message));
  }
  reply(message: FromWorker): void {
    this.onmessage?.({ data: structuredClone(message) } as MessageEvent<FromWorker>);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const split = { train: { count: 1 }, validation: { count: 1 } } as unknown as Split;
const otherSplit = { train: { count: 2 }, validation: { count: 2 } } as unknown as Split;
const never = () => new AbortController().signal;

beforeEach(() => vi.stubGlobal('Worker', ScriptedWorker));
afterEach(() => vi.unstubAllGlobals());

describe('WorkerTrainer.start', () => {
  it('tells the worker which backend to start, before anything else', async () => {
    await WorkerTrainer.start('wasm');
    expect(ScriptedWorker.last.init).toEqual({ type: 'init', preference: 'wasm', measured: [] });
    expect(ScriptedWorker.last.sent).toEqual([]);
  });
});

describe('WorkerTrainer.transfer', () => {
  it('sends the options and the split once, forwards the demo events, and resolves when the worker is done', async () => {
    const trainer = await WorkerTrainer.start();
    const w = ScriptedWorker.last;
    const events: TransferEvent[] = [];
    const first = trainer.transfer(split, { pretrainSteps: 100, finetuneSteps: 50 }, (e) => events.push(e), never());
    expect(w.sent[0]).toEqual({ type: 'transfer', options: { pretrainSteps: 100, finetuneSteps: 50 }, dataKey: 1, split });
    w.reply({ type: 'transfer-event', event: { type: 'steps', role: 'pretrain', firstStep: 1, loss: new Float32Array([2.5, 2.25]) } });
    // A run event is not the demo's: it is dropped, not handed to the demo's callback.
    w.reply({ type: 'event', event: { type: 'steps', runId: 0, firstStep: 1, loss: new Float32Array(1) } as unknown as RunEvent });
    w.reply({ type: 'transferred' });
    await expect(first).resolves.toBe('finished');
    expect(events).toEqual([{ type: 'steps', role: 'pretrain', firstStep: 1, loss: new Float32Array([2.5, 2.25]) }]);

    // Same split: only its key travels. A train after it shares that key.
    const second = trainer.transfer(split, {}, () => {}, never());
    expect(w.sent[1]).toEqual({ type: 'transfer', options: {}, dataKey: 1 });
    w.reply({ type: 'transferred' });
    await second;
    const train = trainer.train([], split, () => {}, never());
    expect(w.sent[2]).toEqual({ type: 'train', runs: [], dataKey: 1 });
    w.reply({ type: 'trained' });
    await train;
    const third = trainer.transfer(otherSplit, {}, () => {}, never());
    expect(w.sent[3]).toMatchObject({ type: 'transfer', split: otherSplit });
    w.reply({ type: 'transferred' });
    await third;
  });

  it('rejects with the worker error, resolves device-lost on a lost context, and is then unusable', async () => {
    const trainer = await WorkerTrainer.start();
    const w = ScriptedWorker.last;
    const refused = trainer.transfer(split, {}, () => {}, never());
    w.reply({ type: 'transferred', error: 'the worker does not hold this dataset' });
    await expect(refused).rejects.toThrow('the worker does not hold this dataset');

    const lost = trainer.transfer(split, {}, () => {}, never());
    w.reply({ type: 'device-lost' });
    await expect(lost).resolves.toBe('device-lost');
    expect(trainer.usable).toBe(false);
    await expect(trainer.transfer(split, {}, () => {}, never())).rejects.toThrow('no longer usable');
  });

  it('runs one job at a time: a train during a transfer is refused, and stop aborts the running one only', async () => {
    const trainer = await WorkerTrainer.start();
    const w = ScriptedWorker.last;
    const abort = new AbortController();
    const transfer = trainer.transfer(split, {}, () => {}, abort.signal);
    await expect(trainer.train([], split, () => {}, never())).rejects.toThrow('a run is already in progress');
    await expect(trainer.transfer(split, {}, () => {}, never())).rejects.toThrow('a run is already in progress');
    abort.abort();
    expect(w.sent.at(-1)).toEqual({ type: 'stop' });
    w.reply({ type: 'transferred' });
    await transfer;

    // An abort that comes after its job ended must not stop the next job.
    const late = new AbortController();
    const done = trainer.transfer(split, {}, () => {}, late.signal);
    w.reply({ type: 'transferred' });
    await done;
    const train = trainer.train([], split, () => {}, never());
    const sent = w.sent.length;
    late.abort();
    expect(w.sent.length).toBe(sent);
    w.reply({ type: 'trained' });
    await train;
  });

  it('stops at once a transfer whose signal is already aborted, and a crash rejects it', async () => {
    const trainer = await WorkerTrainer.start();
    const w = ScriptedWorker.last;
    const abort = new AbortController();
    abort.abort();
    const stopped = trainer.transfer(split, {}, () => {}, abort.signal);
    expect(w.sent.map((m) => m.type)).toEqual(['transfer', 'stop']);
    w.reply({ type: 'transferred' });
    await stopped;

    const crashed = trainer.transfer(split, {}, () => {}, never());
    w.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(crashed).rejects.toThrow('the training worker crashed: out of memory');
    expect(w.terminated).toBe(true);
  });

  it('asks for snapshots only when given a callback, hands each to it, and sends a resume snapshot with the train', async () => {
    const trainer = await WorkerTrainer.start();
    const w = ScriptedWorker.last;
    const snapshot: TrainSnapshot = {
      step: 4,
      totalSteps: 10,
      evalEvery: 2,
      dataSeed: 1,
      groups: [
        {
          key: 'k',
          runIds: ['v0s0'],
          active: [true],
          stepsDone: 4,
          optimizerSteps: 4,
          tensors: [{ name: 'w', shape: [2] }],
          values: new Float32Array([1, 2]),
        },
      ],
    };
    const got: TrainSnapshot[] = [];
    const first = trainer.train([], split, () => {}, never(), { onSnapshot: (s) => got.push(s) });
    expect(w.sent[0]).toEqual({ type: 'train', runs: [], dataKey: 1, split, snapshots: true });
    w.reply({ type: 'snapshot', snapshot });
    w.reply({ type: 'trained' });
    await first;
    expect(got).toEqual([snapshot]);

    const resumed = trainer.train([], split, () => {}, never(), { resumeFrom: snapshot });
    expect(w.sent[1]).toEqual({ type: 'train', runs: [], dataKey: 1, resumeFrom: snapshot });
    // Copied, not transferred: the page still holds it, should this worker be lost too.
    expect(snapshot.groups[0].values).toEqual(new Float32Array([1, 2]));
    w.reply({ type: 'trained' });
    await resumed;
  });
});
