/**
 * Chart.js datasets for "mean of the seeds, with a shaded band": per variant, a mean line and
 * two invisible edge lines whose gap the Filler plugin shades in the variant's colour.
 * Edge datasets are named "<variant> · min" / "· max" (or "· −1 sd" / "· +1 sd"), which reads
 * well in a tooltip and lets the legend leave them out (isBandEdge).
 */
import {
  bandEdges,
  evalBand,
  groupByVariant,
  stepBand,
  trainLoss,
  valAccuracy,
  valLoss,
  type BandKind,
  type BandPoint,
} from '../../state/aggregate';
import type { EvalRecord, RunSeries } from '../../state/run-series';
import { runStyle, type RunStyle } from '../charts/run-style';
import type { Series } from '../charts/series';

const EDGE_NAMES: Record<BandKind, [string, string]> = { minmax: ['min', 'max'], sd: ['−1 sd', '+1 sd'] };
const EDGE_SUFFIXES = Object.values(EDGE_NAMES)
  .flat()
  .map((name) => ` · ${name}`);

/** Legend filter: edge lines are part of the band, not series of their own. */
export function isBandEdge(label: string | undefined): boolean {
  return !!label && EDGE_SUFFIXES.some((suffix) => label.endsWith(suffix));
}

export function bandDescription(kind: BandKind): string {
  return kind === 'minmax' ? 'shaded: min–max over seeds' : 'shaded: ±1 sd over seeds';
}

/** "#0072B2" -> "rgba(0, 114, 178, 0.2)": the band in the line's own colour, see-through. */
export function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export interface BandStyle {
  /** Multiply every value (100 for a percentage). */
  scale?: number;
  /** Log axis: values <= 0 cannot be drawn and become gaps instead of wrecking the axis range. */
  log?: boolean;
  /** The run's secondary line (validation): its dash, and a fainter band. */
  dashed?: boolean;
  /** Point radius of the mean line: sparse evaluation series show their points. */
  pointRadius?: number;
  /** Draw the band (default: whenever some point has more than one seed). */
  band?: boolean;
}

function drawable(y: number, log: boolean): number {
  return log && !(y > 0) ? Number.NaN : y;
}

/** Mean line first (Chart.js draws the first dataset on top), then lower and upper edge. */
export function bandSeries(label: string, look: string | RunStyle, points: BandPoint[], kind: BandKind, style: BandStyle = {}): Series[] {
  const { scale = 1, log = false, dashed = false, pointRadius = 0 } = style;
  // A bare colour is a browser run's look (what the tests and one-off bands pass).
  const { colour, dash, secondaryDash } = typeof look === 'string' ? { ...runStyle({ variant: 0 }), colour: look } : look;
  const meanLine: Series = {
    label,
    data: points.map((p) => ({ x: p.x, y: drawable(p.mean * scale, log) })),
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2,
    borderDash: dashed ? secondaryDash : dash,
    pointRadius,
    fill: false,
  };
  const showBand = style.band ?? points.some((p) => p.n > 1);
  if (!showBand) return [meanLine];
  const [lowName, highName] = EDGE_NAMES[kind];
  const edge = (name: string, side: 0 | 1, fill: false | '-1'): Series => ({
    label: `${label} · ${name}`,
    data: points.map((p) => ({ x: p.x, y: drawable(bandEdges(p, kind)[side] * scale, log) })),
    borderColor: 'transparent',
    backgroundColor: translucent(colour, dashed ? 0.12 : 0.22),
    borderWidth: 0,
    pointRadius: 0,
    pointHitRadius: 0,
    fill,
  });
  return [meanLine, edge(lowName, 0, false), edge(highName, 1, '-1')];
}

/** A variant's seeds all look like the variant (its first run says whether it was imported). */
function groupStyle(g: { variant: number; runs: RunSeries[] }): RunStyle {
  return runStyle({ variant: g.variant, runId: g.runs[0]?.runId });
}

/** One banded series per variant for any per-step picker (training loss, a layer's gradient norm). */
export function stepBandDatasets(
  runs: RunSeries[],
  pick: (run: RunSeries) => number[],
  kind: BandKind,
  style: BandStyle = {},
  suffix = '',
): Series[] {
  return groupByVariant(runs).flatMap((g) => bandSeries(g.label + suffix, groupStyle(g), stepBand(g.runs, pick), kind, style));
}

/** One banded series per variant for any evaluation picker (val loss, accuracy, a layer's std…). */
export function evalBandDatasets(
  runs: RunSeries[],
  pick: (e: EvalRecord) => number,
  kind: BandKind,
  style: BandStyle = {},
  suffix = '',
): Series[] {
  return groupByVariant(runs).flatMap((g) =>
    bandSeries(g.label + suffix, groupStyle(g), evalBand(g.runs, pick), kind, { pointRadius: 2, ...style }),
  );
}

/**
 * Loss: training loss per step, mean and band, and validation loss (dashed, mean only unless
 * `validationBand`: two bands per variant get hard to read).
 */
export function lossBandDatasets(runs: RunSeries[], kind: BandKind, opts: { log?: boolean; validationBand?: boolean } = {}): Series[] {
  const train = stepBandDatasets(runs, trainLoss, kind, { log: opts.log }, ' train');
  const validation = evalBandDatasets(
    runs,
    valLoss,
    kind,
    { log: opts.log, dashed: true, band: opts.validationBand ? undefined : false },
    ' validation',
  );
  return [...train, ...validation];
}

/** Validation accuracy in percent, mean and band per variant. */
export function accuracyBandDatasets(runs: RunSeries[], kind: BandKind): Series[] {
  return evalBandDatasets(runs, valAccuracy, kind, { scale: 100 });
}
