/**
 * The numbers one run has produced so far, in plain arrays that charts and exports read.
 * Kept outside Svelte's deep reactivity: RunsState swaps the whole object on every block.
 */
import type { EvalPoint, LayerInfo, RunEnded, RunEvent, RunStarted, RunStatus, StepBlock } from '../engine/events';
import type { Activation } from '../experiment/config';

export interface RunSeries {
  runId: string;
  /** What the page shows for this run: runLabel(variantLabel, repeat, seeds), built once, never parsed. */
  label: string;
  /** The variant's label, shared by all its seeds (a comparison's group and its summary row). */
  variantLabel: string;
  /**
   * Its line in every chart and row in every table, shared by its seeds: the variant, or in a
   * sweep the variant of one grid cell (cell × variants per cell + variant).
   */
  variant: number;
  /** Only in a sweep: the run's grid cell and its variant within the cell (what the sweep chart reads). */
  sweep?: SweepPlace;
  /** 0-based seed index within the variant; shown 1-based ("#k"). */
  repeat: number;
  status: RunStatus;
  layers: LayerInfo[];
  /** The hidden layers' activation; null until the run has started. */
  activation: Activation | null;
  notes: string[];
  totalSteps: number;
  stepsPerEpoch: number;
  batchSize: number;
  /** Training loss of step i+1. */
  loss: number[];
  /** gradNorms[layer][i]: gradient L2 norm of that layer's kernel at step i+1. */
  gradNorms: number[][];
  evals: EvalRecord[];
  examplesPerSec: number;
  trainMs: number;
  divergedAt?: number;
  message?: string;
}

export interface SweepPlace {
  cell: number;
  variant: number;
}

/** One evaluation: validation numbers, kernel norms and update ratios, hidden-activation stats. */
export type EvalRecord = Omit<EvalPoint, 'type' | 'runId'>;

/** The shown label of seed `repeat` of a variant: " #k" (1-based) only when the variant has several seeds. */
export function runLabel(variantLabel: string, repeat: number, seeds: number): string {
  return seeds > 1 ? `${variantLabel} #${repeat + 1}` : variantLabel;
}

/** A run not yet started. `seeds`: how many the variant has, which decides the label. */
export function emptySeries(
  runId: string,
  variantLabel: string,
  variant: number,
  repeat: number,
  seeds = 1,
  sweep?: SweepPlace,
): RunSeries {
  return {
    ...(sweep ? { sweep: { ...sweep } } : {}),
    runId,
    label: runLabel(variantLabel, repeat, seeds),
    variantLabel,
    variant,
    repeat,
    status: 'pending',
    layers: [],
    activation: null,
    notes: [],
    totalSteps: 0,
    stepsPerEpoch: 0,
    batchSize: 0,
    loss: [],
    gradNorms: [],
    evals: [],
    examplesPerSec: 0,
    trainMs: 0,
  };
}

export function withStart(s: RunSeries, e: RunStarted): RunSeries {
  const { layers, activation, totalSteps, stepsPerEpoch, batchSize, notes } = e;
  const started: RunSeries = { ...s, status: 'running', layers, activation, notes, totalSteps, stepsPerEpoch, batchSize };
  if (e.resumedAt === undefined) return { ...started, gradNorms: layers.map(() => []) };
  // A job resumed from a snapshot (after a lost GPU context) reports again every step after
  // the snapshot's: what the lost job reported after it goes, so each step is there once. The
  // run may have diverged or failed there; it is running again. trainMs keeps the lost
  // blocks' time: it was spent.
  const at = e.resumedAt;
  return {
    ...started,
    loss: s.loss.slice(0, at),
    gradNorms: layers.map((_, l) => (s.gradNorms[l] ?? []).slice(0, at)),
    evals: s.evals.filter((p) => p.step <= at),
    divergedAt: undefined,
    message: undefined,
  };
}

export function withBlock(s: RunSeries, block: StepBlock): RunSeries {
  const layerCount = s.layers.length;
  const loss = s.loss.concat(Array.from(block.loss));
  const gradNorms = s.gradNorms.map((series, layer) => {
    const next = series.slice();
    for (let r = 0; r < block.loss.length; r++) next.push(block.gradNorms[r * layerCount + layer]);
    return next;
  });
  return { ...s, loss, gradNorms, examplesPerSec: block.examplesPerSec, trainMs: s.trainMs + block.elapsedMs };
}

export function withEval(s: RunSeries, e: EvalPoint): RunSeries {
  const { type: _type, runId: _runId, ...point } = e;
  return { ...s, evals: [...s.evals, point] };
}

export function withEnd(s: RunSeries, end: RunEnded): RunSeries {
  return { ...s, status: end.status, divergedAt: end.divergedAt, message: end.message };
}

export function withEvent(s: RunSeries, event: RunEvent): RunSeries {
  switch (event.type) {
    case 'start':
      return withStart(s, event);
    case 'steps':
      return withBlock(s, event);
    case 'eval':
      return withEval(s, event);
    case 'end':
      return withEnd(s, event);
  }
}

/** Folds a batch of events (any runs, in arrival order) into new series, one object per touched run. */
export function withEvents(series: RunSeries[], events: RunEvent[]): RunSeries[] {
  const byRun = new Map<string, RunEvent[]>();
  for (const e of events) {
    const list = byRun.get(e.runId);
    if (list) list.push(e);
    else byRun.set(e.runId, [e]);
  }
  return series.map((s) => (byRun.get(s.runId) ?? []).reduce(withEvent, s));
}

export function stepsDone(s: RunSeries): number {
  return s.loss.length;
}

export function lastEval(s: RunSeries) {
  return s.evals.length ? s.evals[s.evals.length - 1] : null;
}
