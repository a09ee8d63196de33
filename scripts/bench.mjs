/**
 * npm run bench, one headless-Chromium run:
 *  - bench.html: the lab's instrumented loop against plain model.fit (examples/s), and its
 *    hand-counted FLOP/s as a fraction of the backend's own matMul peak, for an MLP and a
 *    CNN; wall time of K-variant comparisons;
 *  - the real app: navigation to first step, main-thread long tasks while the worker
 *    trains, and the training thread's memory across 20 runs.
 * Prints markdown tables and writes bench-results/latest.json. Rates depend on the
 * machine (and on whatever else it runs: the load average is in the machine line);
 * compare ratios, not rates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';
import { appComparisons, longTasksDuring, memoryAcrossRuns } from './bench/app.mjs';
import { measureBackends, measureComparisons, measureLoops, measureOptimizerAgreement, measurePeak } from './bench/engine.mjs';
import { markdown, phasesMarkdown } from './bench/report.mjs';
import { COMPARE_SCHEMES } from './bench/schemes.mjs';
import { startPreview } from './bench/server.mjs';

const started = Date.now();
const load = () => os.loadavg()[0].toFixed(1);
const loadAtStart = load();
// A hung page must not hang CI. The target is under 6 minutes on an idle 2-core VM; a heavily
// loaded one took 10, so the watchdog leaves room for that.
setTimeout(() => {
  console.error('bench: still running after 20 minutes, giving up');
  process.exit(1);
}, 1_200_000).unref();

// --only=peak,loops,optimizers,compare,throughput,longtasks,memory,appcompare,evalshare,snapshot,backends runs a subset (while working on one part).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
// loops needs the peak to express its FLOP/s as a share of it.
// A phase another one reads from runs with it: the matMul peak with the loops, and the app's
// default run (the first long-task measure) with the throughput baselines.
const want = (name) =>
  !only || only.includes(name) || (name === 'peak' && only.includes('loops')) || (name === 'longtasks' && only.includes('throughput'));
/** Runs one phase, saying on stderr how long it took: where the minutes go is half the story. */
async function phase(name, fn) {
  if (!want(name)) return null;
  const t = Date.now();
  process.stderr.write(`bench: ${name}…`);
  const value = await fn();
  process.stderr.write(` ${((Date.now() - t) / 1000).toFixed(0)} s (load ${load()})\n`);
  return value;
}

// BENCH_PORT: another checkout may be benchmarking on 4199 at the same time.
const server = await startPreview(Number(process.env.BENCH_PORT ?? 4199));
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${server.base}/bench.html`);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
  const backend = await page.evaluate(() => window.initLabBench.setup());
  const peak = await phase('peak', () => measurePeak(page));
  const rows = await phase('loops', () => measureLoops(page, peak));
  const optimizers = await phase('optimizers', () => measureOptimizerAgreement(page));
  const compare = await phase('compare', () => measureComparisons(page));
  // Evaluation's share of training time in the default run, at the scheduler's own cadence.
  // model.fit on WebGL and on wasm, and ConvNetJS, for the real app's default run to be set
  // against: 120 steps (fit takes one epoch of distinct examples, and the split has 8000).
  const baselines = await phase('throughput', () => page.evaluate(() => window.initLabBench.baselines(120)));
  const evalShare = await phase('evalshare', () => page.evaluate(() => window.initLabBench.evalShares({ steps: 300 })));
  // What resuming after a lost context costs while nothing is lost: a snapshot per evaluation, default MLP, 8 runs.
  const snapshotCost = await phase('snapshot', async () => {
    const eight = {
      steps: 120,
      init: COMPARE_SCHEMES.map((scheme) => ({ scheme })),
    };
    return [
      await page.evaluate((o) => window.initLabBench.snapshotCost(o, 'auto', 30), eight),
      await page.evaluate((o) => window.initLabBench.snapshotCost(o, 'always', 30), eight),
    ];
  });
  // WebGL, wasm and cpu side by side; last on the page, as it leaves wasm and cpu started.
  const backends = await phase('backends', () => measureBackends(page));
  const tensorsAfterBench = (await page.evaluate(() => window.initLabBench.memory())).numTensors;
  await page.close();

  // The first is also the app's side of the throughput comparison (baselines above).
  const longTasks = await phase('longtasks', async () => [
    await longTasksDuring(browser, server.base, 'steps=300&autorun=1'),
    await longTasksDuring(browser, server.base, 'init=he_normal,xavier_normal,lecun_normal,orthogonal&steps=150&autorun=1'),
  ]);
  const memory = await phase('memory', () => memoryAcrossRuns(browser, server.base, 20));
  // K runs of a comparison in the real app, as multiples of one run: a preset-sized MLP and the default.
  const appCompare = await phase('appcompare', async () => [
    ...(await appComparisons(browser, server.base, { width: 64, steps: 150 })),
    ...(await appComparisons(browser, server.base, { width: 256, steps: 150 })),
  ]);

  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    machine: `${cpus.length}x ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load avg ${loadAtStart} → ${load()}`,
    seconds: (Date.now() - started) / 1000,
    backend,
    peak,
    rows,
    optimizers,
    compare,
    baselines,
    evalShare,
    snapshotCost,
    backends,
    navigationToFirstStepMs: longTasks && Math.round(longTasks[0].navigationToFirstStepMs),
    longTasks,
    memory,
    appCompare,
    tensorsAfterBench,
  };
  if (only) {
    console.log(JSON.stringify(result, null, 2)); // a partial run does not replace latest.json
    if (longTasks) console.error(`\n${phasesMarkdown(longTasks)}\n`);
  } else {
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/latest.json', JSON.stringify(result, null, 2));
    console.log(`\n${markdown(result)}\n`);
  }
} finally {
  await browser.close();
  server.stop();
}
