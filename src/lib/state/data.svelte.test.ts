/**
 * DataState with real files: IDX images and labels (written from the embedded MNIST digits)
 * load and split as the page splits them; a refused file keeps the data already loaded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels } from '../data/idx';
import type { Dataset } from '../data/dataset';
import { realMnistSplit } from '../testing/mnist-split';
import { DataState } from './data.svelte';

/** File wants bytes on a plain ArrayBuffer; the encoders' arrays are typed more widely. */
const blobPart = (bytes: Uint8Array) => new Uint8Array(bytes);

let digits: Dataset;

beforeAll(async () => {
  digits = (await realMnistSplit()).train;
});

const imagesFile = (ds: Dataset, name = 'train-images-idx3-ubyte') =>
  new File([blobPart(encodeIdxImages(ds.images, ds.count, ds.rows, ds.cols))], name);
const labelsFile = (ds: Dataset, name = 'train-labels-idx1-ubyte') => new File([blobPart(encodeIdxLabels(ds.labels))], name);

describe('DataState', () => {
  it('loads an IDX pair and splits it 80/20, stratified', async () => {
    const data = new DataState();
    expect(await data.loadIdx(imagesFile(digits), labelsFile(digits))).toBe(true);
    expect(data.source).toBe('idx');
    expect(data.dataset!.count).toBe(digits.count);
    expect(data.split!.train.count + data.split!.validation.count).toBe(digits.count);
    expect(data.split!.validation.count).toBe(Math.round(digits.count * 0.2));
    expect(new Set(data.split!.validation.labels).size).toBe(10);
    expect(data.error).toBeNull();
    expect(data.loading).toBeNull();
  });

  it('refuses a mismatched pair with a message naming it, and keeps the data it had', async () => {
    const data = new DataState();
    await data.loadIdx(imagesFile(digits), labelsFile(digits));
    const before = data.split;
    const fewer = { ...digits, count: 10, labels: digits.labels.subarray(0, 10) };
    expect(await data.loadIdx(imagesFile(digits), labelsFile(fewer, 'short-labels'))).toBe(false);
    expect(data.error).toMatch(/short-labels|10/);
    expect(data.split).toBe(before);
    expect(data.source).toBe('idx');
  });

  it('says so when the embedded digits cannot be fetched, with nothing loaded', async () => {
    const data = new DataState();
    await data.loadEmbedded();
    expect(data.error).toMatch(/^Could not load the embedded MNIST: /);
    expect(data.split).toBeNull();
    expect(data.loading).toBeNull();
  });
});
