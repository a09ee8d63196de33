/**
 * What the training loop needs from the data besides the pixels: the order examples are
 * visited in, how many batches make an epoch, and the input scale.
 */
import { Prng, deriveSeed, shuffleInPlace } from '../random/prng';
import type { Dataset } from './dataset';

/**
 * The visiting order for one epoch. Derived from (seed, epoch) rather than drawn from a
 * running generator, so a run resumed or replayed at any epoch sees the same batches.
 */
export function epochOrder(count: number, seed: number, epoch: number): Int32Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return shuffleInPlace(order, new Prng(deriveSeed(seed, 'epoch', epoch)));
}

/**
 * Whole batches only: the ragged last batch is dropped because the WebGL backend caches
 * textures and compiled programs by shape, and one odd-sized batch per epoch would
 * allocate a second set of them.
 */
export function batchesPerEpoch(count: number, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a whole number >= 1, got ${batchSize}`);
  }
  return Math.floor(count / batchSize);
}

/**
 * Mean and (population) standard deviation of every pixel of `ds` on the [0, 1] scale,
 * used to standardise inputs to unit variance. Computed from a 256-bin histogram, which is
 * exact and avoids summing millions of floats. std is 0 only if every pixel is the same.
 */
export function pixelMoments(ds: Dataset): { mean: number; std: number } {
  const pixels = ds.images;
  if (pixels.length === 0) throw new RangeError(`dataset ${ds.name} has no pixels`);
  const histogram = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) histogram[pixels[i]]++;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += histogram[v] * v;
  const mean = sum / pixels.length / 255;
  let squares = 0;
  for (let v = 0; v < 256; v++) {
    const d = v / 255 - mean;
    squares += histogram[v] * d * d;
  }
  return { mean, std: Math.sqrt(squares / pixels.length) };
}

/**
 * The input standardisation every model of the lab uses: the training split's pixel
 * moments, except that a blank dataset (every pixel equal, std 0) keeps its scale rather
 * than being divided by 0.
 */
export function inputMoments(train: Dataset): { mean: number; std: number } {
  const { mean, std } = pixelMoments(train);
  return { mean, std: std > 0 ? std : 1 };
}

/** x = (pixel/255 − mean)/std of the images at `indices` (all of them by default), row-major. */
export function standardizedPixels(ds: Dataset, { mean, std }: { mean: number; std: number }, indices?: ArrayLike<number>): Float32Array {
  const size = ds.rows * ds.cols;
  const count = indices ? indices.length : ds.count;
  const out = new Float32Array(count * size);
  const scale = 1 / (255 * std);
  const shift = mean / std;
  for (let n = 0; n < count; n++) {
    const from = (indices ? indices[n] : n) * size;
    for (let i = 0; i < size; i++) out[n * size + i] = ds.images[from + i] * scale - shift;
  }
  return out;
}
