import { expect, test } from '@playwright/test';

/**
 * The stacked engine on WebGL, in Chromium: R runs trained as one stacked model must give
 * each run what it gets alone (the tf.layers trainer), and a run that blows up inside a
 * stack must leave every other run's numbers bit for bit as they are without it.
 */
test.beforeEach(async ({ page }) => {
  await page.goto('/bench.html');
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
  await page.evaluate(() => window.initLabBench.setup());
});

test('a stack of 3 runs equals each run trained alone by the tf.layers trainer, dense and conv', async ({ page }) => {
  const checks = await page.evaluate(() => window.initLabBench.stackAgreement());
  console.log(JSON.stringify(checks));
  for (const c of checks) {
    expect(c.backend).toBe('webgl');
    expect(c.loss, `${c.arch} ${c.opt} bn=${c.bn} losses`).toBeLessThan(1e-4);
    expect(c.weights, `${c.arch} ${c.opt} bn=${c.bn} weights`).toBeLessThan(c.opt === 'adam' || c.bn !== 'none' ? 1e-3 : 1e-4);
  }
  expect(checks.map((c) => c.arch)).toContain('cnn');
});

test('a diverging variant leaves the healthy runs of its stack bit-identical to training them without it', async ({ page }) => {
  const r = await page.evaluate(() => window.initLabBench.divergenceIsolation());
  console.log(JSON.stringify(r));
  expect(r.backend).toBe('webgl');
  expect(r.badStatus).toBe('diverged');
  expect(r.divergedAt).toBeGreaterThan(1);
  expect(r.identical).toEqual([true, true]);
  expect(r.healthySteps).toEqual([40, 40]);
});
