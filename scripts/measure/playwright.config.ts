/**
 * Measurements that drive the built app but assert nothing (they are not tests): run with
 * `npx playwright test -c scripts/measure/playwright.config.ts` after `npm run build`.
 */
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '**/*.measure.ts',
  timeout: 1_800_000,
  // The server serves the repository's dist/, not this folder.
  webServer: { ...(base.webServer as object), cwd: '../..' } as typeof base.webServer,
});
