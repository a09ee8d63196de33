/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  publicDir: 'static',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // bench.html drives the engine directly for `npm run bench`; it ships beside the app.
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  worker: {
    format: 'es',
    // Legal comments alone nearly double the TF.js worker bundle (1.6 MB -> 0.87 MB).
    rolldownOptions: { output: { comments: { legal: false } } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
