/**
 * Measurements in the real app (index page; training runs in its Web Worker): time from
 * navigation to the first step, main-thread long tasks while training, and the training
 * thread's memory before and after 20 runs. Each uses a fresh page (own browser context,
 * so nothing is cached from an earlier page).
 */
import { COMPARE_SCHEMES } from './schemes.mjs';

/**
 * Runs in the page before its own scripts (addInitScript, so it is serialised: no outer
 * names). Records every long task, and the time each status change to an ended state
 * happens: a MutationObserver fires in the same task as the change, so there is no
 * polling lag in "the moment the status reads Done".
 */
function instrument() {
  const bench = (window.__bench = { longTasks: [], ends: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ startTime: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = '';
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="run-status"]')?.textContent ?? '';
    if (text === last) return;
    last = text;
    if (/^(Done|Stopped|Diverged|Failed)/.test(text)) bench.ends.push({ text, t: performance.now() });
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** Waits for the n-th run end since the page loaded; returns { text, t }. */
async function nthEnd(page, n, timeout) {
  await page.waitForFunction((n) => window.__bench.ends.length >= n, n, { timeout, polling: 100 });
  return page.evaluate((n) => window.__bench.ends[n - 1], n);
}

async function instrumentedPage(browser) {
  const page = await browser.newPage();
  await page.addInitScript(instrument);
  return page;
}

/** Long tasks that start between the first step's mark and the status reading Done. */
export async function longTasksDuring(browser, base, query) {
  const page = await instrumentedPage(browser);
  await page.goto(`${base}/?${query}`);
  const end = await nthEnd(page, 1, 180_000);
  const { firstStep, firstPaint, tasks, phases } = await page.evaluate(() => ({
    firstStep: performance.getEntriesByName('init-lab:first-step')[0]?.startTime ?? null,
    // "Content painted within 1 s": the browser's own first-contentful-paint entry.
    firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    tasks: window.__bench.longTasks,
    // The parts of the time to the first step, the page's and its worker's (src/lib/worker/phases.ts).
    phases: performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('init-lab:'))
      .map((m) => ({ name: m.name.slice('init-lab:'.length), startMs: m.startTime, ms: m.duration })),
  }));
  await page.close();
  if (firstStep === null) throw new Error(`${query}: no first-step mark (status: ${end.text})`);
  const during = tasks.filter((t) => t.startTime >= firstStep && t.startTime <= end.t);
  const before = tasks.filter((t) => t.startTime < firstStep);
  const longest = (xs) => (xs.length ? Math.max(...xs.map((t) => t.duration)) : 0);
  return {
    query,
    status: end.text,
    navigationToFirstStepMs: firstStep,
    firstContentfulPaintMs: firstPaint,
    trainingMs: end.t - firstStep,
    count: during.length,
    longestMs: longest(during),
    totalMs: during.reduce((s, t) => s + t.duration, 0),
    beforeFirstStep: { count: before.length, longestMs: longest(before), tasks: before },
    // Only those under way before the first step: later ones (a second probe's upload) are not on its path.
    phases: phases.filter((p) => p.startMs < firstStep).sort((a, b) => a.startMs - b.startMs),
  };
}

/**
 * The training thread's memory once it stops changing. After a run (and after a config
 * change) the page has the worker measure the at-init signal profile, whose models hold
 * 8 tensors of a small MLP for a few seconds on a loaded machine (seen: 7 -> 15 -> 7 over
 * ~3 s after Done), so a read taken near Done can catch them. Settled: 4 s unchanged.
 */
async function settledMemory(page) {
  const read = () => page.evaluate(() => window.__initLab.trainingMemory());
  let last = await read();
  let sameFor = 0;
  for (let i = 0; i < 80 && sameFor < 8; i++) {
    await page.waitForTimeout(500);
    const now = await read();
    sameFor = JSON.stringify(now) === JSON.stringify(last) ? sameFor + 1 : 0;
    last = now;
  }
  if (sameFor < 8) throw new Error('training-thread memory did not settle in 40 s');
  return last;
}

/** Memory of the training thread after a first run, and after `runs` more (every third stopped mid-run). */
export async function memoryAcrossRuns(browser, base, runs = 20) {
  const page = await instrumentedPage(browser);
  const small = 'width=32&depth=2&bs=32';
  await page.goto(`${base}/?${small}&steps=10&autorun=1`);
  // The first run uploads the dataset and compiles the shaders: the baseline is taken after it.
  const first = await nthEnd(page, 1, 180_000);
  if (first.text !== 'Done') throw new Error(`memory baseline run ended "${first.text}"`);
  const before = await settledMemory(page);
  const train = page.getByRole('button', { name: 'Train', exact: true });
  const endings = {};
  // TF.js's texture pool after each run (unsettled read): tells a one-off step from a climb.
  const poolBytes = [];
  for (let i = 0; i < runs; i++) {
    const stop = i % 3 === 2;
    await page.evaluate(
      (q) => {
        history.pushState(null, '', `/?${q}`);
        dispatchEvent(new PopStateEvent('popstate'));
      },
      `${small}&steps=${stop ? 5000 : 10}`,
    );
    await train.click();
    if (stop) {
      await page.waitForFunction(
        () => /^Training step [1-9]/.test(document.querySelector('[data-testid="run-status"]')?.textContent ?? ''),
        null,
        { timeout: 60_000, polling: 100 },
      );
      await page.getByRole('button', { name: 'Stop' }).click();
    }
    const end = await nthEnd(page, i + 2, 90_000);
    endings[end.text] = (endings[end.text] ?? 0) + 1;
    poolBytes.push((await page.evaluate(() => window.__initLab.trainingMemory()))?.gpuBytesAllocated ?? null);
  }
  const after = await settledMemory(page);
  await page.close();
  const keys = ['numTensors', 'numBytes', 'gpuBytes', 'gpuBytesAllocated'];
  return { runs, endings, before, after, poolBytes, unchanged: Object.fromEntries(keys.map((k) => [k, before?.[k] === after?.[k]])) };
}

/**
 * Wall time, first step to Done, of comparisons of K runs in the real app (worker, the
 * stacked engine, evaluations included): K = 1, 2, 4, 8 init variants, and 2 variants × 4
 * seeds, each as a multiple of one run of the same net. Every query gets a fresh page.
 */
export async function appComparisons(browser, base, { width, steps }) {
  const queries = [1, 2, 4, 8].map((k) => ({
    runs: k,
    label: `${k} variant${k > 1 ? 's' : ''}`,
    query: `init=${COMPARE_SCHEMES.slice(0, k).join(',')}`,
  }));
  queries.push({ runs: 8, label: '2 variants × 4 seeds', query: 'init=he_normal,xavier_normal&seeds=4' });
  const out = [];
  for (const q of queries) {
    const t = await longTasksDuring(browser, base, `depth=2&width=${width}&steps=${steps}&${q.query}&autorun=1`);
    out.push({ ...q, width, steps, status: t.status, ms: t.trainingMs });
  }
  return out.map((c) => ({ ...c, multipleOfOne: c.ms / out[0].ms, examplesPerSecPerRun: (c.steps * 64 * 1000) / c.ms }));
}
