/**
 * Turns run series (as the state layer keeps them) into observations for the triggers.
 * Typed structurally rather than importing state/: explain/ sits below the state layer and
 * needs only these few fields.
 */
import type { RunStatus } from '../engine/events';
import type { ChaosReport } from '../engine/signal/chaos-report';
import type { VariantSpectrum } from '../engine/signal/spectrum';
import type { ChaosObservation, RunObservation, SpectrumObservation } from './context';

/** Largest difference between two units' incoming weights that still counts as "identical". */
export const IDENTICAL_SPREAD = 1e-6;

export interface SeriesLike {
  label: string;
  variant: number;
  status: RunStatus;
  divergedAt?: number;
  /** Kernels in model order; unitSpread lists them in the same order. */
  layers?: readonly { label: string; lsuv?: { scale: number; iterations: number } }[];
  evals: readonly {
    /** Steps done when evaluated; 0 is the picture at init. */
    step: number;
    /** Which BN statistics the activations were measured with (engine/events.ts EvalPoint.bnStats). */
    bnStats?: 'batch' | 'moving' | null;
    valAccuracy: number;
    /** Per kernel: largest |w − w′| between any unit's incoming weights and the first unit's. */
    unitSpread?: readonly number[];
    /** Per hidden activation: std over the probe batch, and the fraction of units never > 0 (NaN where undefined). */
    activations?: readonly { label: string; std: number; inactive: number }[];
  }[];
}

export function observeSeries(series: readonly SeriesLike[], presetClaim?: RunObservation['presetClaim']): RunObservation[] {
  return series.map((s, k) => {
    const obs: RunObservation = { label: s.label, variant: s.variant, status: s.status };
    if (s.divergedAt !== undefined) obs.divergedAt = s.divergedAt;
    const first = s.evals[0];
    const last = s.evals.length ? s.evals[s.evals.length - 1] : undefined;
    // A diverged run's last eval is from before the blow-up, so it is still a real number.
    if (last && Number.isFinite(last.valAccuracy)) obs.finalValAccuracy = last.valAccuracy;
    const acts = last?.activations;
    if (acts?.length) {
      obs.hiddenLabels = acts.map((a) => a.label);
      if (acts.every((a) => Number.isFinite(a.inactive))) obs.inactiveFraction = acts.map((a) => a.inactive);
    }
    const atInit = first?.step === 0 ? first.activations : undefined;
    if (atInit?.length) {
      obs.activationStdAtInit = atInit.map((a) => a.std);
      obs.bnStatsAtInit = first?.bnStats ?? null;
    }
    const spread = last?.unitSpread;
    if (spread && s.layers && spread.length === s.layers.length) {
      obs.identicalRows = s.layers.flatMap((layer, i) =>
        // The head's units are the classes: equal rows there are a consequence, not the symmetry itself.
        layer.label === 'out' || !Number.isFinite(spread[i]) ? [] : [{ layer: layer.label, identical: spread[i] <= IDENTICAL_SPREAD }],
      );
    }
    if (s.layers?.length && s.layers.every((l) => l.lsuv)) {
      obs.lsuv = s.layers.map((l) => ({ layer: l.label, scale: l.lsuv!.scale, iterations: l.lsuv!.iterations }));
    }
    // The claim is about the whole experiment: attach it once, so it is said once.
    if (presetClaim && k === 0) obs.presetClaim = presetClaim;
    return obs;
  });
}

/** What the isometry card quotes of a computed Jacobian spectrum: each variant that has one. */
export function observeSpectra(spectra: readonly VariantSpectrum[] | null, labels: readonly string[]): SpectrumObservation[] | undefined {
  if (!spectra) return undefined;
  return spectra
    .filter((s) => s.values.length > 0)
    .map((s) => ({
      label: labels[s.variant] ?? `variant ${s.variant + 1}`,
      variant: s.variant,
      meanSquare: s.meanSquare,
      theoryMeanSquare: s.theoryMeanSquare,
      smallest: s.values[s.values.length - 1],
      largest: s.values[0],
      count: s.values.length,
      relativeVariance: s.relativeVariance,
      theoryRelativeVariance: s.theoryRelativeVariance,
    }));
}

/** What the chaos card quotes of a computed edge-of-chaos report: each variant on the diagram. */
export function observeChaos(report: ChaosReport | null, labels: readonly string[], depth: number): ChaosObservation[] | undefined {
  if (!report) return undefined;
  return report.variants.flatMap((v) =>
    v.point
      ? [
          {
            label: labels[v.variant] ?? `variant ${v.variant + 1}`,
            variant: v.variant,
            sw2: v.point.sw2,
            sb2: v.point.sb2,
            phase: v.point.phase,
            chi1: v.point.chi1,
            cStar: v.point.cStar,
            depthScale: v.point.depthScale,
            depth,
          },
        ]
      : [],
  );
}
