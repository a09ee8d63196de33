/**
 * The Jacobian spectrum as a chart and as sentences: a histogram of log₁₀ σ per variant
 * (singular values span decades, and isometry is a spike at 0), and for each variant its
 * mean σ² beside the mean-field prediction and the spread the mean does not show.
 */
import { fussCatalanMass } from '../../engine/signal/fuss-catalan';
import { quantileOf, type VariantSpectrum } from '../../engine/signal/spectrum';
import { short } from '../inside/format';
import { runStyle } from './run-style';
import type { Series } from './series';

const BINS = 40;
/** Below this a singular value is a lost direction, drawn at the floor (log₁₀ of 0 is −∞). */
const FLOOR = 1e-6;

const log10 = (v: number) => Math.log10(Math.max(v, FLOOR));

/** Share of each variant's values (%) in BINS equal bins of log₁₀ σ spanning every variant. */
export function spectrumDatasets(spectra: readonly VariantSpectrum[], labels: readonly string[]): Series[] {
  const shown = spectra.filter((s) => s.values.length > 0);
  if (shown.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of shown) {
    lo = Math.min(lo, log10(s.values[s.values.length - 1]));
    hi = Math.max(hi, log10(s.values[0]));
  }
  // An exact isometry puts every value in one spot: give the axis a width to draw it on.
  if (hi - lo < 0.2) [lo, hi] = [(lo + hi) / 2 - 0.1, (lo + hi) / 2 + 0.1];
  const width = (hi - lo) / BINS;
  const centre = (i: number) => Number((lo + (i + 0.5) * width).toFixed(4));
  const binOf = (logSigma: number) => Math.min(BINS - 1, Math.max(0, Math.floor((logSigma - lo) / width)));
  return shown.flatMap((s) => {
    const counts = new Array<number>(BINS).fill(0);
    for (const v of s.values) counts[binOf(log10(v))]++;
    const style = runStyle({ variant: s.variant });
    const label = labels[s.variant] ?? `variant ${s.variant + 1}`;
    const line = (name: string, shares: number[], theory: boolean): Series => ({
      label: name,
      data: shares.map((y, i) => ({ x: centre(i), y })),
      borderColor: style.colour,
      backgroundColor: style.colour,
      borderWidth: theory ? 1.5 : 2,
      borderDash: theory ? style.secondaryDash : undefined,
      pointRadius: 0,
      stepped: 'middle' as const,
    });
    const measured = line(
      label,
      counts.map((c) => (100 * c) / s.values.length),
      false,
    );
    const theory = theoryShares(s, lo, width, binOf);
    return theory ? [measured, line(`${label} theory (${theory.name})`, theory.shares, true)] : [measured];
  });
}

/** The law's share (%) of each bin of log₁₀ σ, scaled to the predicted mean square. */
function theoryShares(
  s: VariantSpectrum,
  lo: number,
  width: number,
  binOf: (logSigma: number) => number,
): { name: string; shares: number[] } | null {
  const m = s.theoryMeanSquare;
  if (!s.law || m === null || !(m > 0)) return null;
  const shares = new Array<number>(BINS).fill(0);
  if (s.law.kind === 'isometry') {
    shares[binOf(Math.log10(Math.sqrt(m)))] = 100;
    return { name: 'isometry', shares };
  }
  // Bin i holds σ with log₁₀ σ in [lo + i·w, lo + (i+1)·w), i.e. x = σ²/m in [10^(2·a)/m, 10^(2·b)/m).
  const edges = Array.from({ length: BINS + 1 }, (_, i) => 10 ** (2 * (lo + i * width)) / m);
  const mass = fussCatalanMass(s.law.factors, edges);
  return { name: `Fuss–Catalan, ${s.law.factors} layers`, shares: mass.map((p) => 100 * p) };
}

/** One sentence per variant: the mean against theory, and the spread (middle 80% and the extremes). */
export function spectrumLines(spectra: readonly VariantSpectrum[], labels: readonly string[]): string[] {
  return spectra.map((s) => {
    const label = labels[s.variant] ?? `variant ${s.variant + 1}`;
    if (s.why) return `${label}: ${s.why}`;
    const theory = s.theoryMeanSquare === null ? '' : ` (mean field: ${short(s.theoryMeanSquare)})`;
    const spread = `middle 80% of σ in [${short(quantileOf(s.values, 0.1))}, ${short(quantileOf(s.values, 0.9))}], all in [${short(s.values[s.values.length - 1])}, ${short(s.values[0])}]`;
    const width =
      s.theoryRelativeVariance === null
        ? ''
        : `; spread Var(σ²)/E[σ²]² ${short(s.relativeVariance)} (free probability: ${short(s.theoryRelativeVariance)}; 0 is isometry)`;
    return `${label}: mean σ² ${short(s.meanSquare)}${theory}; ${spread}, over ${s.values.length} values at ${s.inputs} digit${s.inputs === 1 ? '' : 's'}${width}`;
  });
}

/** σ's median (solid) and its 10th and 90th percentiles (thin, dashed) at each depth of ∂x_l/∂x₁, per variant. */
export function depthSpreadDatasets(spectra: readonly VariantSpectrum[], labels: readonly string[]): Series[] {
  return spectra.flatMap((s) => {
    if (s.byDepth.length === 0) return [];
    const style = runStyle({ variant: s.variant });
    const label = labels[s.variant] ?? `variant ${s.variant + 1}`;
    const line = (name: string, pick: (d: VariantSpectrum['byDepth'][number]) => number, outer: boolean): Series => ({
      label: `${label} ${name}`,
      data: s.byDepth.map((d) => ({ x: d.layer, y: Math.max(pick(d), 1e-12) })),
      borderColor: style.colour,
      backgroundColor: style.colour,
      borderWidth: outer ? 1 : 2,
      borderDash: outer ? style.secondaryDash : style.dash,
      pointRadius: outer ? 0 : 2,
    });
    return [line('median σ', (d) => d.p50, false), line('10% σ', (d) => d.p10, true), line('90% σ', (d) => d.p90, true)];
  });
}
