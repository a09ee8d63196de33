/**
 * Where the Chromium for browser tests and the benchmark lives: $CHROMIUM_PATH, then
 * Debian's /usr/bin/chromium, then Playwright's own download (if one was installed).
 */
import { existsSync } from 'node:fs';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  return null;
}

export async function findPlaywrightChromium() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Flags for a headless Chromium with no network beyond localhost: without the
 * background-networking ones it keeps trying (and failing) to reach Google's services.
 * WebGL runs on SwiftShader where there is no GPU; --enable-unsafe-swiftshader allows it.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--enable-webgl',
];
