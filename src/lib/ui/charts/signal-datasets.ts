/**
 * Datasets for the signal-propagation chart: per variant, the measured std at each hidden
 * layer (solid, with points) and the mean-field prediction (dashed), in the variant's colour.
 * A prediction the lab has not checked against measurement (engine/signal/theory-exactness.ts)
 * says "approximate" in its legend label, in the chart's accessible summary and in its notes.
 */
import type { SignalProfile } from '../../engine/signal/probe';
import { runStyle } from './run-style';
import type { Series } from './series';

export type SignalDirection = 'forward' | 'backward';

/** Zero, negative and non-finite values (a dead layer, an overflow) are gaps, not points at 0. */
function point(y: number | undefined, x: number, logY: boolean): { x: number; y: number } {
  const ok = y !== undefined && Number.isFinite(y) && (!logY || y > 0);
  return { x, y: ok ? y : Number.NaN };
}

function measured(p: SignalProfile, direction: SignalDirection): number[] {
  return direction === 'forward' ? p.forwardStd : p.backwardStd;
}

function predicted(p: SignalProfile, direction: SignalDirection): number[] | null {
  if (!p.theory) return null;
  return direction === 'forward' ? p.theory.forwardStd : p.theory.backwardStd;
}

function labelOf(p: SignalProfile, variantLabels: string[]): string {
  return variantLabels[p.variantIndex] ?? `variant ${p.variantIndex + 1}`;
}

/** "theory", or "approximate theory" where the curve has not been checked against measurement. */
export function theoryName(p: SignalProfile): string {
  return p.theory?.exactness.level === 'approximate' ? 'approximate theory' : 'theory';
}

export function signalDatasets(profiles: SignalProfile[], variantLabels: string[], direction: SignalDirection, logY: boolean): Series[] {
  return profiles.flatMap((p) => {
    const { colour, dash, secondaryDash } = runStyle({ variant: p.variantIndex });
    const label = labelOf(p, variantLabels);
    const out: Series[] = [
      {
        label: `${label} measured`,
        data: measured(p, direction).map((y, i) => point(y, i + 1, logY)),
        borderColor: colour,
        backgroundColor: colour,
        borderDash: dash,
        borderWidth: 2,
        pointRadius: 3,
      },
    ];
    const theory = predicted(p, direction);
    if (theory) {
      out.push({
        label: `${label} ${theoryName(p)}`,
        data: theory.map((y, i) => point(y, i + 1, logY)),
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 1.5,
        borderDash: secondaryDash,
        pointRadius: 0,
      });
    }
    return out;
  });
}

function fmt(y: number | undefined): string {
  return y === undefined || !Number.isFinite(y) ? '–' : y.toPrecision(2);
}

/** One line per variant for the canvas's accessible name: first and last layer, measured and predicted. */
export function signalSummary(profiles: SignalProfile[], variantLabels: string[], direction: SignalDirection): string {
  const what = direction === 'forward' ? 'Activation std' : 'Gradient std';
  const parts = profiles.map((p) => {
    const m = measured(p, direction);
    const t = predicted(p, direction);
    const first = p.labels[0] ?? 'L1';
    const last = p.labels[p.labels.length - 1] ?? `L${m.length}`;
    const theory = t ? ` (${theoryName(p)} ${fmt(t[0])} → ${fmt(t[t.length - 1])})` : ' (no theory)';
    return `${labelOf(p, variantLabels)}: ${first} ${fmt(m[0])} → ${last} ${fmt(m[m.length - 1])}${theory}`;
  });
  return `${what} by depth at init. ${parts.join('; ')}.`;
}

/** The distinct assumptions behind the dashed curves, whether each was checked, and why a variant has none. */
export function theoryNotes(profiles: SignalProfile[], variantLabels: string[]): string[] {
  const notes = new Set<string>();
  for (const p of profiles) {
    if (p.theory) {
      notes.add(p.theory.note);
      notes.add(p.theory.exactness.reason);
    } else notes.add(`${labelOf(p, variantLabels)}: no theory curve. ${p.noTheoryReason ?? ''}`.trim());
  }
  return [...notes];
}

/** Labels of the variants whose dashed curve in this direction is approximate (empty when all were checked). */
export function approximateVariants(profiles: SignalProfile[], variantLabels: string[], direction: SignalDirection): string[] {
  return profiles
    .filter((p) => predicted(p, direction) !== null && p.theory?.exactness.level === 'approximate')
    .map((p) => labelOf(p, variantLabels));
}
