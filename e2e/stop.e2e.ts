import { expect, test } from '@playwright/test';

test('Stop ends a long run early, keeps its numbers, and the page can train again', async ({ page }) => {
  await page.goto('/?epochs=20&autorun=1');
  const status = page.getByTestId('run-status');
  await expect(status).toHaveText(/Training step ([1-9]\d*)\//, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveText('Stopped', { timeout: 30_000 });

  const row = page.getByTestId('run-table').locator('tbody tr').first();
  await expect(row).toContainText('stopped');
  const steps = (await row.locator('td').nth(1).textContent())!;
  const [done, total] = steps.split('/').map(Number);
  expect(total).toBe(20 * 125);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(total);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
});
