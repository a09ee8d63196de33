import { expect, test } from '@playwright/test';

/**
 * The lab trains with its own WebGL programs (src/lib/engine/optim/): fused optimizer
 * updates and a one-pass squared norm for packed gradients. Here, in Chromium on WebGL,
 * each is run beside the TF.js ops it replaces, on packed matMul outputs and odd shapes
 * whose texels carry padding, and must agree with them to float32 rounding.
 */
test.beforeEach(async ({ page }) => {
  await page.goto('/bench.html');
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
});

test('the fused updates agree with tf.train.sgd, momentum and adam', async ({ page }) => {
  for (const rule of ['sgd', 'momentum', 'adam'] as const) {
    const check = await page.evaluate((rule) => window.initLabBench.optimizerAgreement(rule), rule);
    expect(check.backend).toBe('webgl');
    // A real move (lr 0.01, 10 steps), so agreement cannot come from both doing nothing.
    expect(check.largestMove).toBeGreaterThan(0.02);
    expect(check.vsTfjs, `${rule} vs tf.train`).toBeLessThan(1e-4);
    expect(check.vsOps, `${rule} vs op-by-op`).toBeLessThan(1e-4);
  }
});

test('with a factor on lr per variable (μP), the fused updates agree with tf.train at each variable’s own lr', async ({ page }) => {
  for (const rule of ['sgd', 'momentum', 'adam'] as const) {
    // One factor per checked shape: kernel, bias, conv kernel, odd matrix, scalar.
    const scales = [0.25, 4, 1, 0.125, 2];
    const check = await page.evaluate((a) => window.initLabBench.optimizerAgreement(a.rule, 10, 0.01, a.scales), { rule, scales });
    expect(check.backend).toBe('webgl');
    expect(check.largestMove).toBeGreaterThan(0.02);
    expect(check.vsTfjs, `${rule} vs tf.train`).toBeLessThan(1e-4);
    expect(check.vsOps, `${rule} vs op-by-op`).toBeLessThan(1e-4);
  }
});

test('the one-pass squared norm agrees with tf.sum(tf.square(g))', async ({ page }) => {
  const checks = await page.evaluate(() => window.initLabBench.squaredNormAgreement());
  // The one-pass route is taken only for packed textures: make sure it was exercised.
  expect(checks.every((c) => c.packed)).toBe(true);
  for (const c of checks) {
    expect(c.plain, `${c.shape}`).toBeGreaterThan(0);
    expect(
      Math.abs(c.fused - c.plain) / c.plain,
      `${c.shape}${c.run === undefined ? '' : ` run ${c.run}`}: ${c.fused} vs ${c.plain}`,
    ).toBeLessThan(1e-5);
  }
});
