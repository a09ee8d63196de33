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
