/**
 * Sweeps in the page: a grid from the share URL trains, and the sweep panel's chart, stars,
 * heatmap outlines and table say exactly what the runs' own series give.
 */
import { expect, test } from '@playwright/test';
import type { RunSeries } from '../src/lib/state/run-series';

const finalAcc = (s: RunSeries) => (s.status === 'diverged' ? 0 : (s.evals.at(-1)?.valAccuracy ?? 0));

test('one sweep: a line per variant, its best value starred, every number from the runs', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?arch=mlp&depth=1&width=32&steps=40&seeds=2&init=he_normal&sweep=lr:0.00001,0.001,0.01&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText(/^Done/, { timeout: 200_000 });
  const panel = page.getByTestId('sweep-panel');
  await expect(panel).toContainText('3 cells (lr: 0.00001, 0.001, 0.01)');
  await expect(panel).toContainText('6 runs');
  // One variant: 3 points on its mean line.
  await expect(page.getByTestId('sweep-chart')).toHaveAttribute('data-points', '3');
  const series = await page.evaluate(() => window.__initLab!.runs().series);
  expect(series.map((s) => s.sweep?.cell)).toEqual([0, 0, 1, 1, 2, 2]);
  const mean = (cell: number) => {
    const accs = series.filter((s) => s.sweep?.cell === cell).map(finalAcc);
    return accs.reduce((a, b) => a + b, 0) / accs.length;
  };
  const means = [0, 1, 2].map(mean);
  const best = means.indexOf(Math.max(...means));
  const cells = page.getByTestId('sweep-table').locator('tbody td');
  await expect(cells).toHaveCount(3);
  for (let c = 0; c < 3; c++) await expect(cells.nth(c)).toContainText(`${(means[c] * 100).toFixed(1)}%`);
  await expect(page.getByTestId('sweep-table').locator('td[data-best]')).toHaveCount(1);
  await expect(cells.nth(best)).toHaveAttribute('data-best', 'true');
  // 40 steps at lr 1e-5 leave the net near chance: that cell cannot be the best.
  expect(best).not.toBe(0);
  // The URL replays the grid exactly.
  await expect(page).toHaveURL(/sweep=lr:0.00001,0.001,0.01/);
});

test('two sweeps: a heatmap per variant with the best cell of each column outlined; a too-big grid is refused by name', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/?arch=mlp&depth=1&width=16&steps=30&seeds=1&init=he_normal&sweep=lr:0.001,0.01&sweep=width:16,32&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText(/^Done/, { timeout: 200_000 });
  await expect(page.getByTestId('sweep-heatmap')).toHaveCount(1);
  await expect(page.getByTestId('sweep-heatmap')).toHaveAttribute('data-cells', '4');
  // One best per column (per lr), in the table as in the heatmap.
  await expect(page.getByTestId('sweep-table').locator('td[data-best]')).toHaveCount(2);
  const series = await page.evaluate(() => window.__initLab!.runs().series);
  expect(series.map((s) => s.label)).toEqual([
    'lr=0.001 · width=16 · he_normal',
    'lr=0.01 · width=16 · he_normal',
    'lr=0.001 · width=32 · he_normal',
    'lr=0.01 · width=32 · he_normal',
  ]);

  await page.goto('/?sweep=width:128,256,384,512,640,768,896,1024&sweep=lr:1,2,3,4,5,6,7,8');
  await expect(page.getByTestId('url-problems')).toContainText(
    /sweep=.* is [\d.]+ TFLOP of training \(64 runs\), more than the 1 TFLOP a grid may take/,
  );
});

test('the sweep controls write the grid into the URL', async ({ page }) => {
  await page.goto('/');
  await page.locator('[name="sweep-key-1"]').selectOption('depth');
  await page.locator('[name="sweep-values-1"]').fill('1, 2, 4');
  await page.locator('[name="sweep-values-1"]').press('Tab');
  await expect(page).toHaveURL(/sweep=depth:1,2,4/);
  await page.locator('[name="sweep-values-1"]').fill('1, x');
  await page.locator('[name="sweep-values-1"]').press('Tab');
  await expect(page.getByTestId('sweep-controls').getByRole('alert')).toContainText('x is not a number');
  await expect(page).toHaveURL(/sweep=depth:1,2,4/);
});
