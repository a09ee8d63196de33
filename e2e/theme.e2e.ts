import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { StyleReading } from '../src/lib/ui/charts/chart-debug';
import { sampleResults } from '../src/lib/testing/results-fixture';

/**
 * One visual language in both colour schemes: the page and its charts follow
 * prefers-color-scheme, live (no reload), and a run has the same colour in the loss chart as
 * in the tables' swatches. Chart colours are read from each canvas's Chart.js instance
 * (window.__initLabCharts.style, read-only). Screenshots of both schemes are kept.
 */
const TINY = '/?depth=2&width=32&steps=20&autorun=1';

const chartStyle = (chart: Locator) =>
  chart.locator('canvas').evaluate((c: HTMLCanvasElement) => window.__initLabCharts!.style(c)) as Promise<StyleReading | null>;

/** WCAG relative luminance of "#rrggbb" or "rgb(r, g, b)": 0 is black, 1 white. */
function luminance(css: string): number {
  const hex = /^#([0-9a-f]{6})$/i.exec(css.trim());
  const rgb = hex
    ? [0, 2, 4].map((i) => Number.parseInt(hex[1].slice(i, i + 2), 16))
    : (/rgba?\(([^)]+)\)/.exec(css)?.[1].split(',').slice(0, 3).map(Number) ?? [Number.NaN, 0, 0]);
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
}

const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test.use({ colorScheme: 'dark', viewport: { width: 1440, height: 900 } });

test('dark page and charts, re-styled live to light, one colour per run in charts and tables', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(TINY);
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 170_000 });

  expect(luminance(await pageBackground(page))).toBeLessThan(0.05);
  const loss = page.getByTestId('loss-chart');
  // Off-screen charts are not redrawn (redraw.ts): look at it, as a person would.
  await loss.scrollIntoViewIfNeeded();
  const dark = await chartStyle(loss);
  expect(dark).not.toBeNull();
  expect(luminance(dark!.tickColour), dark!.tickColour).toBeGreaterThan(0.3);
  expect(luminance(dark!.legendColour)).toBeGreaterThan(0.5);

  // Variant 0's colour: the loss chart's first line, the summary row's and the run table's swatch.
  const runColour = dark!.datasets[0].colour;
  const summarySwatch = page.locator('[data-testid="variant-summary"] tr[data-variant="0"] .swatch');
  await expect(summarySwatch).toHaveAttribute('data-colour', runColour);
  await expect(page.getByTestId('run-table').locator('tbody tr').first().locator('.swatch')).toHaveAttribute('data-colour', runColour);
  // The swatch is decoration: the row's name is its label text.
  await expect(summarySwatch).toHaveAttribute('aria-hidden', 'true');

  // The PNG export is opaque, on the dark panel's colour (its light ticks would vanish on white).
  const download = page.waitForEvent('download');
  await loss.getByRole('button', { name: 'PNG' }).click();
  const png = readFileSync(await (await download).path()).toString('base64');
  const corner = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return [...ctx.getImageData(2, img.height - 2, 1, 1).data];
  }, png);
  expect(corner).toEqual([22, 27, 34, 255]);

  await page.screenshot({ path: testInfo.outputPath('lab-dark-top.png') });
  await page.screenshot({ path: testInfo.outputPath('lab-dark-full.png'), fullPage: true });

  // The system switches to light mid-page: same document, charts re-styled in place.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => luminance(await pageBackground(page))).toBeGreaterThan(0.9);
  await expect.poll(async () => luminance((await chartStyle(loss))?.tickColour ?? '#ffffff')).toBeLessThan(0.2);
  const light = await chartStyle(loss);
  expect(luminance(light!.legendColour)).toBeLessThan(0.1);
  expect(light!.datasets[0].colour).toBe(await summarySwatch.getAttribute('data-colour'));
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  await page.screenshot({ path: testInfo.outputPath('lab-light-top.png') });
  await page.screenshot({ path: testInfo.outputPath('lab-light-full.png'), fullPage: true });
  await testInfo.attach('lab-dark', { path: testInfo.outputPath('lab-dark-full.png'), contentType: 'image/png' });
  await testInfo.attach('lab-light', { path: testInfo.outputPath('lab-light-full.png'), contentType: 'image/png' });
  expect(errors).toEqual([]);
});

test('an imported run keeps its colour and draws dotted, in the chart and in its table swatch', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled({ timeout: 60_000 });
  const file = JSON.stringify(sampleResults());
  await page
    .locator('input[name="import-results"]')
    .setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  const rows = page.locator('[data-testid="variant-summary"] tbody tr');
  await expect(rows).toHaveCount(2);
  const swatch = rows.first().locator('.swatch');
  await expect(swatch).toHaveClass(/imported/);
  const loss = page.getByTestId('loss-chart');
  await loss.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await chartStyle(loss))?.datasets.length ?? 0).toBeGreaterThan(0);
  const [train] = (await chartStyle(loss))!.datasets;
  expect(train.dash).toEqual([2, 3]);
  await expect(swatch).toHaveAttribute('data-colour', train.colour);
});
