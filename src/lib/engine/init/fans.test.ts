import { describe, expect, it } from 'vitest';
import { computeFans, shapeSize } from './fans';

describe('computeFans', () => {
  it('reads a dense kernel [in, out] as fanIn = in, fanOut = out', () => {
    expect(computeFans([784, 256])).toEqual({ fanIn: 784, fanOut: 256 });
    expect(computeFans([256, 10])).toEqual({ fanIn: 256, fanOut: 10 });
  });

  it('multiplies the receptive field into both fans of a conv kernel [kh, kw, cin, cout]', () => {
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(computeFans([5, 5, 1, 16])).toEqual({ fanIn: 25, fanOut: 400 });
    expect(computeFans([3, 3, 32, 64])).toEqual({ fanIn: 288, fanOut: 576 });
  });

  it('gives a 1-D tensor (a bias) fanIn = fanOut = n', () => {
    expect(computeFans([10])).toEqual({ fanIn: 10, fanOut: 10 });
  });

  it('refuses zero, negative and fractional dims', () => {
    expect(() => computeFans([0, 10])).toThrow(RangeError);
    expect(() => computeFans([-3, 10])).toThrow(RangeError);
    expect(() => computeFans([2.5, 10])).toThrow(RangeError);
    expect(() => shapeSize([3, Number.NaN])).toThrow(RangeError);
  });

  it('counts entries', () => {
    expect(shapeSize([3, 3, 16, 32])).toBe(4608);
    expect(shapeSize([])).toBe(1);
  });
});
