/**
 * The transfer demo's state on the page: starts and stops one run of the engine's
 * runTransferDemo where training runs (the Trainer: normally the worker), holding the GPU
 * lock meanwhile, and keeps what it reported, as plain series for the charts. Series are
 * $state.raw and replaced wholesale on each report, so Svelte never deep-proxies them.
 */
import type { Split } from '../data/dataset';
import {
  DEFAULT_TRANSFER_OPTIONS,
  type TransferEvent,
  type TransferOptions,
  type TransferRole,
  type TransferSummary,
} from '../engine/transfer/events';
import { errorMessage } from '../error-message';
import type { Trainer } from '../worker/trainer';
import { GpuLock } from './gpu-lock.svelte';
import { afterPaint, StopSwitch } from './stop-switch';

export interface RoleSeries {
  /** Training loss per step of the role's own phase (index 0 = step 1). */
  loss: number[];
  evals: { step: number; valLoss: number; valAccuracy: number }[];
}

const empty = (): Record<TransferRole, RoleSeries> => ({
  pretrain: { loss: [], evals: [] },
  transfer: { loss: [], evals: [] },
  scratch: { loss: [], evals: [] },
});

export type TransferPhase = 'idle' | 'pretraining' | 'finetuning' | 'stopping';

export class TransferRun {
  series = $state.raw<Record<TransferRole, RoleSeries>>(empty());
  phase = $state<TransferPhase>('idle');
  options = $state.raw<TransferOptions>(DEFAULT_TRANSFER_OPTIONS);
  summary = $state.raw<TransferSummary | null>(null);
  outcome = $state<'done' | 'stopped' | 'failed' | null>(null);
  error = $state<string | null>(null);
  counts = $state.raw<{ sourceTrain: number; targetTrain: number; targetVal: number } | null>(null);
  running = $derived(this.phase !== 'idle');
  progress = $derived.by((): { done: number; total: number } => {
    const o = this.options;
    const fine = this.series.transfer.loss.length;
    return { done: Math.min(this.series.pretrain.loss.length, o.pretrainSteps) + fine, total: o.pretrainSteps + o.finetuneSteps };
  });
  /** One line for the role=status region. */
  statusText = $derived.by(() => this.#status());
  #job = new StopSwitch();
  /** Where the demo trains: a getter, so a worker whose context was lost is replaced by a fresh one for the next run. */
  #trainer: () => Promise<Trainer>;
  #lock: GpuLock;

  constructor(trainer: () => Promise<Trainer>, lock: GpuLock = new GpuLock()) {
    this.#trainer = trainer;
    this.#lock = lock;
  }

  #status(): string {
    const { done, total } = this.progress;
    switch (this.phase) {
      case 'pretraining':
        return `Pretraining on digits 0–4: step ${done}/${this.options.pretrainSteps}…`;
      case 'finetuning':
        return `Training both networks on digits 5–9: step ${this.series.transfer.loss.length}/${this.options.finetuneSteps}…`;
      case 'stopping':
        return 'Stopping…';
    }
    if (this.outcome === 'failed') return `Failed: ${this.error ?? 'unknown error'}`;
    if (this.outcome === 'stopped') return `Stopped at step ${done}/${total}`;
    if (this.outcome === 'done') return 'Done';
    return 'Ready';
  }

  #apply(e: TransferEvent): void {
    switch (e.type) {
      case 'start':
        this.counts = { sourceTrain: e.counts.sourceTrain, targetTrain: e.counts.targetTrain, targetVal: e.counts.targetVal };
        return;
      case 'steps': {
        if (e.role !== 'pretrain' && this.phase === 'pretraining') this.phase = 'finetuning';
        const s = this.series[e.role];
        this.series = { ...this.series, [e.role]: { ...s, loss: [...s.loss, ...e.loss] } };
        return;
      }
      case 'eval': {
        if (e.role !== 'pretrain' && this.phase === 'pretraining') this.phase = 'finetuning';
        const s = this.series[e.role];
        this.series = {
          ...this.series,
          [e.role]: { ...s, evals: [...s.evals, { step: e.step, valLoss: e.valLoss, valAccuracy: e.valAccuracy }] },
        };
        return;
      }
      case 'end':
        this.outcome = e.status;
        this.summary = e.summary;
        this.error = e.message ?? null;
    }
  }

  #fail(message: string): void {
    this.outcome = 'failed';
    this.summary = null;
    this.error = message;
  }

  /** Runs the demo on `split`; does nothing while another job (this or the main runs) holds the GPU. */
  async start(split: Split, options: Partial<TransferOptions>): Promise<void> {
    const release = this.#lock.acquire('transfer');
    if (!release) return;
    this.options = { ...DEFAULT_TRANSFER_OPTIONS, ...options };
    this.series = empty();
    this.summary = null;
    this.outcome = null;
    this.error = null;
    this.counts = null;
    this.phase = 'pretraining';
    const signal = this.#job.begin();
    try {
      // The new status paints before a worker starts (or, on the main-thread fallback, before
      // the data filtering and model builds take the thread).
      await afterPaint();
      const t = await this.#trainer();
      if (signal.aborted) {
        this.outcome = 'stopped';
        return;
      }
      const outcome = await t.transfer(split, this.options, (e) => this.#apply(e), signal);
      if (outcome === 'device-lost') {
        this.#fail(
          t.info.thread === 'worker'
            ? 'the GPU context was lost; run the demo again to start on a fresh one'
            : 'the GPU context was lost; reload the page to get the GPU back',
        );
      } else if (this.outcome === null) this.#fail('the demo ended without reporting a result');
    } catch (error) {
      this.#fail(errorMessage(error));
    } finally {
      this.#job.end();
      this.phase = 'idle';
      release();
    }
  }

  stop(): void {
    if (this.#job.stop()) this.phase = 'stopping';
  }
}
