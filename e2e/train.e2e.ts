import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test('the default experiment boots on the fastest backend here, draws both charts, passes 90% within 3 epochs, and exports', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?autorun=1');
  // WebGL starts; on this machine's software renderer auto may then move the run to wasm (backend.e2e.ts).
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /^(webgl|wasm)$/);
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 170_000 });
  const trainedOn = await page.getByTestId('backend').getAttribute('data-backend');
  expect(['webgl', 'wasm']).toContain(trainedOn);

  const steps = 3 * Math.floor(8000 / 64);
  const lossPoints = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  const gradPoints = Number(await page.getByTestId('grad-chart').getAttribute('data-points'));
  expect(lossPoints).toBeGreaterThan(steps); // every training step plus the validation points
  expect(gradPoints).toBe(steps * 3); // 3 kernels (2 hidden + output), one norm per step each
  const accuracy = Number(await page.getByTestId('val-accuracy').getAttribute('data-value'));
  expect(accuracy).toBeGreaterThan(0.9);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  expect(file.format).toBe('init-lab-results');
  expect(file.experiment.init).toEqual([{ scheme: 'he_normal' }]);
  expect(file.environment.backend).toBe(trainedOn);
  expect(file.environment.tfjsVersion).toBe('4.22.0');
  expect(file.runs[0].loss).toHaveLength(steps);
  expect(file.runs[0].gradNorms).toHaveLength(3);
  expect(file.runs[0].evals.at(-1).valAccuracy).toBeCloseTo(accuracy, 6);
  expect(errors).toEqual([]);
});
