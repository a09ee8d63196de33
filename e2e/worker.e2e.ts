import { expect, test, type Page } from '@playwright/test';

/**
 * Training off the page's thread, and what must survive: a lost GPU context, a hidden tab,
 * a page left mid-run, and an afternoon of runs (memory must come back to where it was).
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

test('training runs in a worker on WebGL, keeps going in a hidden tab, and a lost GPU context ends the run cleanly with its numbers kept', async ({ page }) => {
  const errors = watchErrors(page);
  // Pinned to WebGL: what is under test is its context (auto could pick wasm on SwiftShader).
  await page.goto('/?steps=3000&backend=webgl&autorun=1');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-thread', 'worker');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveText(/Training step ([1-9]\d*)\//, { timeout: 90_000 });
  const stepNow = () => page.evaluate(() => Number(document.querySelector('[data-testid="run-status"]')!.textContent!.match(/step (\d+)\//)?.[1] ?? 0));

  // Headless Chromium keeps every tab visible, so hide this one the way a browser does:
  // visibility says hidden and animation frames stop coming. Nothing in the training or
  // reporting path may wait for a frame.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true });
    Object.defineProperty(document, 'hidden', { get: () => true, configurable: true });
    window.requestAnimationFrame = () => 0;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hiddenAt = await stepNow();
  await expect.poll(stepNow, { timeout: 30_000 }).toBeGreaterThan(hiddenAt + 20);

  expect(await page.evaluate(() => window.__initLab!.loseTrainingContext())).toBe(true);
  await expect(status).toHaveText(/GPU context was lost after step (\d+); the numbers up to there are kept/, { timeout: 30_000 });
  const lostAt = Number((await status.textContent())!.match(/after step (\d+)/)![1]);
  expect(lostAt).toBeGreaterThan(hiddenAt + 20);
  expect(lostAt).toBeLessThan(3000);
  // Every step before the loss is on the chart; nothing read after it (zeros, garbage) is.
  const row = page.getByTestId('run-table').locator('tbody tr').first();
  await expect(row.locator('td').nth(1)).toHaveText(`${lostAt}/3000`);

  // Train again: a fresh worker on a fresh context; then leave the page while it trains.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toHaveText(/Training step ([1-9]\d*)\//, { timeout: 90_000 });
  await page.goto('about:blank');
  await page.waitForTimeout(500);
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
