import { describe, expect, it } from 'vitest';
import { logTickLabel } from './axis-ticks';

describe('log tick labels', () => {
  it('are short: scientific far from 1, plain near it', () => {
    expect([1e-3, 5e-3, 0.01, 0.5, 20, 1e4, 0].map(logTickLabel)).toEqual(['1e-3', '5e-3', '0.01', '0.5', '20', '1e4', '']);
  });
});
