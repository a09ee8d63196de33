import { describe, expect, it } from 'vitest';
import { integerTicks, labelsThatFit, logTickLabel, logTicks, tooltipValue } from './axis-ticks';

const values = (ticks: { value: number }[]) => ticks.map((t) => t.value);
const labels = (ticks: { label: string }[]) => ticks.map((t) => t.label);

describe('log tick labels', () => {
  it('are short: scientific far from 1, plain near it', () => {
    expect([1e-3, 5e-3, 0.01, 0.5, 20, 1e4, 0].map(logTickLabel)).toEqual(['1e-3', '5e-3', '0.01', '0.5', '20', '1e4', '']);
  });
});

describe('integer ticks (layer, block, step axes)', () => {
  it('a layer axis 1..8 with room for 8 labels gives 1, 2, …, 8', () => {
    expect(labels(integerTicks(1, 8, 8))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });
  it('a layer axis 1..8 with room for 4 steps by 2, integers only', () => {
    expect(values(integerTicks(1, 8, 4))).toEqual([2, 4, 6, 8]);
  });
  it('an axis narrower than one unit (1.0 to 1.5) never gets 1.1', () => {
    expect(values(integerTicks(1, 1.5, 6))).toEqual([1]);
  });
  it('a step axis 0..1000 with room for 6 gives 0, 200, …, 1000', () => {
    expect(values(integerTicks(0, 1000, 6))).toEqual([0, 200, 400, 600, 800, 1000]);
  });
  it('every value is a whole number, for any range', () => {
    for (const [a, b, n] of [
      [0, 7, 3],
      [3, 59, 5],
      [1, 2, 10],
      [12, 12, 4],
    ])
      for (const v of values(integerTicks(a, b, n))) expect(Number.isInteger(v)).toBe(true);
  });
});

describe('log ticks', () => {
  it('1e-7 to 10 with room for 9 labels gives the nine decades', () => {
    expect(labels(logTicks(1e-7, 10, 9))).toEqual(['1e-7', '1e-6', '1e-5', '1e-4', '1e-3', '0.01', '0.1', '1', '10']);
  });
  it('1e-7 to 10 with room for 4 labels gives every third decade', () => {
    expect(values(logTicks(1e-7, 10, 4))).toEqual([1e-7, 1e-4, 0.1]);
  });
  it('a gradient-norm axis 1 to 10 labels 1, 2, 5, 10, not 1, 1.2, 1.4, …', () => {
    expect(labels(logTicks(1, 10, 10))).toEqual(['1', '2', '5', '10']);
  });
  it('0.788 to 0.795 (less than a decade) gives at most four distinct labels', () => {
    const ticks = logTicks(0.788, 0.795, 10);
    expect(labels(ticks)).toEqual(['0.788', '0.790', '0.792', '0.794']);
  });
  it('inside a decade the labels stay distinct and inside the range', () => {
    for (const [a, b] of [
      [0.31, 0.92],
      [2.0001, 2.0003],
      [140, 720],
    ]) {
      const ticks = logTicks(a, b, 10);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(4);
      expect(new Set(labels(ticks)).size).toBe(ticks.length);
      for (const v of values(ticks)) expect(v >= a && v <= b).toBe(true);
    }
  });
  it('a non-positive range has no log ticks', () => {
    expect(logTicks(0, 1, 5)).toEqual([]);
  });
});

describe('room for labels', () => {
  it('a 200 px tall axis fits 8 labels, a 60 px one 2', () => {
    expect(labelsThatFit(200, false)).toBe(8);
    expect(labelsThatFit(60, false)).toBe(2);
  });
});

describe('tooltip values', () => {
  it('four significant digits, scientific when tiny', () => {
    expect([0.123456, 2.5, 1.23456e-5, 0].map(tooltipValue)).toEqual(['0.1235', '2.5', '1.235e-5', '0']);
  });
});
