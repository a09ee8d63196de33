/**
 * Bring-your-own data: the IDX files that full MNIST (60k) and Fashion-MNIST ship as,
 * plain or gzipped. Each file is a big-endian uint32 magic (0x00000803 images,
 * 0x00000801 labels: unsigned bytes with 3 or 1 dimensions), big-endian uint32 sizes, then
 * the bytes. Anything off is refused with the file's name and the numbers that disagree,
 * because a silently misread file would train on garbage.
 */
import type { Dataset } from './dataset';
import { DataFileError, formatCount as n } from './data-file-error';
import { GzipTooLargeError, gunzip, isGzip } from './gzip';
import { errorMessage } from '../error-message';

export { DataFileError };

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
export const IDX_ROWS = 28;
export const IDX_COLS = 28;
/** Beyond this the float copy uploaded to the GPU (4 bytes a pixel) stops fitting comfortably. */
export const MAX_IDX_IMAGES = 200_000;

const IMAGES_HEADER = 16;
const LABELS_HEADER = 8;
const MAX_INFLATED = IMAGES_HEADER + MAX_IDX_IMAGES * IDX_ROWS * IDX_COLS;

const hex = (magic: number) => `0x${magic.toString(16).padStart(8, '0')}`;

/** Inflates gzip files (recognised by their 1f 8b start, not by name) and passes others through. */
export async function maybeGunzip(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  // Said first: an interrupted download of x.gz is empty, and "not gzip" would mislead.
  if (bytes.length === 0) throw new DataFileError(fileName, 'is empty (0 bytes)');
  if (isGzip(bytes)) {
    try {
      return await gunzip(bytes, MAX_INFLATED);
    } catch (err) {
      if (err instanceof GzipTooLargeError) {
        throw new DataFileError(
          fileName,
          `decompresses to more than ${n(MAX_INFLATED)} bytes, more than ${n(MAX_IDX_IMAGES)} ` +
            `${IDX_ROWS}x${IDX_COLS} images (the limit) take`,
        );
      }
      throw new DataFileError(fileName, `is not a valid gzip file: ${errorMessage(err)}`);
    }
  }
  if (/\.gz$/i.test(fileName)) {
    throw new DataFileError(
      fileName,
      'is named .gz but is not gzip-compressed (it does not start with the gzip bytes 1f 8b); ' +
        'if it was already decompressed, remove the .gz from its name',
    );
  }
  return bytes;
}

type Kind = 'images' | 'labels';

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Checks size and magic; returns nothing on success, so the caller can read the header. */
function checkHeader(bytes: Uint8Array, fileName: string, kind: Kind): void {
  const headerBytes = kind === 'images' ? IMAGES_HEADER : LABELS_HEADER;
  const expected = kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  const other = kind === 'images' ? IDX_LABELS_MAGIC : IDX_IMAGES_MAGIC;
  const shortMessage = () => `is only ${n(bytes.length)} bytes, shorter than the ${headerBytes}-byte header of an IDX ${kind} file`;
  if (bytes.length === 0) throw new DataFileError(fileName, 'is empty (0 bytes)');
  if (bytes.length < 4) throw new DataFileError(fileName, shortMessage());

  const magic = view(bytes).getUint32(0, false);
  if (magic !== expected) {
    let hint: string;
    if (magic === other) {
      const otherKind = kind === 'images' ? 'labels' : 'images';
      hint = `it looks like an IDX ${otherKind} file: did you swap the images and labels files?`;
    } else if (isGzip(bytes)) {
      hint = 'it is gzip-compressed and must be decompressed first';
    } else if (magic >>> 16 === 0) {
      hint = 'it is an IDX file of another element type or shape; only unsigned-byte MNIST-style files are supported';
    } else {
      hint = 'it is not an IDX file';
    }
    throw new DataFileError(
      fileName,
      `has magic number ${hex(magic)} (${magic}), but an IDX ${kind} file starts with ` + `${hex(expected)} (${expected}); ${hint}`,
    );
  }
  if (bytes.length < headerBytes) throw new DataFileError(fileName, shortMessage());
}

/**
 * Checks the body length against what the header promises. Only arithmetic on the header's
 * numbers happens before this, so a corrupt count (say 4e9) fails here at once instead of
 * sizing an allocation.
 */
function checkLength(bytes: Uint8Array, fileName: string, headerBytes: number, count: number, what: string, itemBytes: number): void {
  const expected = headerBytes + count * itemBytes;
  if (bytes.length < expected) {
    throw new DataFileError(
      fileName,
      `is truncated: its header promises ${n(count)} ${what} = ${n(expected)} bytes ` +
        `(with the ${headerBytes}-byte header), but the file has ${n(bytes.length)} bytes`,
    );
  }
  if (bytes.length > expected) {
    throw new DataFileError(
      fileName,
      `has ${n(bytes.length - expected)} extra bytes after the ${n(count)} ${what} its header promises ` +
        `(expected ${n(expected)} bytes, found ${n(bytes.length)})`,
    );
  }
  if (count > MAX_IDX_IMAGES) {
    throw new DataFileError(fileName, `holds ${n(count)} ${what}, more than the limit of ${n(MAX_IDX_IMAGES)}`);
  }
}

/** The pixels are a view into `bytes`, not a copy. */
export function parseIdxImages(bytes: Uint8Array, fileName: string): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  checkHeader(bytes, fileName, 'images');
  const header = view(bytes);
  const count = header.getUint32(4, false);
  const rows = header.getUint32(8, false);
  const cols = header.getUint32(12, false);
  if (count === 0) throw new DataFileError(fileName, 'holds 0 images (its header gives the count as 0)');
  if (rows !== IDX_ROWS || cols !== IDX_COLS) {
    throw new DataFileError(
      fileName,
      `holds ${rows}x${cols} images, but Init Lab needs ${IDX_ROWS}x${IDX_COLS} images (MNIST or Fashion-MNIST)`,
    );
  }
  checkLength(bytes, fileName, IMAGES_HEADER, count, `${rows}x${cols} images`, rows * cols);
  return { count, rows, cols, pixels: bytes.subarray(IMAGES_HEADER) };
}

/** The labels are a view into `bytes`, not a copy. */
export function parseIdxLabels(bytes: Uint8Array, fileName: string): { count: number; labels: Uint8Array } {
  checkHeader(bytes, fileName, 'labels');
  const count = view(bytes).getUint32(4, false);
  if (count === 0) throw new DataFileError(fileName, 'holds 0 labels (its header gives the count as 0)');
  checkLength(bytes, fileName, LABELS_HEADER, count, 'labels', 1);
  const labels = bytes.subarray(LABELS_HEADER);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) {
      throw new DataFileError(fileName, `has label ${labels[i]} at position ${n(i)}; labels must be digits 0..9`);
    }
  }
  return { count, labels };
}

/** "train-images-idx3-ubyte.gz" -> "train-images": the name the split is seeded with. */
function datasetName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const name = base.replace(/\.gz$/i, '').replace(/[-.]idx\d-ubyte$/i, '');
  return name || base || 'idx';
}

export async function loadIdxPair(
  images: { name: string; bytes: Uint8Array },
  labels: { name: string; bytes: Uint8Array },
): Promise<Dataset> {
  // One after the other, so when both files are bad the images file is always the one reported.
  const parsedImages = parseIdxImages(await maybeGunzip(images.bytes, images.name), images.name);
  const parsedLabels = parseIdxLabels(await maybeGunzip(labels.bytes, labels.name), labels.name);
  if (parsedLabels.count !== parsedImages.count) {
    throw new DataFileError(
      labels.name,
      `has ${n(parsedLabels.count)} labels, but ${images.name} has ${n(parsedImages.count)} images; ` +
        'the images and labels files must have the same count',
    );
  }
  return {
    name: datasetName(images.name),
    count: parsedImages.count,
    rows: parsedImages.rows,
    cols: parsedImages.cols,
    images: parsedImages.pixels,
    labels: parsedLabels.labels,
  };
}

function withHeader(dims: number[], magic: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const header = view(out);
  header.setUint32(0, magic, false);
  dims.forEach((d, i) => header.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

/** For tests and e2e fixtures. */
export function encodeIdxImages(pixels: Uint8Array, count: number, rows: number, cols: number): Uint8Array {
  if (pixels.length !== count * rows * cols) {
    throw new RangeError(`${pixels.length} pixel bytes is not ${count} images of ${rows}x${cols}`);
  }
  return withHeader([count, rows, cols], IDX_IMAGES_MAGIC, pixels);
}

/** For tests and e2e fixtures. */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  return withHeader([labels.length], IDX_LABELS_MAGIC, labels);
}
