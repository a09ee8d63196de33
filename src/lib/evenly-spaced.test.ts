import { describe, expect, it } from 'vitest';
import { evenlySpaced } from './evenly-spaced';

describe('evenlySpaced', () => {
  it('picks evenly spaced layers including the first and the last', () => {
    expect(evenlySpaced(5, 12)).toEqual([0, 1, 2, 3, 4]);
    expect(evenlySpaced(40, 12)).toHaveLength(12);
    expect(evenlySpaced(40, 12)[0]).toBe(0);
    expect(evenlySpaced(40, 12).at(-1)).toBe(39);
  });

  it('keeps everything when it fits', () => {
    expect(evenlySpaced(4, 10)).toEqual([0, 1, 2, 3]);
  });
  it('keeps the first and last and spaces the rest evenly', () => {
    // n = 101, max 5: every 25th index, worked by hand: 0, 25, 50, 75, 100.
    expect(evenlySpaced(101, 5)).toEqual([0, 25, 50, 75, 100]);
    const picked = evenlySpaced(1000, 40);
    expect(picked.length).toBe(40);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(999);
  });
});
