import { expect, test, type Locator } from '@playwright/test';
import type { AxisReading } from '../src/lib/ui/charts/chart-debug';

/**
 * The axes say what they mean (issue 14): a layer or step axis has whole-number ticks only,
 * a log axis has labels far enough apart never to overlap, and a zoomed training curve goes
 * back to the whole run with its "Reset zoom" button. Ticks are read from each canvas's own
 * Chart.js instance (`Chart.getChart(canvas)`, through window.__initLabCharts).
 */
const axis = (chart: Locator, id: string) =>
  chart.locator('canvas').evaluate((c: HTMLCanvasElement, id) => window.__initLabCharts!.axis(c, id), id) as Promise<AxisReading | null>;

function expectIntegerTicks(a: AxisReading | null) {
  expect(a).not.toBeNull();
  expect(a!.ticks.length).toBeGreaterThan(0);
  for (const t of a!.ticks) {
    expect(Number.isInteger(t.value), `tick ${t.value}`).toBe(true);
    expect(t.label).toMatch(/^-?\d+$/);
  }
}

function expectApartLabels(a: AxisReading | null) {
  expect(a).not.toBeNull();
  expect(a!.ticks.length).toBeGreaterThan(0);
  expect(new Set(a!.ticks.map((t) => t.label)).size).toBe(a!.ticks.length);
  const pixels = a!.ticks.map((t) => t.pixel).sort((x, y) => x - y);
  for (let i = 1; i < pixels.length; i++)
    expect(pixels[i] - pixels[i - 1], `labels ${a!.ticks.map((t) => t.label).join(' ')}`).toBeGreaterThan(a!.lineHeight);
}

test('integer layer and step axes, apart log labels, and Reset zoom restores the range', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?depth=8&width=32&steps=60&autorun=1');

  // Signal propagation: a layer axis (1..8) and a log std axis.
  const signal = page.getByTestId('signal-chart-forward');
  await expect.poll(async () => Number(await signal.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await axis(signal, 'x'))?.ticks.length ?? 0).toBeGreaterThan(0);
  expectIntegerTicks(await axis(signal, 'x'));
  const signalY = await axis(signal, 'y');
  expect(signalY?.type).toBe('logarithmic');
  expectApartLabels(signalY);

  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 170_000 });
  // Gradient norms: a step axis and a log norm axis.
  const grad = page.getByTestId('grad-chart');
  await expect.poll(async () => Number(await grad.getAttribute('data-points'))).toBeGreaterThan(0);
  expectIntegerTicks(await axis(grad, 'x'));
  expect((await axis(grad, 'y'))?.type).toBe('logarithmic');
  expectApartLabels(await axis(grad, 'y'));

  // Zoom the loss curve in with the wheel, then Reset zoom (reached by keyboard) brings the whole run back.
  const loss = page.getByTestId('loss-chart');
  const before = (await axis(loss, 'x'))!;
  expectIntegerTicks(before);
  await loss.locator('canvas').scrollIntoViewIfNeeded();
  const box = (await loss.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // A plain wheel scrolls the page and leaves the chart alone; Ctrl + wheel zooms.
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel(0, 100);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled);
  expect((await axis(loss, 'x'))!.max - (await axis(loss, 'x'))!.min).toBe(before.max - before.min);
  await loss.locator('canvas').scrollIntoViewIfNeeded();
  const moved = (await loss.locator('canvas').boundingBox())!;
  await page.mouse.move(moved.x + moved.width / 2, moved.y + moved.height / 2);
  await page.keyboard.down('Control');
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await axis(loss, 'x'))!.max - (await axis(loss, 'x'))!.min).toBeLessThan(before.max - before.min);
  expectIntegerTicks(await axis(loss, 'x'));

  // A finger on the chart still scrolls the page vertically (the plugin's Hammer.js would set none).
  expect(await loss.locator('canvas').evaluate((c: HTMLCanvasElement) => c.style.touchAction)).toBe('pan-y');

  const reset = loss.getByRole('button', { name: 'Reset zoom' });
  await expect(reset).toBeVisible();
  await reset.focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => [(await axis(loss, 'x'))!.min, (await axis(loss, 'x'))!.max]).toEqual([before.min, before.max]);
  expect(errors).toEqual([]);
});

test('on a phone-sized page the signal charts keep integer layer ticks and apart labels', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/?depth=12&width=32');
  for (const direction of ['forward', 'backward']) {
    const chart = page.getByTestId(`signal-chart-${direction}`);
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await axis(chart, 'x'))?.ticks.length ?? 0).toBeGreaterThan(0);
    const x = (await axis(chart, 'x'))!;
    expectIntegerTicks(x);
    // Along x a label needs its width, not its line height: "12" is about 14 px at 12 px type.
    const xs = x.ticks.map((t) => t.pixel);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThan(20);
    expectApartLabels(await axis(chart, 'y'));
  }
});
