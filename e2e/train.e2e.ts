import { expect, test } from '@playwright/test';

test('boots on WebGL, trains real MNIST, draws both charts and passes 80% validation accuracy', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?steps=150&autorun=1');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });

  const lossPoints = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  const gradPoints = Number(await page.getByTestId('grad-chart').getAttribute('data-points'));
  expect(lossPoints).toBeGreaterThanOrEqual(150); // every training step plus validation points
  expect(gradPoints).toBe(150 * 3); // 3 kernels (2 hidden + output), one norm per step each
  const accuracy = Number(await page.getByTestId('val-accuracy').getAttribute('data-value'));
  expect(accuracy).toBeGreaterThan(0.8);
  expect(errors).toEqual([]);
});
