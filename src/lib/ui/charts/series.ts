import type { ChartDataset } from 'chart.js';
import type { RunSeries } from '../../state/run-series';
import { layerStyle, runStyle } from './run-style';

export type Series = ChartDataset<'line', { x: number; y: number }[]>;

function perStep(values: number[]): { x: number; y: number }[] {
  return values.map((y, i) => ({ x: i + 1, y }));
}

/** Training loss per step (thin) and validation loss at each evaluation (dashed, with points). */
export function lossDatasets(runs: RunSeries[]): Series[] {
  return runs.flatMap((run) => {
    const { colour, dash, secondaryDash } = runStyle(run);
    return [
      {
        label: `${run.label} train`,
        data: perStep(run.loss),
        borderColor: colour,
        backgroundColor: colour,
        borderDash: dash,
        borderWidth: 1,
        pointRadius: 0,
      },
      {
        label: `${run.label} validation`,
        data: run.evals.map((e) => ({ x: e.step, y: e.valLoss })),
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 2,
        borderDash: secondaryDash,
        pointRadius: 2,
      },
    ];
  });
}

/** One line per layer, input side dark, output side light. */
export function gradNormDatasets(run: RunSeries | undefined): Series[] {
  if (!run) return [];
  return run.gradNorms.map((norms, layer) => {
    const { colour } = layerStyle(layer, run.gradNorms.length);
    return {
      label: run.layers[layer]?.label ?? `L${layer + 1}`,
      data: perStep(norms),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1,
      pointRadius: 0,
    };
  });
}

export function accuracyDatasets(runs: RunSeries[]): Series[] {
  return runs.map((run) => {
    const { colour, dash } = runStyle(run);
    return {
      label: run.label,
      data: run.evals.map((e) => ({ x: e.step, y: e.valAccuracy * 100 })),
      borderColor: colour,
      backgroundColor: colour,
      borderDash: dash,
      borderWidth: 2,
      pointRadius: 2,
    };
  });
}
