/**
 * The cells of the variant summary table as text: what a person comparing variants reads
 * first, so "never", "not yet" and "–" are spelled out rather than left as null or NaN.
 */
import type { VariantSummary } from '../../state/aggregate';
import { percent } from '../../percent';

export function lossCell(s: VariantSummary): string {
  return Number.isFinite(s.finalTrainLoss) ? s.finalTrainLoss.toFixed(4) : '–';
}

/** "97.1%", or "97.1% (96.8–97.4)" across seeds. */
export function accuracyCell(s: VariantSummary): string {
  const a = s.finalValAccuracy;
  if (!a) return '–';
  const mean = percent(a.mean, 1);
  return s.seeds > 1 ? `${mean} (${(a.min * 100).toFixed(1)}–${(a.max * 100).toFixed(1)})` : mean;
}

/** Median steps to 90%, with the per-seed values when there are several; "never"/"not yet" otherwise. */
export function stepsTo90Cell(s: VariantSummary): string {
  const { perSeed, median } = s.stepsTo90;
  if (median !== null) {
    return perSeed.length > 1 ? `${median} (median; ${perSeed.join(', ')})` : String(median);
  }
  const reached = perSeed.filter((v) => v !== null).length;
  const word = s.live ? 'not yet' : 'never';
  return perSeed.length > 1 && reached > 0 ? `${word} (${reached}/${perSeed.length} seeds reached)` : word;
}

/** "no", "at step 12", or "#2 at step 12, #3 at step 40" for several seeds. */
export function divergedCell(s: VariantSummary): string {
  if (s.diverged.length === 0) return 'no';
  return s.diverged.map((d) => (s.seeds > 1 ? `#${d.seed} at step ${d.step}` : `at step ${d.step}`)).join(', ');
}

/** Max over layers as a percentage, "–" for activations without a dead or inactive state. */
export function inactiveCell(s: VariantSummary): string {
  const { max, perLayer } = s.finalInactive;
  if (!Number.isFinite(max)) return '–';
  const worst = perLayer.find((p) => p.value === max);
  return worst && perLayer.length > 1 ? `${percent(max)} (${worst.label})` : percent(max);
}

/** Every layer's value, for the cell's tooltip. */
export function inactiveDetail(s: VariantSummary): string {
  const finite = s.finalInactive.perLayer.filter((p) => Number.isFinite(p.value));
  return finite.length
    ? finite.map((p) => `${p.label} ${percent(p.value, 1)}`).join(', ')
    : 'no dead or inactive state for this activation';
}
