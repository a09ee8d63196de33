/**
 * Checks of a sweep preset: each seed's runs folded into that seed's own grid (so a claim
 * holds on every seed, not on a mean over them), and one number read off it.
 */
import type { Experiment } from '../experiment/config';
import { decodeExperiment } from '../experiment/url';
import type { RunSeries } from '../state/run-series';
import { higherIsBetter, sweepGrid, type SweepGrid, type SweepMetric } from '../state/sweep-results';
import type { Check, SeedValue } from './claims';

/** What one check reads from one seed's grid. */
export type GridReading = (grid: SweepGrid) => number;

/** One number per seed: the seed's runs alone, as a grid of the preset's experiment. */
export function perSeedOfGrid(e: Experiment, metric: SweepMetric, target: number, read: GridReading): (runs: RunSeries[]) => SeedValue[] {
  return (runs) => {
    const seeds = [...new Set(runs.filter((r) => r.sweep).map((r) => r.repeat))].sort((a, b) => a - b);
    return seeds.map((repeat) => ({
      seed: repeat + 1,
      value: read(
        sweepGrid(
          e,
          runs.filter((r) => r.repeat === repeat),
          metric,
          target,
        ),
      ),
    }));
  };
}

/** The seed's number at the cell with these swept values (NaN if the cell is not in the grid or has no run). */
export function at(variant: number, ...values: number[]): GridReading {
  return (grid) => {
    const p = grid.variants[variant]?.points.find((q) => q.cell.values.every((v, i) => v === values[i]));
    return p?.perSeed[0]?.value ?? Number.NaN;
  };
}

/** The ratio of two readings. */
export const ratio =
  (a: GridReading, b: GridReading): GridReading =>
  (grid) =>
    a(grid) / b(grid);

/**
 * The seed's best finite number for the variant, and the value of the LAST sweep where it
 * falls, within the cells whose other sweep has `fixed` (two sweeps) or along the whole line
 * (one sweep); ties go to the first cell. Null when no cell has a finite number.
 */
function bestInColumn(grid: SweepGrid, variant: number, fixed?: number): { value: number; at: number } | null {
  const points = grid.variants[variant]?.points.filter((p) => fixed === undefined || p.cell.values[0] === fixed) ?? [];
  const swept = grid.sweeps.length - 1;
  const better = (a: number, b: number) => (higherIsBetter(grid.metric) ? a > b : a < b);
  let best: { value: number; at: number } | null = null;
  for (const p of points) {
    const value = p.perSeed[0]?.value;
    if (value === undefined || !Number.isFinite(value)) continue;
    if (!best || better(value, best.value)) best = { value, at: p.cell.values[swept] };
  }
  return best;
}

/** Where the variant does best: the value of the last sweep (bestInColumn). */
export const bestOf =
  (variant: number, fixed?: number): GridReading =>
  (grid) =>
    bestInColumn(grid, variant, fixed)?.at ?? Number.NaN;

/** How well the variant does at its best (bestInColumn). */
export const bestValueOf =
  (variant: number, fixed?: number): GridReading =>
  (grid) =>
    bestInColumn(grid, variant, fixed)?.value ?? Number.NaN;

/** A check over every seed's grid of a sweep preset's query. */
export function gridCheck(query: string, metric: SweepMetric, target: number) {
  const e = decodeExperiment(query).experiment;
  return (name: string, read: GridReading, want: Check['want'], bound: number, format?: Check['format']): Check => ({
    variant: -1,
    name,
    perSeed: perSeedOfGrid(e, metric, target, read),
    want,
    bound,
    format,
  });
}
