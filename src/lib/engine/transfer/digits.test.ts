import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/dataset';
import { realMnistSplit } from '../../testing/mnist-split';
import { SOURCE_DIGITS, TARGET_DIGITS, fewShotSubset, selectDigits, transferTasks } from './digits';

/** A tiny dataset whose pixel bytes encode (index, label), so every image can be traced back. */
function toy(labels: number[]): Dataset {
  const images = new Uint8Array(labels.length * 4);
  labels.forEach((l, i) => images.set([i, l, 7, 7], i * 4));
  return { name: 'toy', count: labels.length, rows: 2, cols: 2, images, labels: Uint8Array.from(labels) };
}

const counts = (ds: Dataset) => Array.from(ds.labels).reduce<Record<number, number>>((c, l) => ({ ...c, [l]: (c[l] ?? 0) + 1 }), {});

describe('selectDigits', () => {
  it('keeps only the chosen digits, in order, with their own pixels, relabelled by position', () => {
    const ds = toy([5, 0, 9, 3, 5, 7, 1]);
    const out = selectDigits(ds, [5, 6, 7, 8, 9]);
    expect(out.count).toBe(4);
    expect(Array.from(out.labels)).toEqual([0, 4, 0, 2]);
    // Each kept image is the original one (its first byte is its index, its second its digit).
    expect(Array.from({ length: out.count }, (_, i) => out.images[i * 4])).toEqual([0, 2, 4, 5]);
    expect(Array.from({ length: out.count }, (_, i) => out.images[i * 4 + 1])).toEqual([5, 9, 5, 7]);
  });

  it('refuses a digit listed twice', () => {
    expect(() => selectDigits(toy([1]), [1, 1])).toThrow(/twice/);
  });
});

describe('fewShotSubset', () => {
  it('takes n images, every class in proportion, deterministically per seed', () => {
    const ds = toy([...Array(30).fill(0), ...Array(30).fill(1), ...Array(60).fill(2)]);
    const a = fewShotSubset(ds, 20, 1);
    expect(a.count).toBe(20);
    expect(counts(a)).toEqual({ 0: 5, 1: 5, 2: 10 });
    expect(fewShotSubset(ds, 20, 1).images).toEqual(a.images);
    expect(fewShotSubset(ds, 20, 2).images).not.toEqual(a.images);
    expect(fewShotSubset(ds, 500, 1)).toBe(ds);
  });
});

describe('transferTasks on real MNIST', () => {
  it('gives source splits with only 0–4 and target splits with only 5–9 (as labels 0..4)', async () => {
    const split = await realMnistSplit();
    const t = transferTasks(split, 500, 3);
    const digitsOf = (ds: Dataset, digits: readonly number[]) => new Set(Array.from(ds.labels, (l) => digits[l]));
    expect(digitsOf(t.source.train, SOURCE_DIGITS)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(digitsOf(t.target.train, TARGET_DIGITS)).toEqual(new Set([5, 6, 7, 8, 9]));
    expect(Math.max(...t.source.validation.labels, ...t.target.validation.labels)).toBe(4);
    // The relabelling hides the original digit: check it against the untouched split.
    const originals = (from: Dataset, digits: readonly number[]) => Array.from(from.labels).filter((l) => digits.includes(l)).length;
    expect(t.source.train.count).toBe(originals(split.train, SOURCE_DIGITS));
    expect(t.target.validation.count).toBe(originals(split.validation, TARGET_DIGITS));
    expect(t.source.train.count + originals(split.train, TARGET_DIGITS)).toBe(split.train.count);
    expect(t.target.train.count).toBe(500);
    // Each digit keeps its share of the 5–9 training images (MNIST has fewer 5s), to within one image.
    const all = transferTasks(split, null, 3).target.train;
    const full = counts(all);
    for (const [label, n] of Object.entries(counts(t.target.train)))
      expect(Math.abs(n - (500 * full[Number(label)]) / all.count)).toBeLessThan(1);
    expect(t.moments.std).toBeGreaterThan(0);
  });
});
