import { expect, test } from '@playwright/test';

test('a comparison of 2 inits x 2 batch-norm modes x 2 seeds trains together and fills every view', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?depth=2&width=32&init=he_normal,xavier_normal&bn=none,before&seeds=2&steps=15&bs=32&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText(/^Done/, { timeout: 170_000 });

  const summary = page.getByTestId('variant-summary');
  await expect(summary.locator('tbody tr')).toHaveCount(4);
  await expect(summary).toContainText('he_normal · no BN');
  await expect(summary).toContainText('xavier_normal · BN before');
  await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(8);
  await expect(page.getByTestId('seed-bands')).toBeVisible();
  // Every run's steps are on the loss chart: 8 runs x 15 steps, plus validation points.
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(8 * 15);
  await expect(page.getByTestId('dead-heatmap')).toBeVisible();
  await expect(page.getByTestId('activation-histograms')).toBeVisible();
  await expect(page.getByTestId('weight-updates')).toBeVisible();
  expect(errors).toEqual([]);
});

test('signal propagation at init: a 30-layer ReLU MLP vanishes under Xavier and stays flat under He, before training', async ({ page }) => {
  await page.goto('/?depth=30&width=256&act=relu&init=xavier_normal,he_normal');
  const xavier = page.getByTestId('signal-ratio-0');
  const he = page.getByTestId('signal-ratio-1');
  await expect(he).toBeVisible({ timeout: 60_000 });
  expect(Number(await xavier.getAttribute('data-value'))).toBeLessThan(1e-3);
  const heRatio = Number(await he.getAttribute('data-value'));
  expect(heRatio).toBeGreaterThan(0.2);
  expect(heRatio).toBeLessThan(5);
  expect(Number(await page.getByTestId('signal-chart-forward').getAttribute('data-points'))).toBeGreaterThan(60);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');

  // It follows the config: switch variant 1 to LeCun (half He's variance) and the ratio drops.
  await page.locator('[name="init-1"]').selectOption('lecun_normal');
  await expect(he).toContainText('lecun_normal');
  expect(Number(await he.getAttribute('data-value'))).toBeLessThan(1e-3);
});

test('zeroing both kernel and gamma of residual branches is explained on the page', async ({ page }) => {
  await page.goto('/?arch=resmlp&depth=2&width=32&bn=before&zero=both&steps=5&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  await expect(page.getByTestId('run-notes')).toContainText('neither can ever move');
});

test('units that never fire are called dead for ReLU only, and BN figures say which statistics they use', async ({ page }) => {
  await page.goto('/?act=leaky_relu&slope=0.1&depth=2&width=32&bn=before&steps=10&bs=32&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  const heatmap = page.getByTestId('dead-heatmap');
  await expect(heatmap).toHaveAttribute('aria-label', 'Inactive units per layer');
  await expect(heatmap).toContainText('only inactive on the probe batch, not dead');
  await expect(heatmap).not.toContainText('Dead units');
  await expect(page.getByTestId('histogram-step')).toHaveText('step 0 (init) · BN: batch statistics');
  await expect(page.getByTestId('bn-stats-note')).toContainText('step 0 is measured with the probe batch’s own statistics');

  await page.goto('/?act=relu&depth=2&width=32&steps=10&bs=32&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  await expect(page.getByTestId('dead-heatmap')).toHaveAttribute('aria-label', 'Dead units per layer');
  await expect(page.getByTestId('histogram-step')).toHaveText('step 0 (init)');
  await expect(page.getByTestId('bn-stats-note')).toHaveCount(0);
});
