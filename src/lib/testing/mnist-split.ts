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

/**
 * `count` examples spread evenly over each part. The split is sorted by digit, so the first
 * examples (subset) are mostly one digit; this keeps all ten.
 */
export function spreadSubset(split: Split, trainCount: number, valCount: number): Split {
  const pick = (ds: Split['train'], n: number) => {
    const size = ds.rows * ds.cols;
    const images = new Uint8Array(n * size);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const from = Math.floor((i * ds.count) / n);
      images.set(ds.images.subarray(from * size, (from + 1) * size), i * size);
      labels[i] = ds.labels[from];
    }
    return { ...ds, name: `${ds.name}[spread ${n}]`, count: n, images, labels };
  };
  return { train: pick(split.train, trainCount), validation: pick(split.validation, valCount) };
}
