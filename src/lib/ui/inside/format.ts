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

/** A fraction as a percentage; "–" when it does not apply (NaN). */
export function percent(fraction: number, digits = 0): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '–';
}

/** "L3 · mean 0.12 · std 0.54": the title of one layer's histogram. */
export function layerTitle(label: string, mean: number, std: number): string {
  return `${label} · mean ${short(mean)} · std ${short(std)}`;
}
