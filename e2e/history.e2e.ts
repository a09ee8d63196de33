import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

/** A run of a few seconds on the software GPU: 40 steps of a small MLP. */
const SMALL = '/?depth=2&width=32&bs=32&steps=40';

const records = (page: Page) => page.getByTestId('history-record');
/** Waits until the page has read its history, so that an empty list means there is nothing saved. */
const loaded = (page: Page) => expect(page.getByTestId('run-history')).toHaveAttribute('data-loaded', 'true');

test('a finished run is kept across a reload, opens without training, overlays, exports and is deleted for good', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${SMALL}&autorun=1`);
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  const accuracy = Number(await page.getByTestId('val-accuracy').getAttribute('data-value'));
  const lossPoints = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  expect(lossPoints).toBeGreaterThan(40);
  // The final record is written once training ends; the list says so when it is in.
  await expect(records(page).first().getByTestId('history-ending')).toHaveText('done');

  await page.goto('/');
  await loaded(page);
  await expect(records(page)).toHaveCount(1);
  const record = records(page).first();
  await expect(record.getByTestId('history-ending')).toHaveText('done');
  expect(Number(await record.getByTestId('history-accuracy').getAttribute('data-value'))).toBe(accuracy);
  await expect(record).toContainText('1 run');
  await expect(page.getByTestId('history-usage')).toContainText(/^Storage: .+ used/);
  // Nothing trained on screen after the reload: the preset gallery stands where the charts go.
  await expect(page.getByTestId('loss-chart')).toHaveCount(0);
  await expect(page.getByTestId('preset-gallery')).toBeVisible();

  await record.getByRole('button', { name: /^Open run of/ }).click();
  // Shown as the training showed it, and not trained again: the status is the run's end, at once.
  await expect(page.getByTestId('run-status')).toHaveText('Done');
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', String(lossPoints));
  expect(await page.evaluate(() => window.__initLab!.runs().series.map((s) => [s.status, s.loss.length]))).toEqual([['done', 40]]);
  expect(Number(await page.getByTestId('val-accuracy').getAttribute('data-value'))).toBe(accuracy);
  await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(1);
  // Its settings are back in the panel and the address bar: Train would redo it.
  await expect.poll(() => new URL(page.url()).searchParams.get('steps')).toBe('40');
  expect(new URL(page.url()).searchParams.get('width')).toBe('32');

  await record.getByRole('button', { name: /^Overlay run of/ }).click();
  await expect(page.getByTestId('imported-files')).toContainText('saved run of');
  await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', String(2 * lossPoints));

  const download = page.waitForEvent('download');
  await record.getByRole('button', { name: /^Export run of/ }).click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  expect(file.format).toBe('init-lab-results');
  expect(file.experiment).toMatchObject({ steps: 40, width: 32, depth: 2 });
  expect(file.environment.userAgent).toMatch(/Chrome/);
  expect(file.shareUrl).toContain('steps=40');
  expect(file.runs[0].loss).toHaveLength(40);
  expect(file.runs[0].evals.at(-1).valAccuracy).toBe(accuracy);

  await record.getByRole('button', { name: /^Delete run of/ }).click();
  await expect(page.getByTestId('history-empty')).toBeVisible();
  await page.reload();
  await loaded(page);
  await expect(page.getByTestId('history-empty')).toBeVisible();
  await expect(records(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a run cut off by a reload is kept up to its last block, as interrupted', async ({ page }) => {
  await page.goto('/?depth=2&width=32&bs=32&steps=5000&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText(/Training step [1-9]\d*\//, { timeout: 60_000 });
  await expect(records(page).first().getByTestId('history-ending')).toHaveText('training…');
  // Saved while it trains (at most every 2 s): wait for a save with steps in it.
  await expect.poll(async () => Number(await records(page).first().getAttribute('data-steps')), { timeout: 30_000 }).toBeGreaterThan(0);

  // What the page shows as it goes: the reload keeps at least that much (pagehide journals the
  // live run, history-journal.ts), not only the last save of the 2-second throttle.
  const shown = await page.evaluate(() => window.__initLab!.runs().series[0].loss.length);
  await page.goto('/');
  await loaded(page);
  await expect(records(page)).toHaveCount(1);
  const ending = records(page).first().getByTestId('history-ending');
  await expect(ending).toHaveText(/^interrupted at step [1-9]\d*$/);
  const step = Number((await ending.textContent())!.match(/\d+/)![0]);
  expect(step).toBeGreaterThanOrEqual(shown);
  await records(page)
    .first()
    .getByRole('button', { name: /^Open run of/ })
    .click();
  await expect(page.getByTestId('run-status')).toHaveText('Stopped');
  const row = page.getByTestId('run-table').locator('tbody tr').first();
  await expect(row).toContainText('stopped');
  expect(await page.evaluate(() => window.__initLab!.runs().series[0].loss.length)).toBe(step);
});

test('a save the browser refuses (a full disk) is said in the history panel, not lost in silence', async ({ page }) => {
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(`${SMALL}&autorun=1`);
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  const alert = page.getByTestId('run-history').getByRole('alert');
  await expect(alert).toHaveText(/^The browser's storage for this page is full: saving the run of .+ failed\. Delete or prune old runs/);
  await expect(page.getByTestId('history-empty')).toBeVisible();
});
