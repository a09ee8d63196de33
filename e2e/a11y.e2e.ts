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

for (const size of WIDTHS) {
  for (const view of VIEWS) {
    test(`axe: ${view.name} at ${size.name} width has no serious or critical violation`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(view.path);
      await view.ready(page);
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations) {
        console.log(
          `[${view.name} @ ${size.name}] ${v.impact} ${v.id}: ${v.nodes.length} node(s), first ${JSON.stringify(v.nodes[0]?.target)}`,
        );
      }
      await testInfo.attach('axe-violations.json', { body: JSON.stringify(violations, null, 1), contentType: 'application/json' });
      const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(blocking.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`)).toEqual([]);
    });
  }
}
