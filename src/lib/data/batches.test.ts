import { describe, expect, it } from 'vitest';
import { batchesPerEpoch, epochOrder, pixelMoments } from './batches';
import type { Dataset } from './dataset';

function isPermutation(order: Int32Array): boolean {
  const seen = new Uint8Array(order.length);
  for (const i of order) {
    if (i < 0 || i >= order.length || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

describe('epochOrder', () => {
  it('is a permutation of 0..count-1 that actually moves things', () => {
    const order = epochOrder(8000, 1, 0);
    expect(order).toBeInstanceOf(Int32Array);
    expect(order.length).toBe(8000);
    expect(isPermutation(order)).toBe(true);
    const fixed = order.filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(20); // ~1 expected for a random permutation
  });

  it('is reproducible and differs across epochs and seeds', () => {
    const a = epochOrder(1000, 7, 3);
    expect(epochOrder(1000, 7, 3)).toEqual(a);
    expect(epochOrder(1000, 7, 4)).not.toEqual(a);
    expect(epochOrder(1000, 8, 3)).not.toEqual(a);
  });

  it('handles empty and single-element sets and rejects bad counts', () => {
    expect(epochOrder(0, 1, 0).length).toBe(0);
    expect(Array.from(epochOrder(1, 1, 0))).toEqual([0]);
    expect(() => epochOrder(-1, 1, 0)).toThrow(RangeError);
    expect(() => epochOrder(2.5, 1, 0)).toThrow(RangeError);
  });
});

describe('batchesPerEpoch', () => {
  it('drops the ragged last batch', () => {
    expect(batchesPerEpoch(8000, 64)).toBe(125);
    expect(batchesPerEpoch(8000, 128)).toBe(62);
    expect(batchesPerEpoch(8000, 8000)).toBe(1);
    expect(batchesPerEpoch(10, 11)).toBe(0);
  });

  it('rejects batch sizes that are not whole positive numbers', () => {
    expect(() => batchesPerEpoch(100, 0)).toThrow(RangeError);
    expect(() => batchesPerEpoch(100, 1.5)).toThrow(RangeError);
  });
});

describe('pixelMoments', () => {
  const ds = (images: number[]): Dataset => ({
    name: 't',
    count: 1,
    rows: 1,
    cols: images.length,
    images: Uint8Array.from(images),
    labels: Uint8Array.of(0),
  });

  it('matches a direct computation on the [0, 1] scale', () => {
    const pixels = Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    const x = pixels.map((p) => p / 255);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    const m = pixelMoments(ds(pixels));
    expect(m.mean).toBeCloseTo(mean, 12);
    expect(m.std).toBeCloseTo(std, 12);
  });

  it('gives exact values for simple cases', () => {
    expect(pixelMoments(ds([0, 255]))).toEqual({ mean: 0.5, std: 0.5 });
    expect(pixelMoments(ds([51, 51, 51]))).toEqual({ mean: 0.2, std: 0 });
    expect(() => pixelMoments(ds([]))).toThrow(RangeError);
  });
});
