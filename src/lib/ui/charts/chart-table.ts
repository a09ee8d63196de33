/**
 * The data table behind a line chart, for people who cannot see the lines (or want the
 * numbers): one row per x value, one column per line. A long run has thousands of steps, so
 * the table keeps at most `maxRows` rows, evenly spaced, always with the first and the last
 * x, and says which rows it kept; nothing is averaged, every cell is a value the chart drew.
 */
import { evenlySpaced } from '../../evenly-spaced';
import type { Series } from './series';

export interface ChartTable {
  columns: string[];
  rows: { x: number; cells: (number | null)[] }[];
  /** How many distinct x values the chart holds (rows.length when none were left out). */
  totalRows: number;
}

export const MAX_TABLE_ROWS = 40;

export function chartTable(datasets: readonly Series[], maxRows = MAX_TABLE_ROWS): ChartTable {
  const shown = datasets.filter((d) => d.data.length > 0);
  const byX = shown.map((d) => new Map(d.data.map((p) => [p.x, p.y])));
  const xs = [...new Set(shown.flatMap((d) => d.data.map((p) => p.x)))].sort((a, b) => a - b);
  const rows = evenlySpaced(xs.length, maxRows).map((i) => ({ x: xs[i], cells: byX.map((m) => m.get(xs[i]) ?? null) }));
  return { columns: shown.map((d, i) => d.label ?? `line ${i + 1}`), rows, totalRows: xs.length };
}

/** Four significant digits, plain in the everyday range, scientific outside it; an empty cell for a gap. */
export function tableNumber(v: number | null): string {
  if (v === null) return '';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}
