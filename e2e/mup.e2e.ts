import { expect, test } from '@playwright/test';

/**
 * μP's coordinate check in the page's init-view worker (TF.js loaded for it alone, on wasm):
 * with Adam at lr 0.01 the logits' change grows with width under SP and stays flat under μP,
 * and a conv net is told why the check is not offered, without starting it.
 */
test('the μP coordinate check: SP grows with width, μP stays flat', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?arch=mlp&depth=2&init=he_normal&opt=adam&lr=0.01&param=sp,mup&base=64');
  const view = page.getByTestId('coord-check');
  await view.locator('summary').click();
  const verdict = page.getByTestId('coord-line-0');
  await expect(verdict).toBeVisible({ timeout: 170_000 });
  await expect(verdict).toHaveText(/from width 64 to 2048 under SP, and stays within a factor 1\.5 \([\d.]+×\) under μP \(base 64\)\.$/);
  const [, sp] = (await verdict.textContent())!.match(/change per coordinate grows ([\d.]+)× from width 64/)!;
  expect(Number(sp)).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('coord-line-4')).toHaveText(/^Computed in [\d.]+ s on TF\.js (wasm|cpu), in this page's view worker\.$/);
  // A line per layer (L1, L2, logits) for SP and for μP, at 6 widths each.
  await expect(page.getByTestId('coord-chart')).toHaveAttribute('data-points', String(2 * 3 * 6));

  await page.goto('/?arch=cnn&depth=2&param=sp,mup');
  await page.getByTestId('coord-check').locator('summary').click();
  await expect(page.getByTestId('coord-line-0')).toHaveText(/this config is a cnn: for conv nets μP scales with channels/);
  await expect(page.getByTestId('coord-check')).toHaveAttribute('data-computing', 'false');
  expect(errors).toEqual([]);
});

/** SP and μP side by side in the real trainer (WebGL, fused updates with a per-variable lr): both train, each under its own label. */
test('param=sp,mup trains both variants together, the μP card comes forward, and the export refuses μP', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?depth=2&width=256&init=he_normal&param=sp,mup&base=64&opt=adam&lr=0.01&steps=20&bs=32&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText(/^Done/, { timeout: 170_000 });
  const summary = page.getByTestId('variant-summary');
  await expect(summary.locator('tbody tr')).toHaveCount(2);
  await expect(summary).toContainText('he_normal · SP');
  await expect(summary).toContainText('he_normal · μP');
  await expect(page.getByRole('complementary', { name: 'Explanations' })).toContainText(
    'Why does the best learning rate shift as a net gets wider',
  );
  await expect(page.getByTestId('pytorch-refusal')).toContainText('The PyTorch export does not apply μP (param=mup)');
  await expect(page.getByRole('button', { name: 'Export → PyTorch script' })).toBeDisabled();
  expect(errors).toEqual([]);
});
