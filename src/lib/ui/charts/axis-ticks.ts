/**
 * Tick rules that keep every axis readable at any chart size. Chart.js's own ticks put
 * fractional values on a layer or step axis (1.00, 1.10, …) and, on a log axis, label every
 * 1-2-5 step (or, inside one decade, a crowd of near-equal values: 0.795 0.789 0.788).
 * The rules are pure functions of the axis range and of how many labels fit; `readableTicks`
 * puts them on a Chart.js scale after it has built its own.
 */
import { Ticks, type Scale, type Tick } from 'chart.js';

/** A tick the rules chose, with its label (the grid line is drawn at `value`). */
export interface AxisTick {
  value: number;
  label: string;
}

/** 1e-3, 0.01, 0.5, 20, 1e4: powers of ten outside [0.01, 1e4) in scientific form. */
export function logTickLabel(value: number): string {
  if (!(value > 0)) return '';
  if (value >= 1e4 || value < 1e-2) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** The 1-2-5 step at or above `raw` (raw > 0). */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** The finest 1-2-5 step (at least `least`) whose multiples inside [min, max] number at most `count`. */
function finestStep(min: number, max: number, count: number, least: number): number {
  let step = Math.max(least, niceStep(Math.max(max - min, Number.MIN_VALUE) / (count * 4)));
  while (multiples(min, max, step).length > count) step = niceStep(step * 1.5);
  return step;
}

/** Multiples of `step` inside [min, max], snapped so 0.1 + 0.2 prints as 0.3. */
function multiples(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max * (1 + 1e-12) + 1e-12; k++) out.push(Number((k * step).toFixed(digits)));
  return out;
}

/**
 * Integer ticks for a layer, block or step axis: whole numbers only, a 1-2-5 multiple apart,
 * at most `maxCount` of them. 1..8 with room for 8 gives 1, 2, …, 8; an axis narrower than
 * one unit still gets its whole numbers, never 1.1.
 */
export function integerTicks(min: number, max: number, maxCount: number): AxisTick[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const count = Math.max(2, Math.floor(maxCount));
  return multiples(min, max, finestStep(min, max, count, 1)).map((value) => ({ value, label: String(value) }));
}

/** Labels of a linear run of ticks `step` apart: as many decimals as the step needs, no more. */
function stepLabel(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  if (value !== 0 && (Math.abs(value) < 1e-2 || Math.abs(value) >= 1e4))
    return value.toExponential(Math.min(3, Math.max(0, decimals + Math.floor(Math.log10(Math.abs(value)))))).replace('e+', 'e');
  return value.toFixed(decimals);
}

/**
 * Log-axis ticks: the powers of ten inside [min, max] (every second, third… one when more
 * decades than `maxCount` fit), plus 2× and 5× of each decade when the axis holds at most two
 * decades and there is room. An axis spanning less than a decade (0.788 to 0.795) gets a few
 * evenly spaced, distinctly labelled values (at most four), never a crowd.
 */
export function logTicks(min: number, max: number, maxCount: number): AxisTick[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const count = Math.max(2, Math.floor(maxCount));
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const decades = hi - lo + 1;
  if (decades >= 2) {
    const every = Math.ceil(decades / count);
    const powers: number[] = [];
    for (let k = lo; k <= hi; k++) if ((k - lo) % every === 0) powers.push(k);
    let values = powers.map((k) => Number(`1e${k}`));
    const withSteps = values.flatMap((v) => [v, 2 * v, 5 * v]).filter((v) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9));
    // The intermediates before the first power too (0.3 to 10: 0.5 gets a label).
    const before = [2, 5].map((m) => m * Number(`1e${lo - 1}`)).filter((v) => v >= min * (1 - 1e-9));
    const all = [...before, ...withSteps];
    if (decades <= 2 && every === 1 && all.length <= count) values = all;
    return values.map((value) => ({ value, label: logTickLabel(value) }));
  }
  // Less than a decade (or one power of ten inside): a short linear run, well apart.
  const target = Math.min(count, 4);
  const step = finestStep(min, max, target, 0);
  const values = multiples(min, max, step);
  if (values.length === 0) return [{ value: min, label: logTickLabel(min) }];
  return values.map((value) => ({ value, label: stepLabel(value, step) }));
}

/** Room a label needs along the axis, in CSS pixels: its line height up a y axis, its width along x. */
const Y_LABEL_PX = 24;
const X_LABEL_PX = 56;

/** How many labels fit on a scale of this length without overlapping. */
export function labelsThatFit(lengthPx: number, horizontal: boolean): number {
  return Math.max(2, Math.floor(lengthPx / (horizontal ? X_LABEL_PX : Y_LABEL_PX)));
}

/** Label of a tick that `readableTicks` chose (Chart.js calls this after it). */
export function compactTick(this: Scale, value: number | string, index: number, ticks: Tick[]): string {
  const chosen = (ticks[index] as (Tick & { text?: string }) | undefined)?.text;
  if (chosen !== undefined) return chosen;
  if (this.type === 'logarithmic') return logTickLabel(Number(value));
  return Ticks.formatters.numeric.call(this, Number(value), index, ticks);
}

/**
 * `afterBuildTicks` for a chart's scales: a log axis gets `logTicks`, an integer axis (`integer`:
 * layer, block, step) `integerTicks`, each as many as fit its current length; other axes keep
 * Chart.js's ticks. Use with `ticks.callback: compactTick`.
 */
export function readableTicks(integer: boolean): (scale: Scale) => void {
  return (scale) => {
    const horizontal = scale.isHorizontal();
    const fit = labelsThatFit(horizontal ? scale.width : scale.height, horizontal);
    const chosen =
      scale.type === 'logarithmic' ? logTicks(scale.min, scale.max, fit) : integer ? integerTicks(scale.min, scale.max, fit) : null;
    if (chosen) scale.ticks = chosen.map((t) => ({ value: t.value, text: t.label }) as Tick);
  };
}

/** A value in a tooltip: four significant digits, scientific when tiny or huge. */
export function tooltipValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(3).replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}
