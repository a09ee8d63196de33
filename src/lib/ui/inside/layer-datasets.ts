/**
 * One line per layer over the evaluation steps of one run: kernel numbers (weight norm,
 * update/weight ratio) are per kernel, activation numbers (std, inactive fraction) per hidden
 * layer. Layer colours run dark (input side) to light (output side), as in the gradient chart.
 */
import type { ActivationStats } from '../../engine/events';
import type { RunSeries } from '../../state/run-series';
import { layerStyle, referenceStyle } from '../charts/run-style';
import type { Series } from '../charts/series';

/** Values <= 0 have no place on a log axis: drawn as gaps rather than dragging the axis to 0. */
function drawable(y: number, log: boolean): number {
  return log && !(y > 0) ? Number.NaN : y;
}

function line(label: string, colour: string, data: { x: number; y: number }[]): Series {
  return { label, data, borderColor: colour, backgroundColor: colour, borderWidth: 1.5, pointRadius: 2 };
}

export type KernelField = 'weightNorms' | 'updateRatios';

/** Kernel labels come from the run's layer list ("L1", …, "out"). */
export function kernelDatasets(run: RunSeries | undefined, field: KernelField, log: boolean): Series[] {
  if (!run) return [];
  const count = Math.max(run.layers.length, ...run.evals.map((e) => e[field].length));
  return Array.from({ length: count }, (_, k) =>
    line(
      run.layers[k]?.label ?? `L${k + 1}`,
      layerStyle(k, count).colour,
      run.evals.map((e) => ({ x: e.step, y: drawable(e[field][k] ?? Number.NaN, log) })),
    ),
  );
}

export type ActivationField = 'std' | 'mean' | 'inactive';

/** Hidden-layer labels come from the activation records themselves. */
export function activationLabels(run: RunSeries | undefined): string[] {
  const first = run?.evals[0];
  return first ? first.activations.map((a) => a.label) : [];
}

export function activationDatasets(
  run: RunSeries | undefined,
  field: ActivationField,
  opts: { log?: boolean; scale?: number } = {},
): Series[] {
  const { log = false, scale = 1 } = opts;
  const labels = activationLabels(run);
  if (!run) return [];
  return labels.map((label, l) =>
    line(
      label,
      layerStyle(l, labels.length).colour,
      run.evals.map((e) => {
        const a: ActivationStats | undefined = e.activations[l];
        return { x: e.step, y: drawable(a ? a[field] * scale : Number.NaN, log) };
      }),
    ),
  );
}

/** A dashed horizontal reference across the run's evaluation steps (a rule of thumb, not data). */
export function referenceLine(label: string, y: number, run: RunSeries | undefined): Series[] {
  const steps = run?.evals.map((e) => e.step) ?? [];
  if (steps.length === 0) return [];
  const from = Math.min(...steps);
  const to = Math.max(...steps);
  const { colour, dash } = referenceStyle();
  return [
    {
      label,
      data: [
        { x: from, y },
        { x: to === from ? from + 1 : to, y },
      ],
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.5,
      borderDash: dash,
      pointRadius: 0,
    },
  ];
}
