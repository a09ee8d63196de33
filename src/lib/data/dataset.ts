/**
 * A labelled image set in the compact form it arrives in (bytes), and its fixed split into
 * training and validation parts.
 */
import { Prng, deriveSeed, shuffleInPlace } from '../random/prng';

export interface Dataset {
  /** Identifies the data; it also seeds the split, so the same data always splits the same way. */
  name: string;
  count: number;
  rows: number;
  cols: number;
  /** count*rows*cols grey levels 0..255, row-major, one image after another. May be a view into a larger buffer. */
  images: Uint8Array;
  /** count class labels 0..9. May be a view into a larger buffer. */
  labels: Uint8Array;
}

export interface Split {
  train: Dataset;
  validation: Dataset;
}

// Fixed, not the run seed: every run, whatever its seed, must validate on the same images
// or runs could not be compared.
const SPLIT_SEED = 0x5eed;

function checkShape(ds: Dataset): void {
  const size = ds.rows * ds.cols;
  if (ds.labels.length !== ds.count || ds.images.length !== ds.count * size) {
    throw new RangeError(
      `dataset ${ds.name}: count ${ds.count} does not match ${ds.labels.length} labels and ` +
        `${ds.images.length} pixel bytes (${ds.rows}x${ds.cols} per image)`,
    );
  }
}

/**
 * How many validation images each class gets: its exact share of `total`, rounded by the
 * largest-remainder method so the parts add up to `total` exactly and none is off by a whole
 * image. Integer arithmetic keeps ties (equal class sizes) resolved by class order, not by
 * floating-point noise.
 */
export function allocateByLargestRemainder(classSizes: number[], total: number): number[] {
  const count = classSizes.reduce((a, b) => a + b, 0);
  if (count === 0) return classSizes.map(() => 0);
  const base = classSizes.map((n) => Math.floor((total * n) / count));
  const remainder = classSizes.map((n, c) => total * n - base[c] * count);
  let left = total - base.reduce((a, b) => a + b, 0);
  const order = classSizes.map((_, c) => c).sort((a, b) => remainder[b] - remainder[a] || a - b);
  for (const c of order) {
    if (left === 0) break;
    base[c]++;
    left--;
  }
  return base;
}

function subset(ds: Dataset, indices: number[], part: string): Dataset {
  const size = ds.rows * ds.cols;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((from, to) => {
    images.set(ds.images.subarray(from * size, (from + 1) * size), to * size);
    labels[to] = ds.labels[from];
  });
  return { name: `${ds.name}/${part}`, count: indices.length, rows: ds.rows, cols: ds.cols, images, labels };
}

/**
 * Splits off round(validationFraction * count) images (at most maxValidation) for
 * validation, stratified by label. The result depends only on the data's name and labels:
 * each class's members are shuffled with a fixed seed and the first ones taken. Both parts
 * keep the original order, so only the choice of images depends on the shuffle.
 */
export function stratifiedSplit(ds: Dataset, validationFraction: number, maxValidation = Infinity): Split {
  if (!(validationFraction >= 0 && validationFraction <= 1)) {
    throw new RangeError(`validation fraction must be in [0, 1], got ${validationFraction}`);
  }
  if (!(maxValidation >= 0)) throw new RangeError(`maxValidation must be >= 0, got ${maxValidation}`);
  checkShape(ds);

  const members: number[][] = Array.from({ length: 256 }, () => []);
  for (let i = 0; i < ds.count; i++) members[ds.labels[i]].push(i);
  const classes = members.map((_, c) => c).filter((c) => members[c].length > 0);

  const total = Math.min(Math.round(validationFraction * ds.count), Math.floor(maxValidation));
  const quota = allocateByLargestRemainder(
    classes.map((c) => members[c].length),
    total,
  );

  const isValidation = new Uint8Array(ds.count);
  classes.forEach((c, k) => {
    const shuffled = shuffleInPlace(members[c].slice(), new Prng(deriveSeed(SPLIT_SEED, 'split', ds.name, c)));
    for (let j = 0; j < quota[k]; j++) isValidation[shuffled[j]] = 1;
  });

  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < ds.count; i++) (isValidation[i] ? validation : train).push(i);
  return { train: subset(ds, train, 'train'), validation: subset(ds, validation, 'validation') };
}
