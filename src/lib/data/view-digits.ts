/**
 * The few validation digits a view at init is computed at: spread evenly over the split
 * (which is sorted by digit, so the spread covers the classes), standardised as the engine
 * standardises its inputs, with their labels (the coordinate check trains on them).
 */
import { pixelMoments } from './batches';
import type { Split } from './dataset';

export interface ViewDigits {
  /** 784 standardised values each. */
  inputs: Float32Array[];
  labels: number[];
}

export function viewDigits(split: Split, count: number): ViewDigits {
  const { mean, std } = pixelMoments(split.train);
  const n = split.validation.count;
  const at = Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * n) / count));
  return {
    inputs: at.map((i) => Float32Array.from(split.validation.images.subarray(i * 784, (i + 1) * 784), (p) => (p / 255 - mean) / std)),
    labels: at.map((i) => split.validation.labels[i]),
  };
}
