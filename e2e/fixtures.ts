/** Test fixtures made from the real embedded MNIST asset (built by `npm run prepare-data`). */
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const HEADER = 12;

/** The first `count` digits of the embedded asset (which is ordered by label). */
export function embeddedDigits(count: number, stride = 1): { pixels: Uint8Array; labels: Uint8Array } {
  const raw = gunzipSync(readFileSync('static/data/mnist10k.bin.gz'));
  const total = raw.readUInt32LE(4);
  const labels = raw.subarray(HEADER, HEADER + total);
  const pixels = raw.subarray(HEADER + total);
  const outPixels = new Uint8Array(count * 784);
  const outLabels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const src = (i * stride) % total;
    outLabels[i] = labels[src];
    outPixels.set(pixels.subarray(src * 784, (src + 1) * 784), i * 784);
  }
  return { pixels: outPixels, labels: outLabels };
}

function header(magic: number, dims: number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}

export function idxImages(pixels: Uint8Array, count: number): Buffer {
  return Buffer.concat([header(0x803, [count, 28, 28]), Buffer.from(pixels)]);
}

export function idxLabels(labels: Uint8Array): Buffer {
  return Buffer.concat([header(0x801, [labels.length]), Buffer.from(labels)]);
}

export const gzip = (b: Buffer) => gzipSync(b);
