/**
 * The digits LSUV measures on (lsuv.ts): LSUV_BATCH training images, evenly spaced over the
 * training split (which keeps the data's class order, so a prefix would be one digit),
 * standardised exactly as the engine standardises its inputs (data/batches.ts). Chosen from
 * the TRAINING split, never the validation probe batch the evaluation measures activation
 * statistics on, so that what the lab shows at step 0 is a measurement on other digits, not
 * the numbers LSUV was fitted to. Independent of the run's seed: every run, page and export
 * sees the same batch for the same data. Pure JS (the page's export and the views build it
 * too).
 */
import { inputMoments, standardizedPixels } from '../../data/batches';
import type { Split } from '../../data/dataset';

/** The paper uses one mini-batch; 256 digits keep the variance estimate within a few percent. */
export const LSUV_BATCH = 256;

/** Standardised pixels [count, rows·cols], row-major. */
export interface InitBatch {
  x: Float32Array;
  count: number;
}

export function lsuvBatchIndices(trainCount: number, size = LSUV_BATCH): Int32Array {
  const count = Math.min(size, trainCount);
  return Int32Array.from({ length: count }, (_, i) => Math.floor((i * trainCount) / count));
}

export function lsuvBatch(split: Split, size = LSUV_BATCH): InitBatch {
  const indices = lsuvBatchIndices(split.train.count, size);
  return { x: standardizedPixels(split.train, inputMoments(split.train), indices), count: indices.length };
}
