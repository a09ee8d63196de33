/**
 * The runs of the current (or last) experiment: trains them through the page's trainer
 * (normally a worker) while holding the GPU lock, and turns its events into series for
 * the charts.
 *
 * Events are folded in at a steady cadence (UI_INTERVAL_MS), not as they arrive: however
 * fast training goes, the charts redraw 4 times a second and the page's thread stays free.
 */
import type { Split } from '../data/dataset';
import type { RunEnded, RunEvent } from '../engine/events';
import type { TrainSnapshot } from '../engine/snapshot';
import type { Experiment } from '../experiment/config';
import { planRuns, variantLabel, type RunSpec } from '../experiment/plan';
import { isSweep, planCells, variantsPerCell } from '../experiment/sweep';
import type { Trainer } from '../worker/trainer';
import { emptySeries, stepsDone, withEvents, type RunSeries } from './run-series';
import { errorMessage } from '../error-message';
import { lostMessage, noFreshWorker, resumedNote, whyNoResume } from './context-loss';
import { GpuLock } from './gpu-lock.svelte';
import { afterPaint, StopSwitch } from './stop-switch';

const UI_INTERVAL_MS = 250;

export type Phase = 'idle' | 'preparing' | 'training' | 'stopping';

export interface RunsProgress {
  done: number;
  total: number;
  examplesPerSec: number;
  secondsLeft: number | null;
}

/** What a training has so far, handed to whoever keeps it (the run history) after each fold and at the end. */
export interface RunsReport {
  /** Epoch ms at which this training's runs were planned: one training, one value. */
  startedAt: number;
  experiment: Experiment;
  series: RunSeries[];
  ended: boolean;
}

/**
 * The runs' empty series, labelled as the page shows them. In a sweep each (cell, variant)
 * is its own line, labelled with the cell's values first.
 */
export function plannedSeries(e: Experiment, runs: RunSpec[]): RunSeries[] {
  if (!isSweep(e)) return runs.map((r) => emptySeries(r.id, variantLabel(r, e), r.variant, r.repeat, e.seeds));
  const cells = planCells(e);
  const perCell = variantsPerCell(e);
  return runs.map((r) => {
    const label = `${cells[r.cell].label} · ${variantLabel(r, e)}`;
    return emptySeries(r.id, label, r.cell * perCell + r.variant, r.repeat, e.seeds, { cell: r.cell, variant: r.variant });
  });
}

export class RunsState {
  series = $state.raw<RunSeries[]>([]);
  phase = $state<Phase>('idle');
  /** The experiment these series belong to (frozen at start). */
  experiment = $state.raw<Experiment | null>(null);
  error = $state<string | null>(null);
  /** Set when this training lost its GPU context and went on from a snapshot (context-loss.ts). */
  recovery = $state<string | null>(null);
  running = $derived(this.phase !== 'idle');
  progress = $derived.by(() => this.#progress());
  /** One line for the role=status region: screen readers announce it as it changes. */
  statusText = $derived.by(() => {
    const text = this.#status();
    // A loss the training came back from stays said, during and after: the curves have a seam there.
    return this.recovery && !text.startsWith('Failed') && this.series.length ? `${text} (${this.recovery})` : text;
  });
  #job = new StopSwitch();
  /** The page's trainer, started or replaced on demand (TrainerConnection.ensure). */
  #trainer: () => Promise<Trainer>;
  #lock: GpuLock;
  #queue: RunEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastApply = 0;
  #report: (report: RunsReport) => void;
  /** Set while a training has series of its own (not shown ones): what #reported names. */
  #startedAt: number | null = null;

  constructor(trainer: () => Promise<Trainer>, lock: GpuLock = new GpuLock(), report: (report: RunsReport) => void = () => {}) {
    this.#trainer = trainer;
    this.#lock = lock;
    this.#report = report;
  }

  #reported(ended: boolean): void {
    if (this.#startedAt === null || !this.experiment) return;
    this.#report({ startedAt: this.#startedAt, experiment: this.experiment, series: this.series, ended });
  }

  /**
   * Shows runs trained before (a saved experiment) as if they had just been trained here,
   * without training; refused (false) while a training runs, whose series these would replace.
   */
  show(experiment: Experiment, series: RunSeries[]): boolean {
    if (this.running) return false;
    this.#startedAt = null;
    this.error = null;
    this.recovery = null;
    this.experiment = experiment;
    this.series = series;
    return true;
  }

  #progress(): RunsProgress {
    const total = this.series.reduce((n, s) => n + s.totalSteps, 0);
    const done = this.series.reduce((n, s) => n + (s.status === 'running' ? stepsDone(s) : s.totalSteps), 0);
    const live = this.series.filter((s) => s.status === 'running');
    const examplesPerSec = live.length ? Math.min(...live.map((s) => s.examplesPerSec)) : 0;
    // Runs step in lockstep, so the slowest live run sets the pace of the whole experiment.
    const left = live.length ? Math.max(...live.map((s) => s.totalSteps - stepsDone(s))) : 0;
    // Each run's rate is measured over wall time shared with the others, so it is already
    // the rate at which the lockstep loop advances.
    const secondsLeft = examplesPerSec > 0 ? (left * live[0].batchSize) / examplesPerSec : null;
    return { done: Math.min(done, total), total, examplesPerSec, secondsLeft };
  }

  #status(): string {
    if (this.error) return `Failed: ${this.error}`;
    if (this.phase === 'preparing') return 'Preparing…';
    if (this.phase === 'stopping') return 'Stopping…';
    if (this.series.length === 0) return 'Ready';
    const one = this.series.length === 1;
    if (this.phase === 'training') {
      const { done, total } = this.progress;
      return one ? `Training step ${done}/${total}…` : `Training ${this.series.length} runs, step ${done}/${total}…`;
    }
    const diverged = this.series.filter((s) => s.status === 'diverged');
    if (one && diverged.length) return `Diverged at step ${diverged[0].divergedAt}`;
    if (this.series.some((s) => s.status === 'failed')) return `Failed: ${this.series.find((s) => s.message)?.message ?? 'unknown error'}`;
    if (this.series.some((s) => s.status === 'stopped')) return 'Stopped';
    return diverged.length ? `Done (${diverged.length} diverged)` : 'Done';
  }

  /** The trainer could not start (on load, or on a change of backend): the status says so. */
  trainerFailed(error: unknown): void {
    this.error = `Training cannot start: ${errorMessage(error)}`;
  }

  #enqueue(event: RunEvent): void {
    if (event.type === 'steps' && event.firstStep === 1) performance.mark('init-lab:first-step'); // read by npm run bench
    this.#queue.push(event);
    this.#timer ??= setTimeout(() => this.#applyQueued(), Math.max(0, this.#lastApply + UI_INTERVAL_MS - performance.now()));
  }

  #applyQueued(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#queue.length === 0) return;
    const events = this.#queue;
    this.#queue = [];
    this.#lastApply = performance.now();
    this.series = withEvents(this.series, events);
    this.#reported(false);
  }

  #live(): RunSeries[] {
    return this.series.filter((s) => s.status === 'running' || s.status === 'pending');
  }

  /** Ends every run still going (the trainer can no longer report), keeping what it measured. */
  #endLive(message: ((s: RunSeries) => string) | null, status: 'failed' | 'stopped' = 'failed'): void {
    const ends = this.#live().map((s): RunEnded => ({ type: 'end', runId: s.runId, status, steps: stepsDone(s), message: message?.(s) }));
    this.series = withEvents(this.series, ends);
  }

  /**
   * Trains `runs` to their end. Where a worker loses its GPU context, a fresh worker (a
   * fresh context: TF.js cannot re-make one in place) resumes them from the last snapshot,
   * up to MAX_RESUMES times; otherwise the live runs end with their numbers and the reason.
   */
  async #train(trainer: Trainer, runs: RunSpec[], split: Split, signal: AbortSignal): Promise<void> {
    // Only the latest: the values of every weight and slot, as of the last evaluation.
    let latest: TrainSnapshot | null = null;
    let resumeFrom: TrainSnapshot | undefined;
    for (let losses = 1; ; losses++) {
      const onSnapshot = trainer.info.thread === 'worker' ? (s: TrainSnapshot) => (latest = s) : undefined;
      const outcome = await trainer.train(runs, split, (e) => this.#enqueue(e), signal, { onSnapshot, resumeFrom });
      this.#applyQueued();
      if (outcome !== 'device-lost') return;
      const lostAt = Math.max(0, ...this.#live().map(stepsDone));
      const why = whyNoResume(trainer.info.thread, latest, losses);
      if (why || !latest) return this.#endLive((s) => lostMessage(stepsDone(s), why ?? ''));
      const from: TrainSnapshot = latest;
      this.recovery = resumedNote(lostAt, from, true);
      try {
        trainer = await this.#trainer();
        if (trainer.info.thread !== 'worker') throw new Error(trainer.info.threadReason ?? 'training fell back to the page');
      } catch (error) {
        this.recovery = null;
        return this.#endLive((s) => lostMessage(stepsDone(s), noFreshWorker(errorMessage(error))));
      }
      // Stopped while the fresh worker started: nothing to resume, keep what is there.
      if (signal.aborted) return this.#endLive(null, 'stopped');
      this.recovery = resumedNote(lostAt, from);
      resumeFrom = from;
    }
  }

  async start(experiment: Experiment, split: Split): Promise<void> {
    const release = this.#lock.acquire('training');
    if (!release) return;
    this.error = null;
    this.recovery = null;
    this.phase = 'preparing';
    const signal = this.#job.begin();
    try {
      await afterPaint(); // "Preparing…" shows before the trainer (maybe a new worker) starts
      // A trainer that cannot start leaves the last experiment's numbers on screen.
      const trainer = await this.#trainer();
      if (signal.aborted) return;
      const runs = planRuns(experiment);
      this.experiment = experiment;
      this.series = plannedSeries(experiment, runs);
      this.#startedAt = Date.now();
      this.phase = 'training';
      await this.#train(trainer, runs, split, signal);
    } catch (error) {
      this.#applyQueued();
      const message = errorMessage(error);
      this.error = message;
      this.#endLive(() => message);
    } finally {
      this.#job.end();
      this.phase = 'idle';
      release();
      this.#reported(true);
      this.#startedAt = null;
    }
  }

  stop(): void {
    if (this.#job.stop()) this.phase = 'stopping';
  }
}
