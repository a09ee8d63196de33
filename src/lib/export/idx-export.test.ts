import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadIdxPair } from '../data/idx';
import { realMnistSplit } from '../testing/mnist-split';
import { splitAsIdxZip } from './idx-export';

describe('splitAsIdxZip', () => {
  it('writes the lab’s split as IDX files the lab’s own parser reads back unchanged, in order', async () => {
    const split = await realMnistSplit();
    const files = unzipSync(splitAsIdxZip(split));
    expect(Object.keys(files).sort()).toEqual([
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      'val-images-idx3-ubyte',
      'val-labels-idx1-ubyte',
    ]);
    for (const [prefix, part] of [
      ['train', split.train],
      ['val', split.validation],
    ] as const) {
      const ds = await loadIdxPair(
        { name: `${prefix}-images-idx3-ubyte`, bytes: files[`${prefix}-images-idx3-ubyte`] },
        { name: `${prefix}-labels-idx1-ubyte`, bytes: files[`${prefix}-labels-idx1-ubyte`] },
      );
      expect(ds.count).toBe(part.count);
      expect(Buffer.from(ds.images).equals(Buffer.from(part.images))).toBe(true);
      expect(Buffer.from(ds.labels).equals(Buffer.from(part.labels))).toBe(true);
    }
  });
});
