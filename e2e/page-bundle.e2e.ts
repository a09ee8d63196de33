import { expect, test, type Page } from '@playwright/test';

/**
 * A fast first impression is a structural fact, not a timing (timings flake on a loaded
 * machine; `npm run bench` measures them): where the worker trains, the page itself never
 * loads TF.js, which would cost it a long task to evaluate.
 */

/** A string only tfjs-core's source holds: its flag for compiling shaders without running them. */
const TFJS_MARK = 'ENGINE_COMPILE_ONLY';

/** Trains a short run, then says which of the scripts the page itself fetched hold TF.js. */
async function pageScriptsWithTfjs(page: Page, thread: 'worker' | 'main'): Promise<string[]> {
  await page.goto('/?steps=3&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText(/^Done/, { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-thread', thread);
  // The page's resource timeline lists what the page fetched, the worker's own script too (the
  // page starts it); what the worker imports is in the worker's timeline.
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => url.endsWith('.js') && !url.includes('/train-worker-')),
  );
  expect(scripts.length).toBeGreaterThan(0);
  const holding: string[] = [];
  for (const url of scripts) if ((await (await page.request.get(url)).text()).includes(TFJS_MARK)) holding.push(url);
  return holding;
}

test("the page's own scripts carry no TF.js while its worker trains", async ({ page }) => {
  expect(await pageScriptsWithTfjs(page, 'worker')).toEqual([]);
});

// The check above proves something only if it would see TF.js where the page does load it.
test('the page loads TF.js once training falls back to its own thread', async ({ page }) => {
  await page.addInitScript(() => (window.__initLabMainThread = true));
  expect((await pageScriptsWithTfjs(page, 'main')).length).toBeGreaterThan(0);
});
