import { describe, expect, it } from 'vitest';
import { gzip } from './gzip';
import {
  DataFileError,
  MAX_IDX_IMAGES,
  encodeIdxImages,
  encodeIdxLabels,
  loadIdxPair,
  maybeGunzip,
  parseIdxImages,
  parseIdxLabels,
} from './idx';

const IMG = 'train-images-idx3-ubyte';
const LBL = 'train-labels-idx1-ubyte';

function fixture(count: number) {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + (i >> 10)) & 255;
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10);
  return { pixels, labels, images: encodeIdxImages(pixels, count, 28, 28), labelFile: encodeIdxLabels(labels) };
}

/** A bare header: magic then big-endian uint32 dims, with nothing after it. */
function header(magic: number, ...dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return out;
}

function refusal(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error('expected a DataFileError, got none');
}

async function asyncRefusal(promise: Promise<unknown>): Promise<DataFileError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  return err as DataFileError;
}

describe('IDX round trip', () => {
  const { pixels, labels, images, labelFile } = fixture(50);

  it('writes the standard headers', () => {
    expect(Array.from(images.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 50, 0, 0, 0, 28, 0, 0, 0, 28]);
    expect(Array.from(labelFile.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 50]);
    expect(images.length).toBe(16 + 50 * 784);
  });

  it('parses what it encodes, as views rather than copies', () => {
    const img = parseIdxImages(images, IMG);
    expect([img.count, img.rows, img.cols]).toEqual([50, 28, 28]);
    expect(img.pixels).toEqual(pixels);
    expect(img.pixels.buffer).toBe(images.buffer);
    const lbl = parseIdxLabels(labelFile, LBL);
    expect(lbl.count).toBe(50);
    expect(lbl.labels).toEqual(labels);
  });

  it('loads plain and CompressionStream-gzipped pairs to the same dataset', async () => {
    const plain = await loadIdxPair({ name: IMG, bytes: images }, { name: LBL, bytes: labelFile });
    const gz = await loadIdxPair({ name: `${IMG}.gz`, bytes: await gzip(images) }, { name: `${LBL}.gz`, bytes: await gzip(labelFile) });
    for (const ds of [plain, gz]) {
      expect(ds.name).toBe('train-images');
      expect([ds.count, ds.rows, ds.cols]).toEqual([50, 28, 28]);
      expect(ds.images).toEqual(pixels);
      expect(ds.labels).toEqual(labels);
    }
  });

  it('derives the dataset name from the images file name', async () => {
    const ds = await loadIdxPair({ name: 'fashion/t10k-images.idx3-ubyte', bytes: images }, { name: LBL, bytes: labelFile });
    expect(ds.name).toBe('t10k-images');
  });
});

describe('IDX refusals', () => {
  const { images, labelFile } = fixture(3);

  it('refuses empty and too-short files', () => {
    expect(refusal(() => parseIdxImages(new Uint8Array(0), IMG)).message).toBe(`${IMG} is empty (0 bytes)`);
    expect(refusal(() => parseIdxLabels(new Uint8Array(0), LBL)).message).toMatch(`${LBL} is empty (0 bytes)`);
    expect(refusal(() => parseIdxImages(images.subarray(0, 2), IMG)).message).toMatch(
      `${IMG} is only 2 bytes, shorter than the 16-byte header`,
    );
    expect(refusal(() => parseIdxImages(images.subarray(0, 12), IMG)).message).toMatch(/only 12 bytes.*16-byte header/);
    expect(refusal(() => parseIdxLabels(labelFile.subarray(0, 6), LBL)).message).toMatch(/only 6 bytes.*8-byte header/);
  });

  it('refuses a wrong magic number, saying what it found and hinting at swapped files', () => {
    const swapped = refusal(() => parseIdxImages(labelFile, IMG));
    expect(swapped.fileName).toBe(IMG);
    expect(swapped.message).toMatch(new RegExp(`^${IMG} has magic number 0x00000801 \\(2049\\)`));
    expect(swapped.message).toMatch(/IDX images file starts with 0x00000803 \(2051\)/);
    expect(swapped.message).toMatch(/swap/);
    expect(refusal(() => parseIdxLabels(images, LBL)).message).toMatch(/magic number 0x00000803.*0x00000801.*swap/);
    const text = refusal(() => parseIdxImages(new TextEncoder().encode('hello, world, this is text'), 'notes.txt'));
    expect(text.message).toMatch(/^notes\.txt has magic number 0x68656c6c .*not an IDX file/);
    const floats = refusal(() => parseIdxImages(header(0x00000d03, 1, 28, 28), IMG));
    expect(floats.message).toMatch(/magic number 0x00000d03.*another element type/);
  });

  it('refuses images that are not 28x28', () => {
    const err = refusal(() => parseIdxImages(encodeIdxImages(new Uint8Array(2 * 32 * 32), 2, 32, 32), IMG));
    expect(err.message).toMatch(new RegExp(`^${IMG} holds 32x32 images.*28x28`));
  });

  it('refuses a truncated file, stating promised and actual sizes', () => {
    const err = refusal(() => parseIdxImages(images.subarray(0, images.length - 10), IMG));
    expect(err.message).toMatch(
      `${IMG} is truncated: its header promises 3 28x28 images = 2,368 bytes ` + '(with the 16-byte header), but the file has 2,358 bytes',
    );
    expect(refusal(() => parseIdxLabels(labelFile.subarray(0, 9), LBL)).message).toMatch(/truncated: .*3 labels = 11 bytes.*has 9 bytes/);
  });

  it('refuses a huge header count at once, without allocating from it', async () => {
    const huge = header(0x00000803, 4_000_000_000, 28, 28);
    expect(huge.length).toBe(16);
    const start = performance.now();
    const err = refusal(() => parseIdxImages(huge, IMG));
    expect(performance.now() - start).toBeLessThan(50);
    expect(err.message).toMatch(/truncated: its header promises 4,000,000,000 28x28 images = 3,136,000,000,016 bytes/);
    expect(err.message).toMatch(/has 16 bytes/);
    const t2 = performance.now();
    const viaPair = await asyncRefusal(loadIdxPair({ name: IMG, bytes: huge }, { name: LBL, bytes: labelFile }));
    expect(performance.now() - t2).toBeLessThan(50);
    expect(viaPair.message).toMatch(/truncated/);
    expect(refusal(() => parseIdxLabels(header(0x00000801, 0xffffffff), LBL)).message).toMatch(/truncated: .*4,294,967,295 labels/);
  });

  it('refuses trailing extra bytes', () => {
    const padded = new Uint8Array(images.length + 5);
    padded.set(images);
    const err = refusal(() => parseIdxImages(padded, IMG));
    expect(err.message).toMatch(
      `${IMG} has 5 extra bytes after the 3 28x28 images its header promises (expected 2,368 bytes, found 2,373)`,
    );
    const paddedLabels = new Uint8Array([...labelFile, 0]);
    expect(refusal(() => parseIdxLabels(paddedLabels, LBL)).message).toMatch(/1 extra bytes/);
  });

  it('refuses labels outside 0..9', () => {
    const err = refusal(() => parseIdxLabels(encodeIdxLabels(Uint8Array.of(1, 2, 10, 3)), LBL));
    expect(err.message).toBe(`${LBL} has label 10 at position 2; labels must be digits 0..9`);
  });

  it('refuses a count of 0', () => {
    expect(refusal(() => parseIdxImages(header(0x00000803, 0, 28, 28), IMG)).message).toMatch(`${IMG} holds 0 images`);
    expect(refusal(() => parseIdxLabels(header(0x00000801, 0), LBL)).message).toMatch(`${LBL} holds 0 labels`);
  });

  it('refuses more than the image limit, naming it', () => {
    const count = MAX_IDX_IMAGES + 1;
    const bytes = encodeIdxLabels(new Uint8Array(count));
    expect(refusal(() => parseIdxLabels(bytes, LBL)).message).toMatch(`${LBL} holds 200,001 labels, more than the limit of 200,000`);
    const big = new Uint8Array(16 + count * 784);
    big.set(header(0x00000803, count, 28, 28));
    expect(refusal(() => parseIdxImages(big, IMG)).message).toMatch(/200,001 28x28 images, more than the limit of 200,000/);
  });

  it('refuses image and label files whose counts differ, naming both', async () => {
    const err = await asyncRefusal(loadIdxPair({ name: IMG, bytes: images }, { name: LBL, bytes: encodeIdxLabels(Uint8Array.of(1, 2)) }));
    expect(err.fileName).toBe(LBL);
    expect(err.message).toBe(`${LBL} has 2 labels, but ${IMG} has 3 images; the images and labels files must have the same count`);
  });
});

describe('IDX refusals through loadIdxPair, plain or gzipped', () => {
  const { images, labelFile } = fixture(3);
  const pair = (img: Uint8Array, imgName: string, lbl = labelFile, lblName = LBL) =>
    asyncRefusal(loadIdxPair({ name: imgName, bytes: img }, { name: lblName, bytes: lbl }));

  it('calls a 0-byte file empty, even when it is named .gz (an interrupted download)', async () => {
    expect((await pair(new Uint8Array(0), `${IMG}.gz`)).message).toBe(`${IMG}.gz is empty (0 bytes)`);
    expect((await pair(images, IMG, new Uint8Array(0), `${LBL}.gz`)).message).toBe(`${LBL}.gz is empty (0 bytes)`);
    expect((await pair(images, IMG, new Uint8Array(0), LBL)).message).toBe(`${LBL} is empty (0 bytes)`);
  });

  it('checks what a .gz inflates to like a plain file, naming the .gz', async () => {
    const truncated = await pair(await gzip(images.subarray(0, 1000)), `${IMG}.gz`);
    expect(truncated.message).toMatch(new RegExp(`^${IMG}\\.gz is truncated: its header promises 3 28x28 images`));
    const swapped = await pair(await gzip(labelFile), `${IMG}.gz`);
    expect(swapped.message).toMatch(new RegExp(`^${IMG}\\.gz has magic number 0x00000801 .*swap`));
    const huge = await pair(await gzip(header(0x00000803, 4_000_000_000, 28, 28)), `${IMG}.gz`);
    expect(huge.message).toMatch(/truncated: its header promises 4,000,000,000 28x28 images/);
    const counts = await pair(await gzip(images), `${IMG}.gz`, await gzip(encodeIdxLabels(Uint8Array.of(1))), `${LBL}.gz`);
    expect(counts.message).toBe(`${LBL}.gz has 1 labels, but ${IMG}.gz has 3 images; the images and labels files must have the same count`);
  });

  it('refuses a labels file named .gz that is not gzip', async () => {
    const err = await pair(images, IMG, labelFile.slice(), `${LBL}.gz`);
    expect(err.message).toMatch(new RegExp(`^${LBL}\\.gz is named \\.gz but is not gzip-compressed`));
  });
});

describe('maybeGunzip', () => {
  it('passes plain bytes through untouched', async () => {
    const bytes = Uint8Array.of(0, 0, 8, 3);
    expect(await maybeGunzip(bytes, 'x')).toBe(bytes);
  });

  it('refuses a .gz name without gzip content, and corrupt or truncated gzip', async () => {
    const { images } = fixture(3);
    const named = await asyncRefusal(maybeGunzip(images, `${IMG}.gz`));
    expect(named.message).toMatch(new RegExp(`^${IMG}\\.gz is named \\.gz but is not gzip`));

    const gz = await gzip(images);
    const truncated = await asyncRefusal(maybeGunzip(gz.slice(0, gz.length - 20), `${IMG}.gz`));
    expect(truncated.message).toMatch(new RegExp(`^${IMG}\\.gz is not a valid gzip file: `));
    const corrupt = gz.slice();
    corrupt[gz.length - 6] ^= 0xff; // inside the CRC32 trailer
    expect((await asyncRefusal(maybeGunzip(corrupt, 'c.gz'))).message).toMatch(/^c\.gz is not a valid gzip file: /);
    const headerOnly = gz.slice(0, 10);
    expect((await asyncRefusal(maybeGunzip(headerOnly, 'h'))).message).toMatch(/^h is not a valid gzip file/);
  });

  it('stops inflating a decompression bomb at the size limit', async () => {
    // Concatenated gzip members inflate back to back; building the bomb this way costs
    // nothing, where compressing 160 MB would dominate the test's time.
    const member = await gzip(new Uint8Array(1_000_000));
    const bomb = new Uint8Array(member.length * 160);
    for (let i = 0; i < 160; i++) bomb.set(member, i * member.length);
    expect(bomb.length).toBeLessThan(1_000_000);
    const err = await asyncRefusal(maybeGunzip(bomb, 'bomb.gz'));
    expect(err.message).toMatch(/^bomb\.gz decompresses to more than 156,800,016 bytes/);
  });
});
