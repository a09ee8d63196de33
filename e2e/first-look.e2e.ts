import { expect, test } from '@playwright/test';
import { PRESETS } from '../src/lib/presets/presets';

/**
 * What a person sees before anything has run, and the numbers behind a chart: the signal
 * view of the config on screen is drawn as soon as it is measured, the preset gallery stands
 * where the training charts will be (no empty axes), and every training chart carries a data
 * table of the very values it drew.
 */
test('before the first run: the signal view and the preset gallery, no empty training charts', async ({ page }) => {
  await page.goto('/?depth=3&width=32');
  const gallery = page.getByTestId('preset-gallery');
  await expect(gallery).toBeVisible();
  // Every preset has its card, the sweeps' included.
  await expect(gallery.getByRole('listitem')).toHaveCount(PRESETS.length);
  await expect(page.getByTestId('loss-chart')).toHaveCount(0);
  // The signal view is measured and drawn with nothing trained.
  const signal = page.getByTestId('signal-chart-forward');
  await expect.poll(async () => Number(await signal.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(signal.locator('canvas')).toHaveAttribute('role', 'img');
  await expect(signal.locator('canvas')).toHaveAttribute(
    'aria-label',
    /^Activation std by depth at init\. he_normal: L1 [0-9.]+ → L3 [0-9.]+ \(/,
  );

  // A card starts its preset; the charts take the gallery's place.
  const card = gallery.getByRole('button', { name: 'Try it: Batch norm rescues a badly scaled init' });
  await expect(card).toBeEnabled({ timeout: 60_000 });
  await card.click();
  await expect(page.getByTestId('run-status')).toHaveText(/^(Preparing|Training)/);
  await expect(page.getByTestId('loss-chart')).toBeVisible();
  await expect(gallery).toHaveCount(0);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Stopped', { timeout: 60_000 });
});

test('a chart’s data table holds the values the chart drew', async ({ page }) => {
  await page.goto('/?depth=1&width=32&steps=90&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  const { loss, evals } = await page.evaluate(() => window.__initLab!.runs().series[0]);
  const chart = page.getByTestId('loss-chart');
  await chart.getByText('Data table').click();
  const table = chart.getByRole('table');
  // Steps 0 (the evaluation at init) to 90, thinned to 40 rows: the caption says so.
  await expect(table.locator('caption')).toContainText('40 of 91 steps');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(40);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  expect(cells[0][0]).toBe('0');
  expect(cells.at(-1)![0]).toBe('90');
  // Step 0 has a validation loss and no training loss; every other row holds the run's own numbers, to 4 digits.
  expect(cells[0][1]).toBe('');
  expect(Math.abs(Number(cells[0][2]) - evals[0].valLoss) / evals[0].valLoss).toBeLessThan(5e-4);
  for (const [step, train] of cells.slice(1))
    expect(Math.abs(Number(train) - loss[Number(step) - 1]) / loss[Number(step) - 1]).toBeLessThan(5e-4);
  // The canvas's text alternative names the latest value.
  await expect(chart.locator('canvas')).toHaveAttribute('aria-label', /at step 90$/);
});
