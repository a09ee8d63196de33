import { describe, expect, it } from 'vitest';
import type { SweepGrid, SweepMetric, SweepPoint } from '../state/sweep-results';
import { at, bestOf, bestValueOf, ratio } from './sweep-checks';

/** One seed's grid of width × lr, built by hand: values[w][l] for widths [32, 256] and lrs [0.001, 0.002, 0.004]. */
function grid(metric: SweepMetric, values: number[][]): SweepGrid {
  const widths = [32, 256];
  const lrs = [0.001, 0.002, 0.004];
  const points = widths.flatMap((w, i) =>
    lrs.map(
      (lr, j) =>
        ({ cell: { index: i * 3 + j, values: [w, lr], at: [i, j] }, perSeed: [{ seed: 1, value: values[i][j] }] }) as unknown as SweepPoint,
    ),
  );
  return { sweeps: [], metric, target: 0, variants: [{ variant: 0, label: 'sp', points }] } as unknown as SweepGrid;
}

describe('sweep readings on a hand-made grid', () => {
  const sweeps = [
    { key: 'width', values: [32, 256] },
    { key: 'lr', values: [0.001, 0.002, 0.004] },
  ];
  const lossGrid = {
    ...grid('valLoss', [
      [0.5, 0.4, 0.45],
      [0.3, 0.35, Number.POSITIVE_INFINITY],
    ]),
    sweeps,
  } as unknown as SweepGrid;

  it('lower is better for a loss: the best lr and loss per width, and their ratio', () => {
    expect(bestOf(0, 32)(lossGrid)).toBe(0.002);
    expect(bestOf(0, 256)(lossGrid)).toBe(0.001);
    expect(bestValueOf(0, 32)(lossGrid)).toBe(0.4);
    expect(bestValueOf(0, 256)(lossGrid)).toBe(0.3);
    expect(ratio(bestOf(0, 256), bestOf(0, 32))(lossGrid)).toBe(0.5);
    expect(at(0, 256, 0.004)(lossGrid)).toBe(Number.POSITIVE_INFINITY);
  });

  it('higher is better for accuracy; ties go to the first cell; no finite cell reads NaN', () => {
    const acc = {
      ...grid('accuracy', [
        [0.8, 0.9, 0.9],
        [Number.NaN, Number.NaN, Number.NaN],
      ]),
      sweeps,
    } as unknown as SweepGrid;
    expect(bestOf(0, 32)(acc)).toBe(0.002);
    expect(bestValueOf(0, 32)(acc)).toBe(0.9);
    expect(bestOf(0, 256)(acc)).toBeNaN();
    expect(bestValueOf(0, 256)(acc)).toBeNaN();
  });
});
