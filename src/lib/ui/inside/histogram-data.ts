/**
 * What the small-multiples histogram grid draws: each layer's bins as shares of the sampled
 * values (so layers of different widths compare), and which layers to show when there are many.
 */
import type { ActivationStats } from '../../engine/events';
import { short } from './format';

export interface Bars {
  /** Bin centres, formatted. */
  labels: string[];
  /** Percent of the sampled values in each bin. */
  shares: number[];
  /** Every value was the same (min = max): the bins collapse to one spike. */
  constant: boolean;
}

export function histogramBars(stats: ActivationStats): Bars {
  const bins = stats.histogram.length;
  const total = stats.histogram.reduce((s, c) => s + c, 0);
  const width = (stats.max - stats.min) / Math.max(1, bins);
  return {
    labels: stats.histogram.map((_, i) => short(stats.min + (i + 0.5) * width)),
    shares: stats.histogram.map((c) => (total > 0 ? (100 * c) / total : 0)),
    constant: !(stats.max > stats.min),
  };
}

/**
 * Indices of at most `max` of `count` layers, evenly spaced and always including the first and
 * the last: a collapse or saturation builds up with depth, so the deep end must stay in view.
 */
export function pickLayers(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  if (max <= 1) return [count - 1];
  const picked = new Set<number>();
  for (let k = 0; k < max; k++) picked.add(Math.round((k * (count - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b);
}
