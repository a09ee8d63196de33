import { describe, expect, it } from 'vitest';
import type { Split } from '../data/dataset';
import type { TransferEvent, TransferOptions, TransferSummary } from '../engine/transfer/events';
import type { Trainer, TrainerInfo, TrainOutcome } from '../worker/trainer';
import { GpuLock } from './gpu-lock.svelte';
import { TransferRun } from './transfer-run.svelte';

/** TransferRun never reads the split: it hands it to the trainer. */
const split = {} as Split;
const short: Partial<TransferOptions> = { pretrainSteps: 4, finetuneSteps: 2 };

const info = (thread: TrainerInfo['thread']): TrainerInfo => ({
  backend: 'webgl',
  renderer: null,
  tfjsVersion: '4.22.0',
  fallbackReason: null,
  thread,
  threadReason: null,
});

const summary = { finetuneSteps: 2 } as TransferSummary;

/** A trainer whose transfer replays `events` and then ends as `ending` says. */
function fakeTrainer(events: TransferEvent[], ending: TrainOutcome | Error, thread: TrainerInfo['thread'] = 'worker') {
  const calls: { options: Partial<TransferOptions>; signal: AbortSignal }[] = [];
  const trainer = {
    info: info(thread),
    usable: true,
    async transfer(
      _split: Split,
      options: Partial<TransferOptions>,
      onEvent: (e: TransferEvent) => void,
      signal: AbortSignal,
    ): Promise<TrainOutcome> {
      calls.push({ options, signal });
      for (const e of events) onEvent(e);
      if (ending instanceof Error) throw ending;
      return ending;
    },
  } as unknown as Trainer;
  return { trainer, calls };
}

/** A demo whose trainer is the one its last start was given, on its own GPU lock unless one is passed. */
function demo(lock = new GpuLock()) {
  let trainer: () => Promise<Trainer> = () => Promise.reject(new Error('no trainer given'));
  const run = new TransferRun(() => trainer(), lock);
  const start = (next: () => Promise<Trainer>) => {
    trainer = next;
    return run.start(split, short);
  };
  return { run, start };
}

const loss = (n: number) => new Float32Array(n).fill(1);
const run4: TransferEvent[] = [
  { type: 'start', options: { ...short } as TransferOptions, counts: { sourceTrain: 10, sourceVal: 5, targetTrain: 8, targetVal: 4 } },
  { type: 'steps', role: 'pretrain', firstStep: 1, loss: loss(4) },
  { type: 'eval', role: 'transfer', step: 0, valLoss: 2, valAccuracy: 0.2 },
  { type: 'steps', role: 'transfer', firstStep: 1, loss: loss(2) },
];

describe('TransferRun', () => {
  it('runs the demo on the trainer the getter gives and keeps what it reported', async () => {
    const { trainer, calls } = fakeTrainer([...run4, { type: 'end', status: 'done', summary }], 'finished');
    const { run, start } = demo();
    await start(async () => trainer);
    expect(calls).toHaveLength(1);
    expect(calls[0].options).toMatchObject(short);
    expect(run.outcome).toBe('done');
    expect(run.summary).toBe(summary);
    expect(run.statusText).toBe('Done');
    expect(run.series.pretrain.loss).toEqual([1, 1, 1, 1]);
    expect(run.series.transfer.evals).toEqual([{ step: 0, valLoss: 2, valAccuracy: 0.2 }]);
    expect(run.counts).toEqual({ sourceTrain: 10, targetTrain: 8, targetVal: 4 });
    expect(run.running).toBe(false);
  });

  it('ends a run whose GPU context was lost as failed, keeping its series, and says what to do', async () => {
    const { trainer } = fakeTrainer(run4, 'device-lost');
    const { run, start } = demo();
    await start(async () => trainer);
    expect(run.outcome).toBe('failed');
    expect(run.statusText).toBe('Failed: the GPU context was lost; run the demo again to start on a fresh one');
    expect(run.series.transfer.loss).toHaveLength(2);

    const page = fakeTrainer(run4, 'device-lost', 'main').trainer;
    await start(async () => page);
    expect(run.statusText).toBe('Failed: the GPU context was lost; reload the page to get the GPU back');
  });

  it('shows the message of a trainer that rejects or cannot start', async () => {
    const { run, start } = demo();
    await start(async () => fakeTrainer([], new Error('the training worker crashed: boom')).trainer);
    expect(run.statusText).toBe('Failed: the training worker crashed: boom');
    await start(() => Promise.reject(new Error('TF.js could not start in the worker: no GL')));
    expect(run.statusText).toBe('Failed: TF.js could not start in the worker: no GL');
    expect(run.running).toBe(false);
  });

  it('does not call the trainer when cancelled while it starts, and passes the abort signal through', async () => {
    const { trainer, calls } = fakeTrainer([], 'finished');
    const { run, start } = demo();
    let ready!: () => void;
    const started = start(() => new Promise<Trainer>((resolve) => (ready = () => resolve(trainer))));
    await new Promise((resolve) => setTimeout(resolve, 5));
    run.stop();
    expect(run.statusText).toBe('Stopping…');
    ready();
    await started;
    expect(calls).toHaveLength(0);
    expect(run.outcome).toBe('stopped');
    expect(run.statusText).toBe('Stopped at step 0/6');

    // A normal run gets the signal that Cancel aborts.
    const second = fakeTrainer([{ type: 'end', status: 'done', summary }], 'finished');
    await start(async () => second.trainer);
    expect(second.calls[0].signal.aborted).toBe(false);
  });

  it('fails a run that finished without an end event rather than showing Ready', async () => {
    const { trainer } = fakeTrainer(run4, 'finished');
    const { run, start } = demo();
    await start(async () => trainer);
    expect(run.statusText).toBe('Failed: the demo ended without reporting a result');
  });

  it('holds the GPU lock while it runs and does not start while the main runs hold it', async () => {
    const lock = new GpuLock();
    const { run, start } = demo(lock);
    let finish!: () => void;
    const trainer = {
      info: info('worker'),
      usable: true,
      transfer: (_s: Split, _o: Partial<TransferOptions>, onEvent: (e: TransferEvent) => void) =>
        new Promise<TrainOutcome>((resolve) => (finish = () => (onEvent({ type: 'end', status: 'done', summary }), resolve('finished')))),
    } as unknown as Trainer;
    const going = start(async () => trainer);
    expect(lock.holder).toBe('transfer');
    await new Promise((resolve) => setTimeout(resolve, 5));
    finish();
    await going;
    expect(lock.busy).toBe(false);

    const release = lock.acquire('training')!;
    const { trainer: idle, calls } = fakeTrainer([], 'finished');
    await start(async () => idle);
    expect(calls).toHaveLength(0);
    expect(run.statusText).toBe('Done');
    release();
  });
});
