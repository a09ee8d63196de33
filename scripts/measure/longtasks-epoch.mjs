/**
 * The issue's own measure of long tasks while training: a 3×256 MLP for one epoch, run
 * `RUNS` times in fresh pages. Prints, per run, the tasks over 50 ms between the first step
 * and Done. Run after `npm run build`: [BACKEND=webgl] node scripts/measure/longtasks-epoch.mjs
 */
import os from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../chromium-path.mjs';
import { longTasksDuring } from '../bench/app.mjs';
import { startPreview } from '../bench/server.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
// BACKEND=webgl (or wasm) adds backend=… to the link; by default the lab picks (auto).
const query = `depth=3&width=256&epochs=1&autorun=1${process.env.BACKEND ? `&backend=${process.env.BACKEND}` : ''}`;
const server = await startPreview(Number(process.env.BENCH_PORT ?? 4199));
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
try {
  console.log(`${query}: load avg ${os.loadavg()[0].toFixed(1)}`);
  for (let i = 0; i < RUNS; i++) {
    const r = await longTasksDuring(browser, server.base, query);
    console.log(
      `run ${i + 1}: ${r.status}, training ${Math.round(r.trainingMs)} ms, ${r.count} task(s) over 50 ms, longest ${Math.round(r.longestMs)} ms; before the first step: longest ${Math.round(r.beforeFirstStep.longestMs)} ms; load avg ${os.loadavg()[0].toFixed(1)}`,
    );
  }
} finally {
  await browser.close();
  server.stop();
}
