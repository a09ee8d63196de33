/**
 * "Same data": the lab's current split (the embedded 10k digits or the IDX files a person
 * loaded, as the lab split them) written back as standard IDX files in one zip, so a PyTorch
 * run can train on exactly these images, in this order, and validate on exactly these.
 * train-* holds the training part in the lab's order (batch indices refer to it); val-* the
 * validation part.
 */
import { zipSync } from 'fflate';
import type { Dataset, Split } from '../data/dataset';
import { encodeIdxImages, encodeIdxLabels } from '../data/idx';

export const IDX_ZIP_NAME = 'init-lab-data-idx.zip';

function files(ds: Dataset, prefix: string): Record<string, Uint8Array> {
  return {
    [`${prefix}-images-idx3-ubyte`]: encodeIdxImages(ds.images, ds.count, ds.rows, ds.cols),
    [`${prefix}-labels-idx1-ubyte`]: encodeIdxLabels(ds.labels),
  };
}

/** One zip of four IDX files; deflated (MNIST pixels shrink about 5x). */
export function splitAsIdxZip(split: Split): Uint8Array {
  return zipSync({ ...files(split.train, 'train'), ...files(split.validation, 'val') }, { level: 6 });
}
