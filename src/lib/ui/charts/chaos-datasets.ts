/**
 * The edge-of-chaos view as charts and sentences: the order/chaos boundary with each
 * variant's point on it, the correlation of two digits across depth (measured solid,
 * mean-field dashed), and per variant its phase and depth scale in words.
 */
import type { ChaosReport } from '../../engine/signal/chaos-report';
import type { Activation } from '../../experiment/config';
import { short } from '../inside/format';
import { referenceStyle, runStyle } from './run-style';
import type { Series } from './series';

/** Schoenholz et al. (2017): signals, and trainability, reach about this many depth scales. */
export const TRAINABLE_DEPTH_SCALES = 6;

const labelOf = (labels: readonly string[], v: number) => labels[v] ?? `variant ${v + 1}`;

export function phaseDatasets(report: ChaosReport, labels: readonly string[]): Series[] {
  const edge = referenceStyle();
  const sets: Series[] = [
    {
      label: 'edge of chaos (χ₁ = 1)',
      data: report.boundary.map((p) => ({ x: p.sw2, y: p.sb2 })),
      borderColor: edge.colour,
      backgroundColor: edge.colour,
      borderWidth: 2,
      pointRadius: 0,
    },
  ];
  for (const v of report.variants) {
    if (!v.point) continue;
    const { colour } = runStyle({ variant: v.variant });
    sets.push({
      label: labelOf(labels, v.variant),
      data: [{ x: v.point.sw2, y: v.point.sb2 }],
      borderColor: colour,
      backgroundColor: colour,
      pointRadius: 6,
      showLine: false,
    });
  }
  return sets;
}

/** The σ_w² axis: from 0 to past both the edge and every variant, so a vertical edge (ReLU, linear) is not the whole axis. */
export function phaseRange(report: ChaosReport): { min: number; max: number } {
  const xs = [...report.boundary.map((p) => p.sw2), ...report.variants.flatMap((v) => (v.point ? [v.point.sw2] : []))];
  return { min: 0, max: Math.max(1, ...xs.filter(Number.isFinite)) * 1.25 };
}

export function correlationDatasets(report: ChaosReport, labels: readonly string[]): Series[] {
  return report.variants.flatMap((v) => {
    if (!v.profile) return [];
    const style = runStyle({ variant: v.variant });
    const label = labelOf(labels, v.variant);
    const line = (values: number[]) => values.map((y, i) => ({ x: i + 1, y }));
    return [
      {
        label: `${label} measured`,
        data: line(v.profile.measured),
        borderColor: style.colour,
        backgroundColor: style.colour,
        borderWidth: 2,
        pointRadius: 2,
      },
      {
        label: `${label} mean field`,
        data: line(v.profile.predicted),
        borderColor: style.colour,
        backgroundColor: style.colour,
        borderWidth: 1.5,
        borderDash: style.secondaryDash,
        pointRadius: 0,
      },
    ];
  });
}

/** One sentence per variant: where it sits, its phase, and how deep its signals reach against its depth. */
export function chaosLines(report: ChaosReport, labels: readonly string[], depth: number, act: Activation): string[] {
  return report.variants.map((v) => {
    const label = labelOf(labels, v.variant);
    if (!v.point) return `${label}: ${v.why}`;
    const p = v.point;
    if (p.phase === 'unbounded') {
      return `${label}: σ_w² = ${short(p.sw2)}, σ_b² = ${short(p.sb2)}: χ₁ = ${short(p.chi1)} > 1 and ${act} is scale-free, so the signal's variance grows by that factor every layer, without a fixed point.`;
    }
    const where = `σ_w² = ${short(p.sw2)}, σ_b² = ${short(p.sb2)}`;
    const phase =
      p.phase === 'chaotic'
        ? `chaotic (χ₁ = ${short(p.chi1)} > 1): two inputs decorrelate toward c* = ${short(p.cStar)}`
        : `ordered (χ₁ = ${short(p.chi1)} < 1): every input is driven toward the same output, c* = 1`;
    if (!Number.isFinite(p.depthScale)) return `${label}: ${where}, on the edge of chaos: the depth scale diverges.`;
    const reach = TRAINABLE_DEPTH_SCALES * p.depthScale;
    const verdict =
      depth <= reach
        ? `your ${depth} hidden layers are within that`
        : `your ${depth} hidden layers are beyond the depth Schoenholz et al. (2017) found such nets to train to`;
    return `${label}: ${where}, ${phase}. Depth scale ξ_c = ${short(p.depthScale)} layers; signals reach about ${TRAINABLE_DEPTH_SCALES}·ξ_c = ${short(reach)}, and ${verdict}.`;
  });
}
