/**
 * Every preset's claim over SEEDS seeds (default 5) in the built app: the page's own claim
 * panel, read as a person sees it. Writes bench-results/preset-seeds.json and prints each
 * check's value per seed. `PRESET=<id>` measures one preset.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { PRESETS } from '../../src/lib/presets/presets';

const seeds = Number(process.env.SEEDS ?? 5);
const only = process.env.PRESET;
const withSeeds = (query: string) =>
  /(^|&)seeds=\d+/.test(query) ? query.replace(/(^|&)seeds=\d+/, `$1seeds=${seeds}`) : `${query}&seeds=${seeds}`;

test('preset claims over seeds', async ({ page }) => {
  const results: { id: string; seconds: number; holds: string | null; text: string; checks: unknown[] }[] = [];
  for (const preset of PRESETS.filter((p) => !only || p.id === only)) {
    const started = Date.now();
    await page.goto(`/?${withSeeds(preset.query)}&autorun=1`);
    const claim = page.getByTestId('preset-claim');
    await claim.waitFor({ timeout: 1_700_000 });
    const checks = await claim
      .locator('[data-check]')
      .evaluateAll((els) => els.map((el) => JSON.parse(el.getAttribute('data-check') ?? 'null')));
    const row = {
      id: preset.id,
      seconds: (Date.now() - started) / 1000,
      holds: await claim.getAttribute('data-holds'),
      text: await claim.innerText(),
      checks,
    };
    results.push(row);
    console.log(`\n## ${preset.id} (${seeds} seeds, ${row.seconds.toFixed(0)} s): holds=${row.holds}\n${row.text}`);
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    `bench-results/preset-seeds${process.env.TAG ? `-${process.env.TAG}` : ''}.json`,
    JSON.stringify({ seeds, results }, null, 2),
  );
});
