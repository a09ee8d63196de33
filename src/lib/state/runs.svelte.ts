/**
 * The runs of the current (or last) experiment: starts and stops training through a
 * Trainer (normally a worker), and turns its events into series for the charts.
 *
 * Events are folded in at a steady cadence (UI_INTERVAL_MS), not as they arrive: however
 * fast training goes, the charts redraw 4 times a second and the page's thread stays free.
 */
import type { Split } from '../data/dataset';
import type { RunEnded, RunEvent } from '../engine/events';
import type { TrainSnapshot } from '../engine/snapshot';
import type { SignalProfile } from '../engine/signal/probe';
import type { Experiment } from '../experiment/config';
import type { BackendPreference } from '../experiment/page-settings';
import { planRuns, variantLabel, type RunSpec, type Variant } from '../experiment/plan';
import type { Trainer, TrainerInfo } from '../worker/trainer';
import { emptySeries, stepsDone, withEvents, type RunSeries } from './run-series';
import { errorMessage } from '../error-message';
import { lostMessage, noFreshWorker, resumedNote, whyNoResume } from './context-loss';

const UI_INTERVAL_MS = 250;

export type Phase = 'idle' | 'preparing' | 'training' | 'stopping';

export class RunsState {
  series = $state.raw<RunSeries[]>([]);
  phase = $state<Phase>('idle');
  /** The experiment these series belong to (frozen at start). */
  experiment = $state.raw<Experiment | null>(null);
  error = $state<string | null>(null);
  /** Where and on what training runs; null until the trainer is up. */
  backend = $state.raw<TrainerInfo | null>(null);
  /** Set when this training lost its GPU context and went on from a snapshot (context-loss.ts). */
  recovery = $state<string | null>(null);
  /** The backend the person chose; the trainer follows it when no run trains (setPreference). */
  preference = $state<BackendPreference>('auto');
  #abort: AbortController | null = null;
  #connect: (preference: BackendPreference) => Promise<Trainer>;
  #trainer: Trainer | null = null;
  /** The preference the live trainer (or the one starting) was started on. */
  #trainerPreference: BackendPreference | null = null;
  #connecting: Promise<Trainer> | null = null;
  #queue: RunEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastApply = 0;

  constructor(connect: (preference: BackendPreference) => Promise<Trainer>) {
    this.#connect = connect;
  }

  get running(): boolean {
    return this.phase !== 'idle';
  }

  get progress(): { done: number; total: number; examplesPerSec: number; secondsLeft: number | null } {
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

  /** One line for the role=status region: screen readers announce it as it changes. */
  get statusText(): string {
    const text = this.#status();
    // A loss the training came back from stays said, during and after: the curves have a seam there.
    return this.recovery && !text.startsWith('Failed') && this.series.length ? `${text} (${this.recovery})` : text;
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

  /**
   * The trainer, started on first need and replaced after a crash, a lost GPU context or a
   * change of backend: one backend per worker, so another choice is another worker.
   */
  ensureTrainer(): Promise<Trainer> {
    const current = this.#trainerPreference === this.preference;
    // A trainer starting on a preference since changed: let it start, then replace it.
    if (this.#connecting && !current) return this.#connecting.catch(() => {}).then(() => this.ensureTrainer());
    if (this.#trainer?.usable && current) return Promise.resolve(this.#trainer);
    if (this.#trainer && !current) this.backend = null;
    this.#trainer?.dispose();
    this.#trainer = null;
    const preference = (this.#trainerPreference = this.preference);
    this.#connecting ??= this.#connect(preference)
      .then((trainer) => {
        // Only the page's own context can stay lost (a worker gets a fresh one).
        if (!trainer.usable) throw new Error("this page's GPU context was lost; reload the page to train again");
        this.#trainer = trainer;
        this.backend = trainer.info;
        trainer.watchInfo?.((info) => (this.backend = info));
        return trainer;
      })
      .finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  /**
   * Chooses the backend. The old trainer is closed and a fresh one started now when nothing
   * trains; during a run the change waits for the next start (ensureTrainer).
   */
  setPreference(preference: BackendPreference): void {
    if (preference === this.preference) return;
    this.preference = preference;
    if (this.running || !this.#trainerPreference) return;
    this.ensureTrainer().catch((error) => (this.error = `Training cannot start: ${errorMessage(error)}`));
  }

  /** Signal propagation at init, measured where training runs (its shaders then serve training too). */
  async probe(experiment: Experiment, variants: Variant[], split: Split): Promise<SignalProfile[]> {
    return (await this.ensureTrainer()).probe(experiment, variants, split);
  }

  /** The live trainer, if any (debug hooks: memory, context loss). */
  get trainer(): Trainer | null {
    return this.#trainer;
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
        trainer = await this.ensureTrainer();
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
    if (this.running) return;
    this.error = null;
    this.recovery = null;
    this.phase = 'preparing';
    const abort = new AbortController();
    this.#abort = abort;
    try {
      // Let the "Preparing…" state paint before the trainer (maybe a new worker) starts.
      await new Promise((resolve) => setTimeout(resolve, 0));
      // A trainer that cannot start leaves the last experiment's numbers on screen.
      const trainer = await this.ensureTrainer();
      if (abort.signal.aborted) return;
      const runs = planRuns(experiment);
      this.experiment = experiment;
      this.series = runs.map((r) => emptySeries(r.id, variantLabel(r, experiment), r.variant, r.repeat, experiment.seeds));
      this.phase = 'training';
      await this.#train(trainer, runs, split, abort.signal);
    } catch (error) {
      this.#applyQueued();
      const message = errorMessage(error);
      this.error = message;
      this.#endLive(() => message);
    } finally {
      this.#abort = null;
      this.phase = 'idle';
    }
  }

  stop(): void {
    if (this.#abort && !this.#abort.signal.aborted) {
      this.#abort.abort();
      this.phase = 'stopping';
    }
  }

  /** Stops and closes the trainer (the page is going away); the worker and its GPU memory go with it. */
  release(): void {
    this.stop();
    this.#trainer?.dispose();
    this.#trainer = null;
  }
}
