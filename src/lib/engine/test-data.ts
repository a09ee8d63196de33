/**
 * Test helper: the real embedded MNIST asset, split as the page splits it.
 * Tests run `npm run prepare-data` first (the asset is derived, not committed).
 */
import { readFileSync } from 'node:fs';
import { stratifiedSplit, type Split } from '../data/dataset';
import { decodeMnistAsset } from '../data/mnist-asset';

let cached: Split | null = null;

export async function realMnistSplit(): Promise<Split> {
  if (!cached) {
    const bytes = readFileSync(new URL('../../../static/data/mnist10k.bin.gz', import.meta.url));
    cached = stratifiedSplit(await decodeMnistAsset(bytes), 0.2, 10_000);
  }
  return cached;
}

/** The first `count` images of a split part: a small subset for fast tests. */
export function subset(split: Split, trainCount: number, valCount: number): Split {
  const pick = (ds: Split['train'], n: number) => ({
    ...ds,
    name: `${ds.name}[:${n}]`,
    count: n,
    images: ds.images.subarray(0, n * ds.rows * ds.cols),
    labels: ds.labels.subarray(0, n),
  });
  return { train: pick(split.train, trainCount), validation: pick(split.validation, valCount) };
}
