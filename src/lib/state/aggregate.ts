/**
 * Seeds of one variant, folded into what a comparison needs: a mean curve with a band, and
 * one summary row. Pure functions over RunSeries, so the charts and the table can derive
 * them on every block without state of their own.
 */
import type { EvalRecord, RunSeries } from './run-series';

/** One x position of a curve summarised over the seeds that reached it. */
export interface BandPoint {
  x: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single seed. */
  sd: number;
  min: number;
  max: number;
  /** Seeds behind this point. */
  n: number;
}

/** Which spread a band shows: the seeds' full range, or one standard deviation about the mean. */
export type BandKind = 'minmax' | 'sd';

export interface VariantGroup {
  variant: number;
  label: string;
  runs: RunSeries[];
}

/** Runs grouped by variant, in variant order, each group's runs in seed order. */
export function groupByVariant(runs: RunSeries[]): VariantGroup[] {
  const groups = new Map<number, RunSeries[]>();
  for (const run of runs) {
    const group = groups.get(run.variant);
    if (group) group.push(run);
    else groups.set(run.variant, [run]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([variant, members]) => {
      const sorted = members.slice().sort((a, b) => a.repeat - b.repeat);
      return { variant, label: sorted[0].variantLabel, runs: sorted };
    });
}

export function summarise(x: number, values: number[]): BandPoint {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { x, mean, sd, min: Math.min(...values), max: Math.max(...values), n };
}

/** Lower and upper edge of a band point. */
export function bandEdges(p: BandPoint, kind: BandKind): [number, number] {
  return kind === 'minmax' ? [p.min, p.max] : [p.mean - p.sd, p.mean + p.sd];
}

/**
 * Mean and spread of a per-step series (x = step, 1-based). Only the steps every seed has
 * reached count: a seed that is behind (or diverged and stopped) would otherwise make the
 * band jump where it drops out.
 */
export function stepBand(runs: RunSeries[], pick: (run: RunSeries) => number[]): BandPoint[] {
  if (runs.length === 0) return [];
  const series = runs.map(pick);
  const length = Math.min(...series.map((s) => s.length));
  const out: BandPoint[] = [];
  for (let i = 0; i < length; i++)
    out.push(
      summarise(
        i + 1,
        series.map((s) => s[i]),
      ),
    );
  return out;
}

/**
 * Mean and spread of an evaluation metric (x = eval step). Evaluations are matched by step,
 * and only steps evaluated in every seed count.
 */
export function evalBand(runs: RunSeries[], pick: (e: EvalRecord) => number): BandPoint[] {
  if (runs.length === 0) return [];
  const bySeed = runs.map((run) => new Map(run.evals.map((e) => [e.step, pick(e)])));
  const shortest = runs.reduce((a, b) => (b.evals.length < a.evals.length ? b : a));
  const out: BandPoint[] = [];
  for (const { step } of shortest.evals) {
    const values = bySeed.map((m) => m.get(step));
    if (values.every((v): v is number => v !== undefined)) out.push(summarise(step, values));
  }
  return out;
}

/** Per-step pickers: training loss and one kernel's gradient norm. */
export const trainLoss = (run: RunSeries): number[] => run.loss;
export const gradNorm =
  (layer: number) =>
  (run: RunSeries): number[] =>
    run.gradNorms[layer] ?? [];

/** Evaluation pickers. A layer index past the record's arrays gives NaN, never a throw. */
export const valLoss = (e: EvalRecord): number => e.valLoss;
export const valAccuracy = (e: EvalRecord): number => e.valAccuracy;
export const inactiveFraction =
  (layer: number) =>
  (e: EvalRecord): number =>
    e.activations[layer]?.inactive ?? Number.NaN;
export const updateRatio =
  (layer: number) =>
  (e: EvalRecord): number =>
    e.updateRatios[layer] ?? Number.NaN;

/** First evaluation step at which validation accuracy reached `threshold`; null: never (so far). */
export function stepsToAccuracy(run: RunSeries, threshold = 0.9): number | null {
  return run.evals.find((e) => e.valAccuracy >= threshold)?.step ?? null;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN;
}

/** Training loss is noisy per batch: the last this-many steps stand for "final". */
export const FINAL_LOSS_WINDOW = 10;

export interface VariantSummary {
  variant: number;
  label: string;
  seeds: number;
  /** Mean over the last FINAL_LOSS_WINDOW steps of each seed, averaged over seeds; NaN before any step. */
  finalTrainLoss: number;
  /** Last evaluation's accuracy of each seed: mean and range; null before any evaluation. */
  finalValAccuracy: { mean: number; min: number; max: number } | null;
  /** Steps to 90% validation accuracy: per seed (null = never), and the median (null if any seed never got there). */
  stepsTo90: { perSeed: (number | null)[]; median: number | null };
  /** Seeds (1-based, as in the run label "#k") that diverged, with the step. */
  diverged: { seed: number; step: number }[];
  /**
   * Inactive-unit fraction of each hidden layer at the last evaluation, averaged over seeds,
   * and its maximum over layers. NaN where the activation has no inactive state.
   */
  finalInactive: { perLayer: { label: string; value: number }[]; max: number };
  /** Some seed is still pending or training: "never" may still become a number. */
  live: boolean;
}

/** One row of the comparison: everything about one variant's seeds that fits in a table. */
export function variantSummary(runs: RunSeries[]): VariantSummary {
  const [group] = groupByVariant(runs);
  if (!group) throw new Error('variantSummary needs at least one run');
  const members = group.runs;

  const losses = members.filter((r) => r.loss.length > 0).map((r) => mean(r.loss.slice(-FINAL_LOSS_WINDOW)));
  const lastEvals = members.map((r) => r.evals[r.evals.length - 1]).filter((e): e is EvalRecord => e !== undefined);
  const accuracies = lastEvals.map((e) => e.valAccuracy);
  const perSeed = members.map((r) => stepsToAccuracy(r, 0.9));
  const reached = perSeed.filter((s): s is number => s !== null);

  return {
    variant: group.variant,
    label: group.label,
    seeds: members.length,
    finalTrainLoss: mean(losses),
    finalValAccuracy: accuracies.length ? { mean: mean(accuracies), min: Math.min(...accuracies), max: Math.max(...accuracies) } : null,
    stepsTo90: { perSeed, median: reached.length === perSeed.length ? median(reached) : null },
    diverged: members
      .filter((r) => r.status === 'diverged' || r.divergedAt !== undefined)
      .map((r) => ({ seed: r.repeat + 1, step: r.divergedAt ?? r.loss.length })),
    finalInactive: finalInactive(lastEvals),
    live: members.some((r) => r.status === 'pending' || r.status === 'running'),
  };
}

function finalInactive(lastEvals: EvalRecord[]): VariantSummary['finalInactive'] {
  if (lastEvals.length === 0) return { perLayer: [], max: Number.NaN };
  const layers = Math.min(...lastEvals.map((e) => e.activations.length));
  const perLayer = Array.from({ length: layers }, (_, l) => ({
    label: lastEvals[0].activations[l].label,
    value: mean(lastEvals.map((e) => e.activations[l].inactive)),
  }));
  const finite = perLayer.map((p) => p.value).filter((v) => Number.isFinite(v));
  return { perLayer, max: finite.length ? Math.max(...finite) : Number.NaN };
}

/** One summary per variant, in variant order. */
export function variantSummaries(runs: RunSeries[]): VariantSummary[] {
  return groupByVariant(runs).map((g) => variantSummary(g.runs));
}
