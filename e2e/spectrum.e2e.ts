import { expect, test } from '@playwright/test';

/**
 * The Jacobian spectrum view, in the page's own spectrum worker on the lab's own draws: a
 * linear net under orthogonal init is an exact isometry (every σ = 1), the same net under
 * Gaussian He init keeps the mean σ² near 1 but spreads the values far from it.
 */
test('the Jacobian spectrum: orthogonal is an isometry, Gaussian only keeps the mean', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?depth=5&width=64&act=linear&init=orthogonal,he_normal');
  const view = page.getByTestId('jacobian-spectrum');
  await view.locator('summary').click();
  const orthogonal = page.getByTestId('spectrum-line-0');
  const gaussian = page.getByTestId('spectrum-line-1');
  await expect(orthogonal).toBeVisible({ timeout: 60_000 });
  await expect(orthogonal).toHaveText(
    /^orthogonal.*: mean σ² 1\.00 \(mean field: 1\.00\); middle 80% of σ in \[1\.00, 1\.00\], all in \[1\.00, 1\.00\], over 128 values at 2 digits; spread Var\(σ²\)\/E\[σ²\]² [\d.e+-]+ \(free probability: 0; 0 is isometry\)$/,
  );
  // The measured spread of an exact isometry is zero up to float64 rounding.
  const spread = Number((await orthogonal.textContent())!.match(/E\[σ²\]² ([\d.e+-]+) /)![1]);
  expect(spread).toBeLessThan(1e-9);
  const text = (await gaussian.textContent())!;
  const [, mean, lo, hi] = text.match(/mean σ² ([\d.]+) .*all in \[([\d.e+-]+), ([\d.e+-]+)\]/)!;
  expect(Math.abs(Number(mean) - 1)).toBeLessThan(0.5);
  expect(Number(hi)).toBeGreaterThan(1.5);
  expect(Number(lo)).toBeLessThan(0.3);
  await expect.poll(async () => Number(await page.getByTestId('spectrum-chart').getAttribute('data-points'))).toBeGreaterThan(0);
  // Each variant's law is drawn beside it: orthogonal's isometry spike, He's Fuss–Catalan law of its 4 square layers.
  const legend = await page
    .getByTestId('spectrum-chart')
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => window.__initLabCharts!.style(c)!.datasets.map((d) => d.label));
  expect(legend).toEqual(['orthogonal', 'orthogonal theory (isometry)', 'he_normal', 'he_normal theory (Fuss–Catalan, 4 layers)']);
  // Across depth: orthogonal's median stays at 1 while He's 10–90% spread widens (3 lines per variant, layers 2–5).
  await expect(page.getByTestId('spectrum-depth-chart')).toHaveAttribute('data-points', String(2 * 3 * 4));
  // The isometry card comes forward and quotes what was just measured.
  const explain = page.getByRole('complementary', { name: 'Explanations' });
  await expect(explain).toContainText(
    /Measured in the spectrum view, orthogonal[^:]*: the 128 singular values of your hidden layers' Jacobian at init run from 1(\.0+)? to 1(\.0+)?,/,
  );
  expect(errors).toEqual([]);
});

/**
 * The edge-of-chaos view: Xavier on a tanh net without bias sits on the edge (σ_w² = 1), a
 * std of 0.25 on 64-wide layers (σ_w² = 4) is chaotic, and the correlation of two real
 * digits is drawn across depth for both, measured and predicted.
 */
test('the edge of chaos: where each variant sits, and two digits’ correlation across depth', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?depth=6&width=64&act=tanh&bias=0&init=xavier_normal,normal:std=0.25');
  await page.getByTestId('edge-of-chaos').locator('summary').click();
  await expect(page.getByTestId('chaos-line-0')).toHaveText(
    /^xavier_normal: σ_w² = 1\.00, σ_b² = 0, on the edge of chaos: the depth scale diverges\.$/,
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByTestId('chaos-line-1')).toHaveText(/σ_w² = 4\.00, σ_b² = 0, chaotic \(χ₁ = [\d.]+ > 1\)/);
  // Boundary plus 2 points; 2 variants × (measured + mean field) × 6 layers.
  await expect.poll(async () => Number(await page.getByTestId('phase-chart').getAttribute('data-points'))).toBeGreaterThan(20);
  await expect(page.getByTestId('correlation-chart')).toHaveAttribute('data-points', '24');
  expect(errors).toEqual([]);
});
