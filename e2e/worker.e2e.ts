import { expect, test, type Page } from '@playwright/test';

/**
 * Training off the page's thread, and what must survive: a lost GPU context (resumed on a
 * fresh worker; ended cleanly where it cannot be), a hidden tab, a page left mid-run, and an
 * afternoon of runs (memory must come back to where it was).
 */

const ENDED = /^(Done|Stopped|Diverged|Failed)/;

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * The training worker's memory once it is idle: after a run ends the page re-measures signal
 * propagation there (after a short debounce), and that probe's tensors are not a leak.
 */
async function idleMemory(page: Page) {
  const panel = page.getByTestId('signal-panel');
  await page.waitForTimeout(400);
  await expect(panel).toHaveAttribute('data-measuring', 'false', { timeout: 60_000 });
  return page.evaluate(() => window.__initLab!.trainingMemory());
}

/** The runs' series as the charts hold them. */
const allSeries = (page: Page) => page.evaluate(() => window.__initLab!.runs().series);
const firstSeries = async (page: Page) => (await allSeries(page))[0];
/** Steps the first run has reported. */
const stepNow = (page: Page) => page.evaluate(() => window.__initLab!.runs().series[0]?.loss.length ?? 0);
/** 'Training step 3/800…' for one run, 'Training 2 runs, step 6/1600…' for two. */
const TRAINING = /^Training (\d+ runs, )?step [1-9]\d*\//;

/** Largest |a - b| relative to the largest |a|: float noise, not a different curve. */
function relDiff(a: number[], b: number[]): number {
  expect(b).toHaveLength(a.length);
  const scale = Math.max(1e-12, ...a.map(Math.abs));
  return Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]))) / scale;
}

test('training runs in a worker on WebGL, keeps going in a hidden tab, and after a lost GPU context resumes on a fresh one from its last evaluation', async ({
  page,
}) => {
  // Three trainings of two runs on a software GPU: the resumed one, the straight one, and one left mid-run.
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  // Two inits of 784-64-64-10, batch 64: one stack (stack/policy.ts: small enough to stack even
  // on a software GPU), evaluated every 141 steps (eval-cadence.ts): 0, 141, 282, 423 and 500.
  // Pinned to WebGL: what is under test is its context (auto could pick wasm on SwiftShader).
  const TOTAL = 500;
  const url = `/?arch=mlp&depth=2&width=64&init=he_normal,xavier_uniform&steps=${TOTAL}&backend=webgl&autorun=1`;
  await page.goto(url);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-thread', 'worker');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveText(TRAINING, { timeout: 90_000 });

  // Headless Chromium keeps every tab visible, so hide this one the way a browser does:
  // visibility says hidden and animation frames stop coming. Nothing in the training or
  // reporting path may wait for a frame.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true });
    Object.defineProperty(document, 'hidden', { get: () => true, configurable: true });
    window.requestAnimationFrame = () => 0;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hiddenAt = await stepNow(page);
  await expect.poll(() => stepNow(page), { timeout: 30_000 }).toBeGreaterThan(hiddenAt + 20);

  // Lose the context some steps after an evaluation past step 0 (so the resume is from a trained state).
  await expect.poll(async () => (await firstSeries(page)).evals.some((e) => e.step > 0), { timeout: 60_000 }).toBe(true);
  const evaluatedAt = Math.max(...(await firstSeries(page)).evals.map((e) => e.step));
  await expect.poll(() => stepNow(page), { timeout: 30_000 }).toBeGreaterThan(evaluatedAt + 20);
  expect(await page.evaluate(() => window.__initLab!.loseTrainingContext())).toBe(true);

  await expect(status).toHaveText(/^Done \(GPU context lost at step \d+; resumed from step \d+ on a fresh context\)$/, {
    timeout: 120_000,
  });
  const [, lostAt, resumedFrom] = (await status.textContent())!.match(/lost at step (\d+); resumed from step (\d+)/)!.map(Number);
  expect(resumedFrom).toBeGreaterThan(0);
  expect(resumedFrom).toBeLessThan(lostAt);
  expect(lostAt).toBeLessThan(TOTAL);
  const resumed = await allSeries(page);
  expect(resumed).toHaveLength(2);
  for (const s of resumed) {
    // The curve goes on where it was: every step 1..TOTAL once (a repeat would lengthen it, a gap shorten it), no zeros read off a dead context.
    expect(s.status).toBe('done');
    expect(s.loss).toHaveLength(TOTAL);
    expect(s.loss.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    expect(s.gradNorms.every((g) => g.length === TOTAL && g.every((x) => Number.isFinite(x) && x > 0))).toBe(true);
    expect(s.evals.map((e) => e.step)).toEqual([0, 141, 282, 423, 500]);
  }
  const row = page.getByTestId('run-table').locator('tbody tr').first();
  await expect(row.locator('td').nth(1)).toHaveText(`${TOTAL}/${TOTAL}`);

  // The same experiment again, without a loss (on the fresh worker): the resumed curves are the ones they would have been.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toHaveText('Done', { timeout: 120_000 });
  const straight = await allSeries(page);
  const after = (s: (typeof straight)[number]) => s.evals.filter((e) => e.step > resumedFrom);
  const worst = { loss: 0, valLoss: 0, weightNorms: 0 };
  straight.forEach((a, r) => {
    const b = resumed[r];
    worst.loss = Math.max(worst.loss, relDiff(a.loss, b.loss));
    expect(after(b).map((e) => e.step)).toEqual(after(a).map((e) => e.step));
    worst.valLoss = Math.max(
      worst.valLoss,
      relDiff(
        after(a).map((e) => e.valLoss),
        after(b).map((e) => e.valLoss),
      ),
    );
    worst.weightNorms = Math.max(
      worst.weightNorms,
      relDiff(
        after(a).flatMap((e) => e.weightNorms),
        after(b).flatMap((e) => e.weightNorms),
      ),
    );
    expect(after(b).map((e) => e.valAccuracy)).toEqual(after(a).map((e) => e.valAccuracy));
  });
  console.info(
    `lost at step ${lostAt}, resumed from ${resumedFrom}; resumed vs straight, largest relative difference: ${JSON.stringify(worst)}`,
  );
  expect(worst.loss).toBeLessThan(1e-5);
  expect(worst.valLoss).toBeLessThan(1e-5);
  expect(worst.weightNorms).toBeLessThan(1e-5);

  // Then leave the page while it trains.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toHaveText(TRAINING, { timeout: 90_000 });
  await page.goto('about:blank');
  await page.waitForTimeout(500);
  expect(errors.filter((e) => !/context lost/i.test(e))).toEqual([]);
});

test("a lost context on the page's own thread cannot be resumed: the run ends with its numbers kept, and says why", async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => (window.__initLabMainThread = true));
  await page.goto('/?arch=mlp&depth=2&width=64&steps=3000&backend=webgl&autorun=1');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-thread', 'main');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveText(TRAINING, { timeout: 90_000 });
  await expect.poll(() => stepNow(page), { timeout: 30_000 }).toBeGreaterThan(10);
  expect(await page.evaluate(() => window.__initLab!.loseTrainingContext())).toBe(true);
  await expect(status).toHaveText(
    /^Failed: the GPU context was lost after step (\d+); training ran on the page's own thread, whose context cannot be re-made without a reload: the numbers up to there are kept \(reload the page to get the GPU back\)$/,
    { timeout: 30_000 },
  );
  const lostAt = Number((await status.textContent())!.match(/after step (\d+)/)![1]);
  const s = await firstSeries(page);
  expect(s.status).toBe('failed');
  expect(s.loss).toHaveLength(lostAt);
  expect(s.loss.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
  expect(errors.filter((e) => !/context lost/i.test(e))).toEqual([]);
});

test('where a worker has no WebGL the page trains on its own thread, and says so', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => (window.__initLabMainThread = true));
  await page.goto('/?steps=10&autorun=1');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-thread', 'main');
  await expect(page.getByText(/Training on the page's own thread because/)).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 90_000 });
  expect(errors).toEqual([]);
});

test('20 runs in a row (done, stopped, diverged) leave tensors and WebGL bytes where they started', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  // Tiny runs: what is under test is what each leaves behind, not what it learns.
  // Pinned to WebGL (in every query, as Back/Forward reads the backend too): auto could move
  // a shape to wasm, and then WebGL's bytes would not be the thing measured.
  const small = 'width=16&depth=1&bs=16&backend=webgl';
  const train = page.getByRole('button', { name: 'Train', exact: true });
  const status = page.getByTestId('run-status');
  const kinds = ['done', 'stopped', 'diverged'] as const;
  const query = {
    done: `${small}&steps=4`,
    stopped: `${small}&steps=5000`,
    diverged: 'width=16&depth=2&bs=16&init=normal:std=5&opt=sgd&lr=10&steps=30&backend=webgl',
  };
  // A first run uploads the dataset and compiles the shaders: the baseline is taken after it.
  await page.goto(`/?${query.done}&autorun=1`);
  await expect(status).toHaveText('Done', { timeout: 90_000 });
  const before = await idleMemory(page);
  expect(before!.numTensors).toBeGreaterThan(0);

  for (let i = 0; i < 20; i++) {
    const kind = kinds[i % 3];
    await page.evaluate((q) => {
      history.pushState(null, '', `/?${q}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, query[kind]);
    await train.click();
    if (kind === 'stopped') {
      await expect(status).toHaveText(/Training step [1-9]/, { timeout: 30_000 });
      await page.getByRole('button', { name: 'Stop' }).click();
    }
    await expect(status).toHaveText(ENDED, { timeout: 60_000 });
    const ended = (await status.textContent())!;
    expect(ended, `run ${i + 1} (${kind})`).toMatch({ done: /^Done/, stopped: /^Stopped/, diverged: /^Diverged/ }[kind]);
  }
  const after = await idleMemory(page);
  expect(after!.numTensors).toBe(before!.numTensors);
  expect(after!.numBytes).toBe(before!.numBytes);
  expect(after!.gpuBytes).toBe(before!.gpuBytes);
  expect(errors).toEqual([]);
});
