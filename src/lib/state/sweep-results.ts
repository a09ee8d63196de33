/**
 * A sweep's runs folded into its grid: per variant, per cell, each seed's final number and
 * their mean and range, and the best cell of every column. Pure, over RunSeries: the sweep
 * chart, its table and the sweep presets' claims all read this one fold.
 */
import type { Experiment } from '../experiment/config';
import { planVariants, variantLabel } from '../experiment/plan';
import { planCells, type Cell, type Sweep } from '../experiment/sweep';
import { FINAL_LOSS_WINDOW } from './aggregate';
import { finalAccuracy } from './outcome';
import type { RunSeries } from './run-series';

/**
 * What the grid compares: final validation accuracy, final training loss, final validation
 * loss, or steps until the loss first reaches a target. The validation loss is the smooth one:
 * it averages every held-out digit where the training loss averages only the last few
 * batches, so an optimum on a learning-rate grid is located by the net and not by batch noise.
 */
export type SweepMetric = 'accuracy' | 'loss' | 'valLoss' | 'steps';

export const METRIC_NAMES: Record<SweepMetric, string> = {
  accuracy: 'final validation accuracy',
  loss: `final training loss (mean of the last ${FINAL_LOSS_WINDOW} steps)`,
  valLoss: 'final validation loss',
  steps: 'steps until the training loss first reaches the target',
};

/** Higher is better only for accuracy. */
export const higherIsBetter = (m: SweepMetric) => m === 'accuracy';

/** Steps of the running mean that decides when a loss target is reached (one batch is noisy). */
export const TARGET_WINDOW = 10;

/**
 * First step at which the mean training loss of the last TARGET_WINDOW steps is at most
 * `target`; +Infinity when it never is (or the run diverged first).
 */
export function stepsToLoss(run: RunSeries, target: number): number {
  let sum = 0;
  for (let i = 0; i < run.loss.length; i++) {
    sum += run.loss[i];
    if (i >= TARGET_WINDOW) sum -= run.loss[i - TARGET_WINDOW];
    if (i >= TARGET_WINDOW - 1 && sum / TARGET_WINDOW <= target) return i + 1;
  }
  return Number.POSITIVE_INFINITY;
}

/** Mean training loss of the last steps; +Infinity for a diverged run (worse than any finite loss). */
export function finalTrainLoss(run: RunSeries): number {
  if (run.status === 'diverged' || run.loss.length === 0) return run.status === 'diverged' ? Number.POSITIVE_INFINITY : Number.NaN;
  const last = run.loss.slice(-FINAL_LOSS_WINDOW);
  return last.reduce((a, b) => a + b, 0) / last.length;
}

/** Cross-entropy over the validation digits at the last evaluation; +Infinity for a diverged run, NaN before any evaluation. */
export function finalValidationLoss(run: RunSeries): number {
  if (run.status === 'diverged') return Number.POSITIVE_INFINITY;
  const loss = run.evals.at(-1)?.valLoss;
  return loss === undefined ? Number.NaN : Number.isFinite(loss) ? loss : Number.POSITIVE_INFINITY;
}

export function metricOf(run: RunSeries, metric: SweepMetric, target: number): number {
  switch (metric) {
    case 'accuracy':
      return finalAccuracy(run);
    case 'loss':
      return finalTrainLoss(run);
    case 'valLoss':
      return finalValidationLoss(run);
    case 'steps':
      return stepsToLoss(run, target);
  }
}

export interface SweepPoint {
  cell: Cell;
  /** Finished seeds' numbers, in seed order (+Infinity: diverged, or never reached the target). */
  perSeed: { seed: number; value: number }[];
  /** Over the finite numbers; NaN when there is none. */
  mean: number;
  min: number;
  max: number;
  /** Seeds whose number is not finite. */
  failed: number;
  /** Seeds still pending or training. */
  live: number;
  /** The best cell of its column (the first sweep's value) for this variant. */
  best: boolean;
}

export interface SweepVariant {
  variant: number;
  label: string;
  /** One per cell, in cell order (planCells). */
  points: SweepPoint[];
}

export interface SweepGrid {
  sweeps: Sweep[];
  metric: SweepMetric;
  target: number;
  variants: SweepVariant[];
}

/** Score for ranking: a failed seed counts as the worst, so a cell cannot win by diverging. */
function score(p: SweepPoint, metric: SweepMetric): number {
  const values = p.perSeed.map((s) => s.value);
  if (values.length === 0) return Number.NaN;
  const finite = values.map((v) => (Number.isFinite(v) ? v : higherIsBetter(metric) ? 0 : Number.POSITIVE_INFINITY));
  return finite.reduce((a, b) => a + b, 0) / finite.length;
}

/**
 * The best cell of each column: with one sweep, the best value of the sweep (a column is the
 * whole line); with two, for each value of the first sweep, the best value of the second.
 * Ties go to the first cell. Cells without a finished seed take no part.
 */
function markBest(points: SweepPoint[], sweeps: Sweep[], metric: SweepMetric): void {
  const column = (p: SweepPoint) => (sweeps.length === 2 ? p.cell.at[0] : 0);
  const better = (a: number, b: number) => (higherIsBetter(metric) ? a > b : a < b);
  const bestOf = new Map<number, SweepPoint>();
  for (const p of points) {
    const s = score(p, metric);
    if (Number.isNaN(s)) continue;
    const held = bestOf.get(column(p));
    if (!held || better(s, score(held, metric))) bestOf.set(column(p), p);
  }
  for (const p of bestOf.values()) p.best = true;
}

export function sweepGrid(e: Experiment, runs: RunSeries[], metric: SweepMetric = 'accuracy', target = 0.5): SweepGrid {
  const cells = planCells(e);
  const variants = planVariants(e).map((v, variant): SweepVariant => {
    const points = cells.map((cell): SweepPoint => {
      const members = runs.filter((r) => r.sweep?.cell === cell.index && r.sweep.variant === variant).sort((a, b) => a.repeat - b.repeat);
      const done = members.filter((r) => r.status !== 'pending' && r.status !== 'running');
      const perSeed = done.map((r) => ({ seed: r.repeat + 1, value: metricOf(r, metric, target) }));
      const finite = perSeed.map((s) => s.value).filter((x) => Number.isFinite(x));
      const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
      return {
        cell,
        perSeed,
        mean,
        min: finite.length ? Math.min(...finite) : Number.NaN,
        max: finite.length ? Math.max(...finite) : Number.NaN,
        failed: perSeed.length - finite.length,
        live: members.length - done.length,
        best: false,
      };
    });
    markBest(points, e.sweep, metric);
    return { variant, label: variantLabel(v, e), points };
  });
  return { sweeps: e.sweep, metric, target, variants };
}
