/**
 * The page's end of the training worker: sends runs, transfer demos and datasets, turns the
 * worker's messages back into engine events and promises. A worker that crashes or loses
 * its GPU context is marked unusable; the page then starts a fresh one (a new context).
 */
import type { Split } from '../data/dataset';
import type { MemorySnapshot } from '../engine/device';
import type { RunEvent } from '../engine/events';
import type { SignalProfile } from '../engine/signal/probe';
import type { TransferEvent, TransferOptions } from '../engine/transfer/events';
import type { MeasuredShape } from '../engine/backend-session';
import type { Experiment } from '../experiment/config';
import type { BackendPreference } from '../experiment/page-settings';
import type { RunSpec, Variant } from '../experiment/plan';
import { JobSlot } from './job-slot';
import { epochNow, recordPhase } from './phases';
import type { FromWorker, ToWorker } from './protocol';
import type { ResumeOptions, Trainer, TrainerInfo, TrainOutcome } from './trainer';

/** The one job in flight: its kind says which events and which reply belong to it. */
type Job = (
  | { kind: 'train'; onEvent: (event: RunEvent) => void; onSnapshot?: ResumeOptions['onSnapshot'] }
  | { kind: 'transfer'; onEvent: (event: TransferEvent) => void }
) & {
  resolve: (outcome: TrainOutcome) => void;
  reject: (error: Error) => void;
};

/**
 * Auto's measured decisions, for the page session: a worker started later (after a lost
 * context, or a change of backend and back) does not measure the same shapes again.
 */
const measuredThisSession = new Map<string, MeasuredShape[1]>();

export class WorkerTrainer implements Trainer {
  #info: TrainerInfo;
  #onInfo: ((info: TrainerInfo) => void) | null = null;
  #usable = true;
  #worker: Worker;
  #job = new JobSlot<Job>();
  #memoryWaiters = new Map<number, (m: MemorySnapshot) => void>();
  #probeWaiters = new Map<number, { resolve: (p: SignalProfile[]) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  /** Keys of the datasets sent so far; the worker holds only the last one. */
  #keys = new WeakMap<Split, number>();
  #heldKey = 0;

  private constructor(worker: Worker, info: TrainerInfo) {
    this.#worker = worker;
    this.#info = info;
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.#receive(e.data);
    worker.onerror = (e) => this.#die(`the training worker crashed: ${e.message || 'unknown error'}`);
  }

  /** Starts a worker on `preference` and waits for its backend (shader-free: seconds at most). */
  static start(preference: BackendPreference = 'auto', timeoutMs = 60_000): Promise<WorkerTrainer> {
    const started = epochNow();
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'init-lab-trainer' });
      const fail = (why: string) => {
        clearTimeout(timer);
        worker.terminate();
        reject(new Error(why));
      };
      const timer = setTimeout(() => fail(`the training worker did not start within ${timeoutMs / 1000} s`), timeoutMs);
      worker.onerror = (e) => fail(`the training worker could not start: ${e.message || 'script error'}`);
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        if (e.data.type === 'fatal') fail(`TF.js could not start in the worker: ${e.data.message}`);
        if (e.data.type === 'phase') recordPhase(e.data.phase);
        if (e.data.type !== 'ready') return;
        clearTimeout(timer);
        // Loading the worker's script and starting its backend, as the page waits for it.
        recordPhase({ name: 'worker-start', start: started, end: epochNow() });
        resolve(new WorkerTrainer(worker, { ...e.data.backend, thread: 'worker', threadReason: null }));
      };
      worker.postMessage({ type: 'init', preference, measured: [...measuredThisSession] } satisfies ToWorker);
    });
  }

  get info(): TrainerInfo {
    return this.#info;
  }

  /** `listener` hears of every later change of backend (auto's measurement before a run). */
  watchInfo(listener: (info: TrainerInfo) => void): void {
    this.#onInfo = listener;
  }

  get usable(): boolean {
    return this.#usable;
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  /** A report of the job in flight, to that job only (one of the wrong kind is from no job of ours). */
  #deliver(message: Extract<FromWorker, { type: 'event' | 'snapshot' | 'transfer-event' }>): void {
    const job = this.#job.current;
    if (message.type === 'event' && job?.kind === 'train') job.onEvent(message.event);
    if (message.type === 'snapshot' && job?.kind === 'train') job.onSnapshot?.(message.snapshot);
    if (message.type === 'transfer-event' && job?.kind === 'transfer') job.onEvent(message.event);
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'event':
      case 'snapshot':
      case 'transfer-event':
        return this.#deliver(message);
      case 'trained':
      case 'transferred': {
        const job = this.#takeJob();
        if (message.error) job?.reject(new Error(message.error));
        else job?.resolve('finished');
        return;
      }
      case 'probed': {
        const waiter = this.#probeWaiters.get(message.id);
        this.#probeWaiters.delete(message.id);
        if (message.profiles) waiter?.resolve(message.profiles);
        else waiter?.reject(new Error(message.error ?? 'the probe failed'));
        return;
      }
      case 'backend':
        if (message.measured) measuredThisSession.set(...message.measured);
        this.#info = { ...message.backend, thread: 'worker', threadReason: null };
        this.#onInfo?.(this.#info);
        return;
      case 'phase':
        return recordPhase(message.phase);
      case 'memory':
        this.#memoryWaiters.get(message.id)?.(message.memory);
        this.#memoryWaiters.delete(message.id);
        return;
      case 'device-lost': {
        this.#usable = false;
        this.#takeJob()?.resolve('device-lost');
        return;
      }
    }
  }

  /** The job in flight, which ends now: no later message can reach it. */
  #takeJob(): Job | null {
    return this.#job.end();
  }

  #die(why: string): void {
    this.#usable = false;
    this.#takeJob()?.reject(new Error(why));
    for (const waiter of this.#probeWaiters.values()) waiter.reject(new Error(why));
    this.#probeWaiters.clear();
    this.#worker.terminate();
  }

  /** The dataset key for `split`, and the split itself only if the worker does not hold it. */
  #dataArgs(split: Split): { dataKey: number; split?: Split } {
    let key = this.#keys.get(split);
    if (key === undefined) {
      key = this.#nextId++;
      this.#keys.set(split, key);
    }
    const send = key !== this.#heldKey;
    this.#heldKey = key;
    return { dataKey: key, split: send ? split : undefined };
  }

  /**
   * Starts `job` unless the worker is gone or another job is in flight (one at a time, as in
   * the worker); then it is rejected. `request` is built only once the job starts: it marks
   * the dataset as sent.
   */
  #begin(job: Job, request: () => ToWorker, signal: AbortSignal): void {
    const refused = this.#usable ? this.#job.take(job) : new Error('the training worker is no longer usable');
    if (refused) return job.reject(refused);
    // A late abort of a job already over must not stop the next one.
    signal.addEventListener('abort', () => this.#job.current === job && this.#post({ type: 'stop' }), { once: true });
    this.#post(request());
    if (signal.aborted) this.#post({ type: 'stop' });
  }

  /**
   * `resume.resumeFrom` is copied to the worker, not transferred: should the fresh worker
   * lose its context too before its first snapshot, the page resumes from the same one again.
   */
  train(
    runs: RunSpec[],
    split: Split,
    onEvent: (event: RunEvent) => void,
    signal: AbortSignal,
    resume: ResumeOptions = {},
  ): Promise<TrainOutcome> {
    const { onSnapshot, resumeFrom } = resume;
    const request = (): ToWorker => ({
      type: 'train',
      runs,
      ...this.#dataArgs(split),
      ...(onSnapshot ? { snapshots: true } : {}),
      ...(resumeFrom ? { resumeFrom } : {}),
    });
    return new Promise((resolve, reject) => this.#begin({ kind: 'train', onEvent, onSnapshot, resolve, reject }, request, signal));
  }

  transfer(
    split: Split,
    options: Partial<TransferOptions>,
    onEvent: (event: TransferEvent) => void,
    signal: AbortSignal,
  ): Promise<TrainOutcome> {
    const request = (): ToWorker => ({ type: 'transfer', options, ...this.#dataArgs(split) });
    return new Promise((resolve, reject) => this.#begin({ kind: 'transfer', onEvent, resolve, reject }, request, signal));
  }

  prepare(runs: RunSpec[]): void {
    if (this.#usable) this.#post({ type: 'prepare', runs });
  }

  probe(experiment: Experiment, variants: Variant[], split: Split): Promise<SignalProfile[]> {
    if (!this.#usable) return Promise.reject(new Error('the training worker is no longer usable'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#probeWaiters.set(id, { resolve, reject });
      this.#post({ type: 'probe', id, experiment, variants, ...this.#dataArgs(split) });
    });
  }

  memory(): Promise<MemorySnapshot> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#memoryWaiters.set(id, resolve);
      this.#post({ type: 'memory', id });
    });
  }

  loseDevice(): void {
    this.#post({ type: 'lose-device' });
  }

  dispose(): void {
    this.#die('the training worker was closed');
  }
}
