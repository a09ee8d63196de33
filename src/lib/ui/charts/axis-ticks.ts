/**
 * Y-axis tick labels that stay readable on a log axis. Chart.js's own log labels print
 * "10,000.0000" and "0.00010" and label every 1-2-5 step, which turns a six-decade axis
 * (update ratios, a collapsing std) into a wall of digits. Linear axes keep Chart.js's format.
 */
import { Ticks, type Scale, type Tick } from 'chart.js';

/** 1e-3, 0.01, 0.5, 20, 1e4: powers of ten outside [0.01, 1e4) in scientific form. */
export function logTickLabel(value: number): string {
  if (!(value > 0)) return '';
  if (value >= 1e4 || value < 1e-2) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** Above this many decades, only powers of ten get a label (the grid lines stay). */
const DECADES_FOR_POWERS_ONLY = 2;

export function compactTick(this: Scale, value: number | string, index: number, ticks: Tick[]): string {
  if (this.type !== 'logarithmic') return Ticks.formatters.numeric.call(this, Number(value), index, ticks);
  const v = Number(value);
  const decade = Math.log10(v);
  const power = Math.abs(decade - Math.round(decade)) < 1e-9;
  const span = this.max > 0 && this.min > 0 ? Math.log10(this.max / this.min) : Number.POSITIVE_INFINITY;
  return power || span <= DECADES_FOR_POWERS_ONLY ? logTickLabel(v) : '';
}
