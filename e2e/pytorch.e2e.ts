/**
 * The PyTorch hand-off, end to end: the built app exports the default experiment and a
 * residual comparison (BN, zero=gamma,kernel) with its data as IDX; each script runs for a
 * few dozen steps alone (with the lab's initial weights beside it) and under torchrun with 2
 * CPU ranks (with PyTorch's own draws); the results go back into the lab through Import results.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { describeInit } from '../src/lib/engine/init/describe';
import { decodeExperiment } from '../src/lib/experiment/url';
import { compareRanks, requireTorch, runScript, type ResultsJson } from './pytorch-run';

async function save(page: Page, button: string | RegExp, path: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: typeof button === 'string' }).click();
  await (await download).saveAs(path);
  return path;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Measured std (kernel norm / sqrt(size), mean ~0) of every layer at step 0 against describeInit. */
function initStdRatios(query: string, results: ResultsJson): number[] {
  const e = decodeExperiment(query).experiment;
  return results.runs.flatMap((run, r) =>
    run.layers.map((layer, l) => {
      const size = layer.shape.reduce((a, b) => a * b, 1);
      const measured = run.evals[0].weightNorms[l] / Math.sqrt(size);
      if (layer.initStd === 0) return measured === 0 ? 1 : Number.NaN; // a zeroed branch end
      const variant = Math.floor(r / e.seeds);
      const init = e.init[Math.floor(variant / (e.bn.length * e.zero.length))];
      return measured / describeInit(init, layer.shape, { act: e.act, slope: e.slope, gain: e.gain }).std;
    }),
  );
}

const EXPERIMENTS = [
  { name: 'default', query: '' },
  { name: 'residual', query: 'arch=resmlp&depth=2&width=256&bn=before&zero=gamma,kernel&steps=30' },
];

test('export to PyTorch, run alone and under torchrun, import the results back', async ({ page }) => {
  test.setTimeout(300_000);
  requireTorch();
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'init-lab-e2e-pytorch-'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const resultFiles: string[] = [];

  for (const { name, query } of EXPERIMENTS) {
    const exact = join(root, name, 'exact');
    const drawn = join(root, name, 'drawn');
    [exact, drawn].forEach((d) => mkdirSync(d, { recursive: true }));
    await page.goto(`/?${query}`);
    await expect(page.getByTestId('dataset-summary')).toContainText('8,000 train / 2,000 validation');
    // The data through the lab's own IDX export, then the script (alone, and with the weights beside it).
    await save(page, 'Export data (IDX)', join(exact, 'init-lab-data-idx.zip'));
    copyFileSync(join(exact, 'init-lab-data-idx.zip'), join(drawn, 'init-lab-data-idx.zip'));
    await save(page, 'Export → PyTorch script', join(exact, 'experiment.py'));
    copyFileSync(join(exact, 'experiment.py'), join(drawn, 'experiment.py'));
    await save(page, /^Initial weights/, join(exact, 'initial-weights.npz'));

    // The browser's own first steps: train, stop after a few, export its results.
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/step [1-9]\d*\/|^Done/, { timeout: 120_000 });
    if (name === 'default') await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByTestId('run-status')).toHaveText(/^(Stopped|Done)/, { timeout: 120_000 });
    const lab = JSON.parse(readFileSync(await save(page, 'Export JSON', join(root, name, 'lab.json')), 'utf8')) as ResultsJson;

    // Alone, from the lab's own initial weights: the very first step computes the very same loss.
    const single = runScript(exact, ['--steps', '30']);
    expect(single.output).toContain("the lab's own initial weights");
    expect(single.results.runs).toHaveLength(lab.runs.length);
    single.results.runs.forEach((run, i) => {
      expect(run.label).toBe(lab.runs[i].label);
      expect(Math.abs(run.loss[0] - lab.runs[i].loss[0]), `${name} run ${i} first-step loss`).toBeLessThan(1e-4);
      expect(Math.abs(run.evals[0].valLoss - lab.runs[i].evals[0].valLoss)).toBeLessThan(1e-4);
      expect(mean(run.loss.slice(-5))).toBeLessThan(mean(run.loss.slice(0, 5)));
    });

    // Under torchrun with 2 CPU ranks, drawing with PyTorch's generator: the formulas' spread,
    // identical parameters on both ranks, a falling loss.
    const ddp = runScript(drawn, ['--steps', '30', '--save-weights', 'final'], 2);
    expect(ddp.output).toContain('statistics are per rank');
    expect(ddp.results.environment.worldSize).toBe(2);
    for (const ratio of initStdRatios(query, ddp.results)) expect(Math.abs(ratio - 1)).toBeLessThan(0.03);
    for (const run of ddp.results.runs) expect(mean(run.loss.slice(-5))).toBeLessThan(mean(run.loss.slice(0, 5)));
    for (const r of compareRanks(
      drawn,
      ddp.results.runs.map((_, i) => `v${i}s0`),
    ))
      expect(r).toEqual({ same: true, maxDiff: 0 });
    console.log(
      `${name}: first-step loss |Δ| ${single.results.runs.map((r, i) => Math.abs(r.loss[0] - lab.runs[i].loss[0]).toExponential(1)).join(', ')}; ` +
        `init std ratios ${initStdRatios(query, ddp.results)
          .map((x) => x.toFixed(3))
          .join(' ')}; python ${single.seconds.toFixed(1)} s, torchrun ${ddp.seconds.toFixed(1)} s`,
    );
    resultFiles.push(join(exact, 'results-1.json'), join(drawn, 'results-2.json'));
  }

  // Back in the lab: the PyTorch runs appear beside the browser's, named by their source.
  const before = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  const rowsBefore = await page.getByTestId('run-table').locator('tbody tr').count();
  await page.locator('input[name="import-results"]').setInputFiles(resultFiles);
  const list = page.getByTestId('imported-files');
  await expect(list.locator('li')).toHaveCount(4);
  await expect(list).toContainText('PyTorch 1.13, 2× gloo, lab split 8k');
  await expect(list).toContainText('PyTorch 1.13, cpu, lab split 8k');
  await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(rowsBefore + 1 + 1 + 2 + 2);
  await expect(page.getByTestId('variant-summary')).toContainText(
    'PyTorch 1.13, 2× gloo, lab split 8k · he_normal · BN before · zero kernel',
  );
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(before + 6 * 30);

  // Hostile and broken files: shown as text or refused, and what is on screen stays.
  const hostileDir = join(root, 'hostile');
  mkdirSync(hostileDir);
  const good = JSON.parse(readFileSync(resultFiles[0], 'utf8'));
  const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  writeFileSync(
    join(hostileDir, 'html.json'),
    JSON.stringify({
      ...good,
      runs: good.runs.map((r: object) => ({ ...r, label: html })),
      dataset: { name: html, train: 1, validation: 1 },
    }),
  );
  writeFileSync(join(hostileDir, 'newer.json'), JSON.stringify({ ...good, version: 99 }));
  writeFileSync(join(hostileDir, 'broken.json'), '{"format": "init-lab-results", "version": 1, "runs": [');
  await page.locator('input[name="import-results"]').setInputFiles(join(hostileDir, 'html.json'));
  await expect(list.locator('li')).toHaveCount(5);
  await expect(page.getByTestId('run-table')).toContainText(html);
  for (const [file, reason] of [
    ['newer.json', /version is 99: the file is newer than this lab/],
    ['broken.json', /not JSON/],
  ] as const) {
    await page.locator('input[name="import-results"]').setInputFiles(join(hostileDir, file));
    await expect(page.getByTestId('import-error')).toContainText(file);
    await expect(page.getByTestId('import-error')).toContainText(reason);
    await expect(list.locator('li')).toHaveCount(5);
  }
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
  expect(errors).toEqual([]);
  console.log(`pytorch hand-off e2e: ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
