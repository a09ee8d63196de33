import { expect, test, type Page } from '@playwright/test';

/**
 * The backend a person chooses (backend= in the URL, the select in the header) trains, one
 * per worker; a bad value is named and replaced by auto; auto on this machine's software
 * renderer (SwiftShader) races wasm against WebGL and says which won and why.
 */

const FEW_STEPS = 'width=64&steps=30&autorun=1';

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`backend=${backend} trains a few steps to Done on ${backend}, in the worker, and keeps the choice in the URL`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/?${FEW_STEPS}&backend=${backend}`);
    const badge = page.getByTestId('backend');
    await expect(badge).toHaveAttribute('data-backend', backend, { timeout: 60_000 });
    await expect(badge).toHaveAttribute('data-thread', 'worker');
    await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
    await expect(badge).toHaveAttribute('data-backend', backend);
    await expect(page.getByRole('combobox', { name: 'Backend' })).toHaveValue(backend);
    expect(new URL(page.url()).searchParams.get('backend')).toBe(backend);
    if (backend === 'wasm') {
      // The threaded SIMD build loads only in a cross-origin isolated page (vite.config.ts
      // sends COOP/COEP). How many threads TF.js then uses depends on the core count.
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await expect(badge).toContainText(/SIMD, threaded build, \d+ threads?/);
    }
    expect(errors).toEqual([]);
  });
}

test('backend=bogus is reported by name and the page trains on auto', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/?${FEW_STEPS}&backend=bogus`);
  await expect(page.getByText('backend=bogus is not one of auto, webgl, webgpu, wasm, cpu; using auto')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Backend' })).toHaveValue('auto');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  expect(errors).toEqual([]);
});

test('auto on SwiftShader measures wasm against WebGL before the first run, trains on the faster and says why; the select starts a fresh worker', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(`/?${FEW_STEPS}`);
  const badge = page.getByTestId('backend');
  const why = page.getByTestId('backend-why');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  await expect(why).toHaveText(/^(wasm|WebGL): .* (than|of) (WebGL|wasm) on this software renderer \(SwiftShader\), measured at start$/);
  const winner = (await why.textContent())!.startsWith('wasm') ? 'wasm' : 'webgl';
  await expect(badge).toHaveAttribute('data-backend', winner);
  // The worker itself, not only the badge, is on the winner.
  expect((await page.evaluate(() => window.__initLab!.trainingMemory()))?.backend).toBe(winner);

  // A hand-picked backend: a fresh worker on it, and the address bar carries it.
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('cpu');
  await expect(badge).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(why).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('backend')).toBe('cpu');
  // Back to auto: the same shape is not measured again in this page session.
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('auto');
  expect(new URL(page.url()).searchParams.get('backend')).toBeNull();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  await expect(badge).toHaveAttribute('data-backend', winner);
  expect(errors).toEqual([]);
});

test('a CNN trains on wasm: the lab registers the kernel gradient TF.js 4.22 lacks there, and it agrees with the cpu kernel', async ({
  page,
}) => {
  await page.goto('/bench.html');
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
  for (const c of await page.evaluate(() => window.initLabBench.convGradAgreement())) expect(c.relError, c.case).toBeLessThan(1e-5);

  const errors = watchErrors(page);
  await page.goto('/?arch=cnn&depth=2&channels=8&steps=8&backend=wasm&autorun=1');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  expect(errors).toEqual([]);
});

test('the stacked engine on wasm gives each run what the tf.layers trainer gives it alone', async ({ page }) => {
  await page.goto('/bench.html');
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
  await page.evaluate(() => window.initLabBench.setup());
  expect(await page.evaluate(() => window.initLabBench.useBackend('wasm'))).toBe(true);
  // 5 steps, not 20 as on WebGL: on wasm the two trainers' products sum in different orders
  // (XNNPACK's fully-connected kernel against its batched matMul), and SGD on a ReLU net
  // grows that float32 rounding from 1e-7 after 5 steps to 6e-4 of a weight after 20.
  for (const c of await page.evaluate(() => window.initLabBench.stackAgreement(5))) {
    expect(c.backend).toBe('wasm');
    expect(c.loss, `${c.opt} bn=${c.bn} losses`).toBeLessThan(1e-5);
    // Adam's first step moves every weight by about lr whatever its gradient's rounding.
    expect(c.weights, `${c.opt} bn=${c.bn} weights`).toBeLessThan(c.opt === 'adam' ? 1e-3 : 1e-5);
  }
});
