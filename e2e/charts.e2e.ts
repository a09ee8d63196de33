import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

/**
 * Every chart's canvas gets its chart and its PNG button from one life cycle
 * (ui/charts/canvas-chart.svelte.ts). The signal chart is drawn before any training, so it
 * shows that path cheaply: fed points, then a PNG of that very canvas with its title on top.
 */
test('a chart is fed on its canvas and exports that canvas as a titled PNG', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?depth=3&width=32');
  const chart = page.getByTestId('signal-chart-forward');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
  const canvas = await chart.locator('canvas').evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
  expect(canvas.width).toBeGreaterThan(0);

  const download = page.waitForEvent('download');
  await chart.getByRole('button', { name: 'PNG' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('init-lab-signal-propagation-at-init-activation-std-by-depth.png');
  const png = readFileSync((await file.path())!);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // IHDR: the chart's own pixels, with a band above them for the title.
  expect(png.readUInt32BE(16)).toBe(canvas.width);
  expect(png.readUInt32BE(20)).toBeGreaterThan(canvas.height);
  expect(errors).toEqual([]);
});
