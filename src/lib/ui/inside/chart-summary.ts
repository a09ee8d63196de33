/**
 * The accessible name of a chart canvas: a screen reader cannot see the lines, so it gets the
 * latest value of each one, e.g. "Validation accuracy: he_normal 97.1, zeros 11.3 at step 375".
 */
import type { Series } from '../charts/series';
import { isBandEdge } from './band-datasets';
import { short } from './format';

function lastFinite(data: { x: number; y: number }[]): { x: number; y: number } | null {
  for (let i = data.length - 1; i >= 0; i--) if (Number.isFinite(data[i].y)) return data[i];
  return null;
}

export function latestSummary(title: string, datasets: Series[], format: (y: number) => string = short, xName = 'step'): string {
  const latest: { label: string; x: number; y: number }[] = [];
  for (const d of datasets) {
    if (isBandEdge(d.label)) continue;
    const last = lastFinite(d.data);
    if (last) latest.push({ label: d.label ?? '', ...last });
  }
  if (latest.length === 0) return `${title}: no data yet`;
  // Lines usually end at the same step; one that stopped early (a diverged seed) says where.
  const end = Math.max(...latest.map((p) => p.x));
  const parts = latest.map((p) => `${p.label} ${format(p.y)}${p.x === end ? '' : ` (at ${xName} ${p.x})`}`);
  return `${title}: ${parts.join(', ')} at ${xName} ${end}`;
}
