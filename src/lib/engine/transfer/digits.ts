/**
 * The two tasks of the transfer demo, cut from one split: a "source" task on some digits
 * (0–4 by default) and a "target" task on the others (5–9), optionally with only a few
 * labelled target examples. Pure data, no TF.js.
 */
import { allocateByLargestRemainder, type Dataset, type Split } from '../../data/dataset';
import { pixelMoments } from '../../data/batches';
import { Prng, deriveSeed, shuffleInPlace } from '../../random/prng';

export const SOURCE_DIGITS: readonly number[] = [0, 1, 2, 3, 4];
export const TARGET_DIGITS: readonly number[] = [5, 6, 7, 8, 9];

function pick(ds: Dataset, indices: readonly number[], name: string, label: (original: number) => number): Dataset {
  const size = ds.rows * ds.cols;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((from, to) => {
    images.set(ds.images.subarray(from * size, (from + 1) * size), to * size);
    labels[to] = label(ds.labels[from]);
  });
  return { name, count: indices.length, rows: ds.rows, cols: ds.cols, images, labels };
}

/**
 * The images of `ds` whose label is one of `digits`, in their original order, relabelled
 * 0..digits.length-1 by position in `digits` (5..9 -> 0..4).
 *
 * Why relabel rather than keep a 10-way head: the student's task has five classes, so its
 * head has five outputs, exactly like the 0–4 network's. Then both tasks use the identical
 * architecture (the hidden layers copy over weight for weight and only the head is redrawn),
 * chance is 20% for both, and no step is spent pushing down five logits for digits that
 * never occur, which would blur the comparison of the first few dozen steps.
 */
export function selectDigits(ds: Dataset, digits: readonly number[]): Dataset {
  const position = new Int16Array(256).fill(-1);
  digits.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > 255) throw new RangeError(`digit ${d} is not a label 0..255`);
    if (position[d] !== -1) throw new RangeError(`digit ${d} is listed twice`);
    position[d] = i;
  });
  const indices: number[] = [];
  for (let i = 0; i < ds.count; i++) if (position[ds.labels[i]] !== -1) indices.push(i);
  return pick(ds, indices, `${ds.name}/digits${digits.join('')}`, (l) => position[l]);
}

/**
 * `n` images of `ds`, each class represented in proportion to its size (largest remainder),
 * chosen by a seeded shuffle per class, kept in their original order. A few-shot set drawn
 * uniformly at random could leave a digit with a handful of examples and turn the demo into
 * a lesson about class imbalance.
 */
export function fewShotSubset(ds: Dataset, n: number, seed: number): Dataset {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`few-shot size must be a whole number >= 1, got ${n}`);
  if (n >= ds.count) return ds;
  const members: number[][] = Array.from({ length: 256 }, () => []);
  for (let i = 0; i < ds.count; i++) members[ds.labels[i]].push(i);
  const classes = members.map((_, c) => c).filter((c) => members[c].length > 0);
  const quota = allocateByLargestRemainder(
    classes.map((c) => members[c].length),
    n,
  );
  const chosen: number[] = [];
  classes.forEach((c, k) => {
    const shuffled = shuffleInPlace(members[c].slice(), new Prng(deriveSeed(seed, 'few-shot', c)));
    chosen.push(...shuffled.slice(0, quota[k]));
  });
  chosen.sort((a, b) => a - b);
  return pick(ds, chosen, `${ds.name}[few-shot ${n}, seed ${seed}]`, (l) => l);
}

export interface TransferTasks {
  /** Source digits, relabelled 0..k-1: training and validation. */
  source: Split;
  /** Target digits, relabelled 0..k-1; train is the few-shot subset when one is asked for. */
  target: Split;
  /**
   * Input standardisation for BOTH tasks, from the whole training split: the copied hidden
   * layers must see target images on the same scale as the source images they learned on.
   */
  moments: { mean: number; std: number };
}

export function transferTasks(split: Split, fewShot: number | null, seed: number): TransferTasks {
  const targetTrain = selectDigits(split.train, TARGET_DIGITS);
  const moments = pixelMoments(split.train);
  return {
    source: { train: selectDigits(split.train, SOURCE_DIGITS), validation: selectDigits(split.validation, SOURCE_DIGITS) },
    target: {
      train: fewShot === null ? targetTrain : fewShotSubset(targetTrain, fewShot, seed),
      validation: selectDigits(split.validation, TARGET_DIGITS),
    },
    moments: { mean: moments.mean, std: moments.std > 0 ? moments.std : 1 },
  };
}
