/**
 * The runs of the current (or last) experiment: starts and stops training, and turns the
 * engine's events into series for the charts. The only place the UI touches the engine.
 */
import type { Split } from '../data/dataset';
import type { RunEvent } from '../engine/events';
import { disposeGpuData, uploadSplit, type GpuData } from '../engine/gpu-data';
import { trainExperiment } from '../engine/train-experiment';
import type { Experiment } from '../experiment/config';
import { planRuns, variantLabel } from '../experiment/plan';
import { emptySeries, stepsDone, withBlock, withEnd, withEval, withStart, type RunSeries } from './run-series';

export type Phase = 'idle' | 'preparing' | 'training' | 'stopping';

export class RunsState {
  series = $state.raw<RunSeries[]>([]);
  phase = $state<Phase>('idle');
  /** The experiment these series belong to (frozen at start). */
  experiment = $state.raw<Experiment | null>(null);
  error = $state<string | null>(null);
  #abort: AbortController | null = null;
  #gpu: { split: Split; data: GpuData } | null = null;

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

  /** The split on the device, uploaded once and kept until the data changes. */
  gpuDataFor(split: Split): GpuData {
    if (this.#gpu?.split !== split) {
      if (this.#gpu) disposeGpuData(this.#gpu.data);
      this.#gpu = { split, data: uploadSplit(split) };
    }
    return this.#gpu.data;
  }

  #apply(event: RunEvent): void {
    this.series = this.series.map((s) => {
      if (s.runId !== event.runId) return s;
      switch (event.type) {
        case 'start':
          return withStart(s, event);
        case 'steps':
          if (event.firstStep === 1) performance.mark('init-lab:first-step'); // read by npm run bench
          return withBlock(s, event);
        case 'eval':
          return withEval(s, event);
        case 'end':
          return withEnd(s, event);
      }
    });
  }

  async start(experiment: Experiment, split: Split): Promise<void> {
    if (this.running) return;
    const runs = planRuns(experiment);
    this.error = null;
    this.experiment = experiment;
    this.series = runs.map((r) => emptySeries(r.id, variantLabel(r, experiment) + (experiment.seeds > 1 ? ` #${r.repeat + 1}` : ''), r.variant, r.repeat));
    this.phase = 'preparing';
    const abort = new AbortController();
    this.#abort = abort;
    try {
      // Let the "Preparing…" state paint before the upload and model builds take the thread.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const data = this.gpuDataFor(split);
      this.phase = 'training';
      await trainExperiment(runs, data, { signal: abort.signal, onEvent: (e) => this.#apply(e) });
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
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

  /** Frees the uploaded dataset (when the page goes away or the data changes). */
  release(): void {
    this.stop();
    if (this.#gpu && !this.running) {
      disposeGpuData(this.#gpu.data);
      this.#gpu = null;
    }
  }
}
