/**
 * Number formats shared by the "inside the network" views: short, and never "0.00" for a
 * value that is small but not zero (a collapsed std of 1e-5 is the whole story).
 */

/** Two decimals in the everyday range, else one-digit scientific: 0.12, 3.40, 1.2e-5, 2.3e+4. */
export function short(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 0.01 && a < 1000 ? v.toFixed(2) : v.toExponential(1);
}

/** "L3 · mean 0.12 · std 0.54": the title of one layer's histogram. */
export function layerTitle(label: string, mean: number, std: number): string {
  return `${label} · mean ${short(mean)} · std ${short(std)}`;
}

/** What batch norm used in one evaluation's activation figures (engine/events.ts EvalPoint.bnStats). */
export function bnStatsLabel(bnStats: 'batch' | 'moving' | null | undefined): string {
  if (bnStats === 'batch') return 'BN: batch statistics';
  if (bnStats === 'moving') return 'BN: moving statistics';
  return '';
}

/**
 * For a run with batch norm, which statistics its activation figures were measured with, in a
 * sentence; null for a run without BN (both modes compute the same thing there).
 */
export function bnStatsNote(evals: readonly { bnStats?: 'batch' | 'moving' | null }[]): string | null {
  if (!evals.some((e) => e.bnStats === 'batch' || e.bnStats === 'moving')) return null;
  return (
    'Batch norm: step 0 is measured with the probe batch’s own statistics, as the first training step computes them ' +
    '(the moving statistics are still mean 0, variance 1 then, and would show the net as if BN were off); later steps ' +
    'use the moving statistics that evaluation uses.'
  );
}
