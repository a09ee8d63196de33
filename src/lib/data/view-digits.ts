/**
 * The few validation digits a view at init is computed at: spread evenly over the split
 * (which is sorted by digit, so the spread covers the classes), standardised as the engine
 * standardises its inputs, with their labels (the coordinate check trains on them).
 */
import { inputMoments, standardizedPixels } from './batches';
import type { Split } from './dataset';

export interface ViewDigits {
  /** 784 standardised values each. */
  inputs: Float32Array[];
  labels: number[];
}

export function viewDigits(split: Split, count: number): ViewDigits {
  const n = split.validation.count;
  const at = Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * n) / count));
  const size = split.validation.rows * split.validation.cols;
  const pixels = standardizedPixels(split.validation, inputMoments(split.train), at);
  return {
    inputs: at.map((_, k) => pixels.slice(k * size, (k + 1) * size)),
    labels: at.map((i) => split.validation.labels[i]),
  };
}
