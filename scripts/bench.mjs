/**
 * npm run bench: measures, in one headless-Chromium page, the lab's instrumented loop
 * against plain model.fit (ratio), for the default MLP and a small CNN, and the time from
 * navigation to the first training step in the real app. Prints a table and writes
 * bench-results/latest.json. Numbers vary with the machine: compare ratios, not rates.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';

const port = 4199;
const base = `http://127.0.0.1:${port}`;
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
const stopServer = () => server.kill();
process.on('exit', stopServer);

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not start');
}

await waitForServer();
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(`${base}/bench.html`);
await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
const backend = await page.evaluate(() => window.initLabBench.setup());

const cases = [
  { name: 'MLP 784-256-256-10 (default), bs 64', overrides: {}, steps: 60 },
  { name: 'CNN 2x16 3x3, bs 64', overrides: { arch: 'cnn', depth: 2, channels: 16 }, steps: 30 },
];
const rows = [];
for (const c of cases) {
  // Alternate the two measurements so drift in machine load affects both alike.
  const lab = [];
  const fit = [];
  for (let rep = 0; rep < 2; rep++) {
    lab.push(await page.evaluate(([o, s]) => window.initLabBench.labLoop(o, s), [c.overrides, c.steps]));
    fit.push(await page.evaluate(([o, s]) => window.initLabBench.fit(o, s), [c.overrides, c.steps]));
  }
  const best = (xs) => Math.max(...xs);
  rows.push({ case: c.name, labExamplesPerSec: best(lab), fitExamplesPerSec: best(fit), ratio: best(lab) / best(fit) });
}
// K-variant comparisons: wall time as a multiple of one run (same steps, same page).
await page.evaluate(() => window.initLabBench.comparison(1, 10)); // compile every shader first
const compare = [];
const baseMs = await page.evaluate(() => window.initLabBench.comparison(1, 40));
for (const k of [1, 4, 8]) {
  const ms = k === 1 ? baseMs : await page.evaluate((k) => window.initLabBench.comparison(k, 40), k);
  compare.push({ variants: k, ms, multipleOfOne: ms / baseMs });
}
const memory = await page.evaluate(() => window.initLabBench.memory());

// Navigation to first training step, in the real app (fresh page: nothing cached in memory).
const app = await browser.newPage();
const t0 = Date.now();
await app.goto(`${base}/?steps=20&autorun=1`);
await app.waitForFunction(() => performance.getEntriesByName('init-lab:first-step').length > 0, null, { timeout: 120_000 });
const firstStepMs = await app.evaluate(() => performance.getEntriesByName('init-lab:first-step')[0].startTime);
const wallFirstStepMs = Date.now() - t0;
await browser.close();
stopServer();

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length}x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  backend,
  rows,
  compare,
  navigationToFirstStepMs: Math.round(firstStepMs),
  wallToFirstStepMs: wallFirstStepMs,
  tensorsAfterBench: memory.numTensors,
};
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', JSON.stringify(result, null, 2));

console.log(`\nInit Lab benchmark · ${result.machine} · ${backend.backend} · ${backend.renderer ?? ''}`);
console.log('| case | lab loop (examples/s) | model.fit (examples/s) | lab / fit |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.case} | ${Math.round(r.labExamplesPerSec)} | ${Math.round(r.fitExamplesPerSec)} | ${r.ratio.toFixed(2)}x |`);
console.log('\n| variants compared (default MLP, 40 steps) | wall time | × one run |');
console.log('| ---: | ---: | ---: |');
for (const c of compare) console.log(`| ${c.variants} | ${(c.ms / 1000).toFixed(1)} s | ${c.multipleOfOne.toFixed(2)}x |`);
console.log(`\nnavigation -> first training step: ${result.navigationToFirstStepMs} ms`);
