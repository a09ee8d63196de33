import { describe, expect, it } from 'vitest';
import { chartTable, tableNumber } from './chart-table';
import type { Series } from './series';

const line = (label: string, points: [number, number][]): Series => ({ label, data: points.map(([x, y]) => ({ x, y })) });

describe('chartTable', () => {
  it('puts each line in its own column on the union of x values, with gaps as null', () => {
    // Training loss at every step, validation only at steps 2 and 4 (as the loss chart draws them).
    const train = line('he train', [
      [1, 2.3],
      [2, 1.9],
      [3, 1.5],
      [4, 1.2],
    ]);
    const val = line('he validation', [
      [2, 1.8],
      [4, 1.1],
    ]);
    const table = chartTable([train, val]);
    expect(table.columns).toEqual(['he train', 'he validation']);
    expect(table.totalRows).toBe(4);
    expect(table.rows).toEqual([
      { x: 1, cells: [2.3, null] },
      { x: 2, cells: [1.9, 1.8] },
      { x: 3, cells: [1.5, null] },
      { x: 4, cells: [1.2, 1.1] },
    ]);
  });

  it('thins long runs to at most maxRows rows of values the chart really drew', () => {
    const long = line(
      'loss',
      Array.from({ length: 500 }, (_, i): [number, number] => [i + 1, 1 / (i + 1)]),
    );
    const table = chartTable([long], 10);
    expect(table.totalRows).toBe(500);
    expect(table.rows.length).toBe(10);
    expect(table.rows[0]).toEqual({ x: 1, cells: [1] });
    expect(table.rows.at(-1)).toEqual({ x: 500, cells: [1 / 500] });
    for (const r of table.rows) expect(r.cells[0]).toBe(1 / r.x);
  });

  it('leaves out lines with nothing drawn yet', () => {
    const table = chartTable([line('mean', [[1, 1]]), line('not started', [])], 10);
    expect(table.columns).toEqual(['mean']);
  });
});

describe('tableNumber', () => {
  it('writes four significant digits, and never rounds a small value to 0', () => {
    expect(tableNumber(2.302585)).toBe('2.303');
    expect(tableNumber(97.125)).toBe('97.13');
    expect(tableNumber(0.000012346)).toBe('1.235e-5');
    expect(tableNumber(123456)).toBe('1.235e+5');
    expect(tableNumber(0)).toBe('0');
    expect(tableNumber(null)).toBe('');
    expect(tableNumber(Number.NaN)).toBe('NaN');
  });
});
