import { expect, it } from 'vitest';
import { percent } from './percent';

it('writes a fraction with the digits asked for, a dash where there is no number', () => {
  expect([percent(0.354), percent(0.3125, 1), percent(0.9, 2)]).toEqual(['35%', '31.3%', '90.00%']);
  expect([percent(Number.NaN), percent(Number.POSITIVE_INFINITY, 1)]).toEqual(['–', '–']);
});

it('trims an all-zero decimal part only', () => {
  expect([percent(0.4, 1, { trim: true }), percent(0.503989, 1, { trim: true }), percent(1, 1, { trim: true })]).toEqual([
    '40%',
    '50.4%',
    '100%',
  ]);
});
