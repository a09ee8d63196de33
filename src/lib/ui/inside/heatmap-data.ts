/**
 * Layer x evaluation-step grid of one run's inactive-unit fraction, and the colour scale it is
 * painted with. The scale is ColorBrewer YlGnBu: lightness falls monotonically from 0 to 1,
 * so it reads the same with every common colour-vision deficiency and in greyscale. On the
 * dark scheme its darkest third (navy) would vanish into the background exactly where a layer
 * is all dead, so there the scale stops at a blue that still reaches 3:1 on the dark panel:
 * light still means none and dark still means all, in both schemes.
 */
import { offUnitWord } from '../../engine/unit-activity';
import type { RunSeries } from '../../state/run-series';
import { percent } from '../../percent';
import type { Scheme } from '../charts/palette';

export const HEAT_STOPS = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'];

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** How far along the stops 100% goes, per scheme (see the header). */
export const HEAT_END: Record<Scheme, number> = { light: 1, dark: 0.68 };

/** Colour of a fraction in [0, 1] (clamped), interpolated between neighbouring stops. */
export function heatColour(t: number, scheme: Scheme = 'light'): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const pos = clamped * HEAT_END[scheme] * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(pos));
  const f = pos - i;
  const [a, b] = [rgb(HEAT_STOPS[i]), rgb(HEAT_STOPS[i + 1])];
  const mix = a.map((c, k) => Math.round(c + (b[k] - c) * f));
  return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

/** The same scale as a CSS gradient, for the legend bar beside the heatmap. */
export function heatGradient(scheme: Scheme): string {
  const samples = Array.from({ length: HEAT_STOPS.length }, (_, i) => heatColour(i / (HEAT_STOPS.length - 1), scheme));
  return `linear-gradient(to right, ${samples.join(', ')})`;
}

export interface HeatCell {
  /** Evaluation step, as a category label: cells are equally wide even if evaluations are not evenly spaced. */
  x: string;
  /** Layer label. */
  y: string;
  /** Inactive fraction, 0..1. */
  v: number;
}

export interface HeatGrid {
  steps: string[];
  layers: string[];
  cells: HeatCell[];
}

/** One cell per hidden layer and evaluation; NaN cells (no inactive state) are left out. */
export function inactiveGrid(run: RunSeries | undefined): HeatGrid {
  const evals = run?.evals ?? [];
  const layers = evals[0]?.activations.map((a) => a.label) ?? [];
  const steps = evals.map((e) => String(e.step));
  const cells: HeatCell[] = [];
  for (const e of evals) {
    e.activations.forEach((a, l) => {
      if (Number.isFinite(a.inactive)) cells.push({ x: String(e.step), y: layers[l] ?? a.label, v: a.inactive });
    });
  }
  return { steps, layers, cells };
}

/**
 * Whether this run's activation can leave units inactive at all. Unknown (null) before the
 * first evaluation; false for tanh/sigmoid/linear/selu, whose records carry NaN.
 */
export function hasInactiveState(run: RunSeries | undefined): boolean | null {
  const first = run?.evals[0];
  if (!first || first.activations.length === 0) return null;
  return first.activations.some((a) => Number.isFinite(a.inactive));
}

/** "Dead units" for ReLU, "Inactive units" where a unit below 0 still gets a gradient (unit-activity.ts). */
export function offUnitsName(run: RunSeries | undefined): string {
  return run?.activation && offUnitWord(run.activation) === 'dead' ? 'Dead units' : 'Inactive units';
}

/** "Dead units: L1 0%, L2 35% at step 375" (the latest evaluation). */
export function deadSummary(run: RunSeries | undefined): string {
  const last = run?.evals[run.evals.length - 1];
  if (!last) return `${offUnitsName(run)}: no evaluation yet`;
  const parts = last.activations.map((a) => `${a.label} ${percent(a.inactive)}`);
  return `${offUnitsName(run)}: ${parts.join(', ')} at step ${last.step}`;
}
