/**
 * Makes sure a Chromium exists for the browser tests: uses one that is there, else
 * installs Debian's package (as root with apt-get) or Playwright's build; else says in one
 * line what to run.
 */
import { execSync } from 'node:child_process';
import { findChromium, findPlaywrightChromium } from './chromium-path.mjs';

const existing = findChromium() ?? (await findPlaywrightChromium());
if (existing) {
  console.log(`chromium: ${existing}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
try {
  if (isRoot) {
    console.log('chromium: not found; installing Debian package "chromium" with apt-get…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } else {
    console.log('chromium: not found; running "npx playwright install chromium"…');
    execSync('npx playwright install chromium', { stdio: 'inherit' });
  }
} catch {
  // fall through to the check below
}
const installed = findChromium() ?? (await findPlaywrightChromium());
if (!installed) {
  console.error('No Chromium found. Install one (sudo apt-get install chromium, or npx playwright install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
console.log(`chromium: ${installed}`);
