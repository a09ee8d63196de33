import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * The accessibility audit: axe-core on every view, at desktop and phone widths, with no serious
 * or critical violation. The lab is audited before a run and after a short one, so its charts,
 * tables and cards are in the audited page.
 */

const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const VIEWS = [
  {
    name: 'lab',
    path: '/',
    ready: (p: Page) => expect(p.getByRole('button', { name: 'Train', exact: true })).toBeEnabled({ timeout: 60_000 }),
  },
  {
    name: 'lab after a run',
    path: '/?steps=30&autorun=1',
    ready: (p: Page) => expect(p.getByTestId('run-status')).toHaveText('Done', { timeout: 170_000 }),
  },
  { name: 'practice', path: '/#practice', ready: (p: Page) => expect(p.locator('.single')).toBeVisible() },
  { name: 'checklist', path: '/#checklist', ready: (p: Page) => expect(p.locator('.single')).toBeVisible() },
] as const;

/** Both colour schemes are audited: the dark one has its own colours to get right (contrast). */
const SCHEMES = ['light', 'dark'] as const;

for (const scheme of SCHEMES) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const size of WIDTHS) {
      for (const view of VIEWS) {
        test(`axe: ${view.name} at ${size.name} width has no serious or critical violation`, async ({ page }, testInfo) => {
          await page.setViewportSize({ width: size.width, height: size.height });
          await page.goto(view.path);
          await view.ready(page);
          const { violations } = await new AxeBuilder({ page }).analyze();
          for (const v of violations) {
            console.log(
              `[${view.name} @ ${size.name}, ${scheme}] ${v.impact} ${v.id}: ${v.nodes.length} node(s), first ${JSON.stringify(v.nodes[0]?.target)}`,
            );
          }
          await testInfo.attach('axe-violations.json', { body: JSON.stringify(violations, null, 1), contentType: 'application/json' });
          const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(blocking.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`)).toEqual([]);
        });
      }
    }
  });
}

/**
 * What Tab reaches, in order: each stop as "tag name/label" and its place in the document.
 * Places are tagged on every element once, before the walk (data-walk): an element that
 * appears or re-renders while Tab moves on (a formula typeset, a list read back) then cannot
 * shift the places of the others.
 */
async function tabStops(page: Page, max: number): Promise<{ key: string; index: number }[]> {
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('*').forEach((el, i) => (el.dataset.walk = String(i))));
  await page.locator('body').focus();
  const stops: { key: string; index: number }[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const label = el.getAttribute('aria-label') ?? el.innerText?.trim().slice(0, 40) ?? '';
      return { key: `${el.tagName.toLowerCase()} ${label}`, index: Number(el.dataset.walk ?? -1) };
    });
    if (!stop || (stops.length && stop.index === stops[0].index)) break;
    stops.push(stop);
  }
  return stops;
}

for (const size of WIDTHS) {
  test(`keyboard order, announced status and chart text at ${size.name} width`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto('/?steps=30&autorun=1');
    await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 170_000 });
    // The walk starts once the page has settled: formulas typeset on first need (KaTeX loads
    // lazily), the history list is read from IndexedDB, the signal view may be measured again.
    await expect(page.getByTestId('signal-panel')).toHaveAttribute('data-measuring', 'false', { timeout: 60_000 });
    // Charts are built one per task (open-queue.ts); a PNG button is disabled until its chart exists.
    await expect(page.locator('button.png:disabled')).toHaveCount(0, { timeout: 60_000 });
    let last = -1;
    await expect
      .poll(
        async () => {
          const now = await page.evaluate(() => document.querySelectorAll('*').length);
          const same = now === last;
          last = now;
          return same;
        },
        { timeout: 30_000, intervals: [500] },
      )
      .toBe(true);

    // The run status is a live region (role=status is aria-live=polite), so Done is announced.
    await expect(page.getByTestId('run-status')).toHaveAttribute('role', 'status');

    // No positive tabindex reorders the page: Tab follows the document.
    expect(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count()).toBe(0);
    const stops = await tabStops(page, 600);
    const indices = stops.map((s) => s.index);
    expect(indices, 'Tab moves forward through the document').toEqual([...indices].sort((a, b) => a - b));

    // Every visible, enabled control is a Tab stop (checkVisibility: a closed <details> hides its
    // content with content-visibility, which still leaves it client rects).
    const controls = await page.evaluate(() => {
      return [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex="0"]')]
        .filter((el) => !el.matches(':disabled') && el.checkVisibility({ visibilityProperty: true }))
        .filter(
          (el) =>
            !(
              el instanceof HTMLInputElement &&
              el.type === 'radio' &&
              !el.checked &&
              document.querySelector(`input[name="${el.name}"]:checked`)
            ),
        )
        .map((el) => ({
          index: Number(el.dataset.walk ?? -1),
          key: el.outerHTML.slice(0, 100),
        }));
    });
    const missed = controls.filter((c) => !indices.includes(c.index)).map((c) => c.key);
    console.log(`${size.name}: ${stops.length} Tab stops, ${controls.length} controls; last stop ${stops.at(-1)?.key}`);
    expect(missed, 'controls Tab never reaches').toEqual([]);

    // Train comes before the experiment's own knobs when the settings are folded (a phone).
    const train = stops.findIndex((s) => s.key.startsWith('button Train'));
    expect(train).toBeGreaterThanOrEqual(0);
    const arch = await page.locator('select[name="arch"]').evaluate((el) => Number((el as HTMLElement).dataset.walk));
    if (size.name === 'phone') expect(indices.includes(arch), 'the folded settings are out of the Tab order').toBe(false);
    else expect(indices.indexOf(arch)).toBeGreaterThanOrEqual(0);

    // Every chart has a text alternative.
    const canvases = page.locator('canvas');
    expect(await canvases.count()).toBeGreaterThan(0);
    for (const label of await canvases.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))) {
      expect(label.trim().length, 'a chart without a text alternative').toBeGreaterThan(0);
    }
  });
}
