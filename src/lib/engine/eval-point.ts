/**
 * The evaluation numbers of one run, packed on the device as
 * [val loss, val accuracy, |W| per kernel, update ratio per kernel, unit spread per kernel,
 *  activation statistics per hidden layer], turned into the EvalPoint the UI shows. One
 * layout for every trainer (run-trainer.ts, stack/evaluate.ts).
 */
import { decodeActivationStats, STATS_WIDTH } from './activation-stats';
import type { BnStats, EvalPoint } from './events';

/**
 * Which BN statistics an evaluation's activation figures use (EvalPoint.bnStats): the
 * probe batch's own at init, the moving ones after; null for a net without BN.
 */
export function bnStatsAt(hasBatchNorm: boolean, stepsDone: number): BnStats {
  if (!hasBatchNorm) return null;
  return stepsDone === 0 ? 'batch' : 'moving';
}

export function evalWidth(kernelCount: number, hiddenCount: number): number {
  return 2 + 3 * kernelCount + hiddenCount * STATS_WIDTH;
}

export function evalPointOf(
  runId: string,
  step: number,
  values: Float32Array,
  kernelCount: number,
  hiddenLabels: string[],
  bnStats: BnStats,
): EvalPoint {
  return {
    type: 'eval',
    runId,
    step,
    valLoss: values[0],
    valAccuracy: values[1],
    weightNorms: Array.from(values.subarray(2, 2 + kernelCount)),
    updateRatios: Array.from(values.subarray(2 + kernelCount, 2 + 2 * kernelCount)),
    unitSpread: Array.from(values.subarray(2 + 2 * kernelCount, 2 + 3 * kernelCount)),
    activations: hiddenLabels.map((label, i) => decodeActivationStats(values, 2 + 3 * kernelCount + i * STATS_WIDTH, label)),
    bnStats,
  };
}
