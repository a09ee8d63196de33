import { describe, expect, it } from 'vitest';
import { type Dataset, allocateByLargestRemainder, stratifiedSplit } from './dataset';

const MNIST_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const SIZE = 4; // 2x2 images keep the fixture small; the split does not care about size

/** Labels interleaved (not sorted) and each image stamped with its own index. */
function fixture(counts: number[], name = 'fixture'): Dataset {
  const labels: number[] = [];
  const left = counts.slice();
  while (left.some((n) => n > 0)) {
    for (let c = 0; c < left.length; c++) {
      if (left[c] > 0) {
        labels.push(c);
        left[c]--;
      }
    }
  }
  const count = labels.length;
  const images = new Uint8Array(count * SIZE);
  for (let i = 0; i < count; i++) images.set([i >> 8, i & 255, labels[i], 42], i * SIZE);
  return { name, count, rows: 2, cols: 2, images, labels: Uint8Array.from(labels) };
}

const indexOf = (ds: Dataset, k: number) => (ds.images[k * SIZE] << 8) | ds.images[k * SIZE + 1];
const indices = (ds: Dataset) => Array.from({ length: ds.count }, (_, k) => indexOf(ds, k));

describe('stratifiedSplit', () => {
  const ds = fixture(MNIST_COUNTS);
  const split = stratifiedSplit(ds, 0.2);

  it('splits 10,000 into exactly 8,000 / 2,000, disjoint and covering everything', () => {
    expect(split.train.count).toBe(8000);
    expect(split.validation.count).toBe(2000);
    expect(split.train.labels.length).toBe(8000);
    expect(split.validation.images.length).toBe(2000 * SIZE);
    const seen = new Uint8Array(ds.count);
    for (const i of [...indices(split.train), ...indices(split.validation)]) seen[i]++;
    expect(seen.every((s) => s === 1)).toBe(true);
  });

  it('copies each image with its own label and keeps the original order', () => {
    for (const part of [split.train, split.validation]) {
      const idx = indices(part);
      for (let k = 0; k < part.count; k++) {
        expect(part.labels[k]).toBe(ds.labels[idx[k]]);
        expect(part.images[k * SIZE + 2]).toBe(ds.labels[idx[k]]);
        if (k > 0) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
      }
    }
  });

  it('gives each class its share of validation images to within one', () => {
    const perClass = new Array(10).fill(0);
    split.validation.labels.forEach((l) => perClass[l]++);
    perClass.forEach((v, c) => expect(Math.abs(v - MNIST_COUNTS[c] * 0.2)).toBeLessThan(1));
  });

  it('is identical on repeat and depends on the dataset name, not on any run seed', () => {
    const again = stratifiedSplit(fixture(MNIST_COUNTS), 0.2);
    expect(indices(again.validation)).toEqual(indices(split.validation));
    const renamed = stratifiedSplit(fixture(MNIST_COUNTS, 'other'), 0.2);
    expect(renamed.validation.count).toBe(2000);
    expect(indices(renamed.validation)).not.toEqual(indices(split.validation));
  });

  it('picks a spread of members, not the first ones of each class', () => {
    const idx = indices(split.validation);
    expect(idx[0]).toBeLessThan(500);
    expect(idx[idx.length - 1]).toBeGreaterThan(9500);
  });

  it('caps the validation part at maxValidation and handles the extremes', () => {
    const capped = stratifiedSplit(ds, 0.5, 1234);
    expect([capped.train.count, capped.validation.count]).toEqual([8766, 1234]);
    expect(stratifiedSplit(ds, 0).validation.count).toBe(0);
    expect(stratifiedSplit(ds, 1).train.count).toBe(0);
    const odd = fixture([7, 3, 1]);
    const s = stratifiedSplit(odd, 0.3);
    expect(s.validation.count).toBe(3); // round(0.3 * 11)
    expect(s.train.count + s.validation.count).toBe(11);
  });

  it('rejects bad arguments and inconsistent datasets', () => {
    expect(() => stratifiedSplit(ds, 1.5)).toThrow(RangeError);
    expect(() => stratifiedSplit(ds, Number.NaN)).toThrow(RangeError);
    expect(() => stratifiedSplit({ ...ds, count: 9999 }, 0.2)).toThrow(/count 9999/);
  });
});

describe('allocateByLargestRemainder', () => {
  it('sums to the total exactly and stays within one of each exact share', () => {
    for (const [sizes, total] of [
      [MNIST_COUNTS, 2000],
      [[1, 1, 1], 2],
      [[5, 0, 5], 3],
      [[3, 3, 3, 3, 3, 3, 3], 10],
    ] as [number[], number][]) {
      const parts = allocateByLargestRemainder(sizes, total);
      const count = sizes.reduce((a, b) => a + b, 0);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p, c) => {
        expect(Math.abs(p - (total * sizes[c]) / count)).toBeLessThan(1);
        expect(p).toBeLessThanOrEqual(sizes[c]);
      });
    }
  });

  it('breaks exact ties by class order', () => {
    expect(allocateByLargestRemainder([1, 1, 1], 2)).toEqual([1, 1, 0]);
  });
});
