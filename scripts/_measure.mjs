import { chromium } from '@playwright/test';
const [url] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
const page = await browser.newPage();
const t0 = Date.now();
await page.goto(url);
await page.getByTestId('run-status').filter({ hasText: /^(Done|Failed|Stopped)/ }).waitFor({ timeout: 900000 });
const wall = (Date.now() - t0) / 1000;
const series = await page.evaluate(() => window.__initLab.runs().series);
const W = 10;
const stepsTo = (loss, target) => { let s = 0; for (let i = 0; i < loss.length; i++) { s += loss[i]; if (i >= W) s -= loss[i - W]; if (i >= W - 1 && s / W <= target) return i + 1; } return Infinity; };
const rows = {};
for (const s of series) {
  const key = s.variantLabel;
  const acc = s.status === 'diverged' ? 0 : s.evals.at(-1)?.valAccuracy;
  const fl = s.loss.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, s.loss.length);
  (rows[key] ??= []).push(`#${s.repeat + 1} acc ${(acc * 100).toFixed(1)} loss ${fl.toFixed(3)} to1.0 ${stepsTo(s.loss, 1.0)} to0.7 ${stepsTo(s.loss, 0.7)} to0.5 ${stepsTo(s.loss, 0.5)} ${s.status}`);
}
for (const [k, v] of Object.entries(rows)) console.log(k + '\n   ' + v.join('\n   '));
console.log('wall', wall, 's');
await browser.close();
