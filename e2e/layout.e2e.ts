import { expect, test, type Page } from '@playwright/test';

/**
 * The page on a phone and on a desktop: no sideways scrolling, the Train button and the charts
 * within reach without scrolling past the whole config, charts wide enough to read. Screenshots
 * of each width are kept with the test's results.
 */

const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function noSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement!;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth, 'page scrolls sideways').toBeLessThanOrEqual(clientWidth);
}

for (const size of WIDTHS) {
  test(`layout at ${size.name} width (${size.width}x${size.height})`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto('/?steps=30&autorun=1');
    await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 170_000 });
    await noSidewaysScroll(page);

    // The settings are open on a desktop and folded on a phone, where Train comes first.
    const settings = page.getByTestId('settings-toggle');
    const train = page.getByRole('button', { name: 'Train', exact: true });
    const trainTop = await train.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(trainTop, 'Train is on the first screen').toBeLessThan(size.height);
    const charts = page.locator('canvas').first();
    await expect(charts).toBeVisible();
    const chartBox = (await charts.boundingBox())!;
    const chartTop = await charts.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(chartTop, 'the first chart is within two screens').toBeLessThan(2 * size.height);
    expect(chartBox.width, 'charts are wide enough to read').toBeGreaterThanOrEqual(Math.min(300, size.width - 60));
    expect(chartBox.x + chartBox.width).toBeLessThanOrEqual(size.width);
    // The training curves: as wide as the screen allows, and a close-up kept to judge the text.
    const loss = page.getByTestId('loss-chart');
    const lossBox = (await loss.locator('canvas').boundingBox())!;
    expect(lossBox.width).toBeGreaterThanOrEqual(Math.min(300, size.width - 60));
    expect(lossBox.x + lossBox.width).toBeLessThanOrEqual(size.width);
    await loss.screenshot({ path: testInfo.outputPath(`loss-chart-${size.name}.png`) });
    await page.screenshot({ path: testInfo.outputPath(`lab-${size.name}-top.png`) });
    await page.screenshot({ path: testInfo.outputPath(`lab-${size.name}-full.png`), fullPage: true });
    await testInfo.attach(`lab-${size.name}`, { path: testInfo.outputPath(`lab-${size.name}-full.png`), contentType: 'image/png' });

    if (size.name === 'phone') {
      await expect(settings).toHaveAttribute('aria-expanded', 'false');
      await settings.click();
      await expect(settings).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('region', { name: 'Experiment settings' }).or(page.getByLabel('Experiment settings'))).toBeVisible();
      await noSidewaysScroll(page);
      await page.screenshot({ path: testInfo.outputPath(`lab-${size.name}-settings.png`), fullPage: true });
    } else {
      await expect(settings).toHaveAttribute('aria-expanded', 'true');
    }

    for (const hash of ['#practice', '#checklist']) {
      await page.goto(`/${hash}`);
      await expect(page.locator('main')).toBeVisible();
      await noSidewaysScroll(page);
      await page.screenshot({ path: testInfo.outputPath(`${hash.slice(1)}-${size.name}.png`), fullPage: true });
    }
  });
}
