/**
 * Each preset replays a known result; the lab checks its claim on the numbers the runs
 * produce (worst case over seeds). These tests require the claim to hold in a real browser.
 */
import { expect, test } from '@playwright/test';
import { PRESETS } from '../src/lib/presets/presets';

for (const preset of PRESETS) {
  test(`preset "${preset.title}" shows what it claims`, async ({ page }) => {
    test.setTimeout(300_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/?${preset.query}&autorun=1`);
    const claim = page.getByTestId('preset-claim');
    await expect(claim).toBeVisible({ timeout: 280_000 });
    const text = await claim.innerText();
    expect(await claim.getAttribute('data-holds'), text).toBe('true');
    expect(errors).toEqual([]);
  });
}

test('the Run button of a preset loads its experiment into the panel and the URL', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('dataset-summary')).toContainText('8,000 train');
  const preset = PRESETS.find((p) => p.id === 'he-2015')!;
  await page.getByRole('button', { name: `Run preset: ${preset.title}` }).click();
  await expect(page.locator('[name="depth"]')).toHaveValue('30');
  await expect(page.locator('[name="init-1"]')).toHaveValue('he_normal');
  await expect(page).toHaveURL(/init=xavier_normal,he_normal/);
  await expect(page.getByTestId(`preset-${preset.id}`)).toContainText(preset.statement.slice(0, 40));
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Stopped', { timeout: 60_000 });
});
