/**
 * A block of read-back step numbers turned into the StepBlock the UI charts: one
 * definition for every trainer (run-trainer.ts, stack/stacked-trainer.ts).
 */
import type { StepBlock } from './events';

export interface BlockResult {
  block: StepBlock | null;
  /** 1-based step at which the loss or a gradient norm first stopped being finite. */
  divergedAt: number | null;
}

/**
 * `rows`: per step, [loss, |grad_1|², ..., |grad_L|²] (row-major, `count` rows). Square
 * roots are taken here, on the CPU: every shader saved per step is throughput. The block
 * ends before the first row holding a NaN or an Inf, and that row is the divergence.
 */
export function stepBlockOf(
  runId: string,
  rows: Float32Array,
  count: number,
  firstStep: number,
  batchSize: number,
  elapsedMs: number,
): BlockResult {
  const width = rows.length / count;
  const layers = width - 1;
  let finiteRows = count;
  for (let r = 0; r < count && finiteRows === count; r++) {
    for (let c = 0; c < width; c++) {
      if (!Number.isFinite(rows[r * width + c])) {
        finiteRows = r;
        break;
      }
    }
  }
  const loss = new Float32Array(finiteRows);
  const gradNorms = new Float32Array(finiteRows * layers);
  for (let r = 0; r < finiteRows; r++) {
    loss[r] = rows[r * width];
    for (let c = 1; c < width; c++) gradNorms[r * layers + c - 1] = Math.sqrt(rows[r * width + c]);
  }
  const block: StepBlock = {
    type: 'steps',
    runId,
    firstStep,
    loss,
    gradNorms,
    examplesPerSec: elapsedMs > 0 ? (count * batchSize * 1000) / elapsedMs : 0,
    elapsedMs,
  };
  return { block: finiteRows > 0 ? block : null, divergedAt: finiteRows < count ? firstStep + finiteRows : null };
}
