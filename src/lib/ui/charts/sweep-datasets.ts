/**
 * A sweep's grid as Chart.js data: one banded line per variant along one sweep (mean over
 * seeds, min–max band, the best value a star), or one heatmap per variant over two.
 */
import type { BandPoint } from '../../state/aggregate';
import { higherIsBetter, type SweepGrid, type SweepPoint, type SweepVariant } from '../../state/sweep-results';
import { bandSeries } from '../inside/band-datasets';
import { runStyle } from './run-style';
import type { Series } from './series';
import { formatNumber } from '../../experiment/value-text';
import { percent } from '../../percent';

/** Accuracy is drawn in percent; the other metrics as they are. */
export const metricScale = (grid: SweepGrid) => (grid.metric === 'accuracy' ? 100 : 1);

/** A log axis where the values are positive and span a factor of 8 or more (learning rates, widths). */
export function logAxis(values: readonly number[]): boolean {
  return values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= 8;
}

function bandPoint(p: SweepPoint, x: number): BandPoint {
  const finite = p.perSeed.map((s) => s.value).filter((v) => Number.isFinite(v));
  const n = finite.length;
  const sd = n > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - p.mean) ** 2, 0) / (n - 1)) : 0;
  return { x, mean: p.mean, sd, min: p.min, max: p.max, n };
}

/** One sweep: per variant its mean line (a star at its best value) and the seeds' min–max band. */
export function sweepLineDatasets(grid: SweepGrid): Series[] {
  const scale = metricScale(grid);
  return grid.variants.flatMap((v) => {
    const shown = v.points.filter((p) => p.perSeed.length > 0);
    const points = shown.map((p) => bandPoint(p, p.cell.values[0]));
    const [mean, ...band] = bandSeries(v.label, runStyle({ variant: v.variant }), points, 'minmax', { scale, pointRadius: 3 });
    mean.pointStyle = shown.map((p) => (p.best ? 'star' : 'circle'));
    mean.pointRadius = shown.map((p) => (p.best ? 9 : 3));
    mean.pointBorderWidth = shown.map((p) => (p.best ? 2 : 1));
    return [mean, ...band];
  });
}

/** How one cell reads in a table or a tooltip: "97.1% (96.8–97.4)", "never (3 of 3 seeds)". */
export function cellText(p: SweepPoint, grid: SweepGrid): string {
  if (p.perSeed.length === 0) return p.live ? 'training…' : '—';
  const show = (x: number) =>
    grid.metric === 'accuracy' ? percent(x, 1) : grid.metric === 'steps' ? String(Math.round(x)) : formatNumber(Number(x.toPrecision(3)));
  const failedWord = grid.metric === 'steps' ? 'never reached' : 'diverged';
  const failed = p.failed ? ` · ${failedWord}: ${p.failed} of ${p.perSeed.length}` : '';
  if (!Number.isFinite(p.mean)) return `${failedWord} (${p.failed} of ${p.perSeed.length} seeds)`;
  const range = p.perSeed.length - p.failed > 1 ? ` (${show(p.min)}–${show(p.max)})` : '';
  return `${show(p.mean)}${range}${failed}${p.live ? ` · ${p.live} training` : ''}`;
}

/** One heatmap cell: column (first sweep), row (second sweep), the value drawn, and its shade 0..1. */
export interface SweepHeatCell {
  x: string;
  y: string;
  v: number;
  shade: number;
  best: boolean;
  text: string;
}

/**
 * The cells of one variant's heatmap. The shade runs over the variant's own finite means,
 * 1 = best (dark), so "darker is better" holds for every metric; a cell without a finite
 * mean is left out (drawn as a gap).
 */
export function sweepHeatCells(grid: SweepGrid, v: SweepVariant): SweepHeatCell[] {
  const finite = v.points.filter((p) => Number.isFinite(p.mean)).map((p) => p.mean);
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const up = higherIsBetter(grid.metric);
  return v.points
    .filter((p) => Number.isFinite(p.mean))
    .map((p) => {
      const t = hi > lo ? (p.mean - lo) / (hi - lo) : 1;
      return {
        x: formatNumber(p.cell.values[0]),
        y: formatNumber(p.cell.values[1]),
        v: p.mean,
        shade: up ? t : 1 - t,
        best: p.best,
        text: cellText(p, grid),
      };
    });
}
