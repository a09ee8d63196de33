/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Cross-origin isolation: SharedArrayBuffer, hence the wasm backend's threaded SIMD build.
 * Everything the app loads is its own origin (data, fonts, workers, wasm), so require-corp
 * costs nothing here; a cross-origin resource added later would need CORP or CORS headers.
 */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * tfjs-backend-wasm's threaded build starts each of its threads from the factory's own
 * source text (Function.prototype.toString into a Blob), and that function reads
 * `_scriptDir` from the closure around it. Once the bundler renames that variable, every
 * thread dies with "e is not defined" and tf.setBackend('wasm') never settles. Declaring it
 * inside the factory makes the text self-contained; the value is the same (no
 * document.currentScript in a module or worker).
 */
function wasmThreadsSelfContained(): Plugin {
  const anchor = 'WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};';
  return {
    name: 'init-lab:tfjs-wasm-threads-self-contained',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm-threaded-simd.js')) return null;
      // A new tfjs release that moves this line must be looked at, not silently miss the fix.
      if (!code.includes(anchor))
        throw new Error(`${id}: the threaded wasm factory changed; check wasmThreadsSelfContained in vite.config.ts`);
      const local = "var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;";
      return { code: code.replace(anchor, `${anchor}\n${local}`), map: null };
    },
  };
}

export default defineConfig({
  plugins: [svelte(), wasmThreadsSelfContained()],
  server: { headers: isolation },
  preview: { headers: isolation },
  publicDir: 'static',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // bench.html drives the engine directly for `npm run bench`; it ships beside the app.
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  worker: {
    format: 'es',
    plugins: () => [wasmThreadsSelfContained()],
    // Legal comments alone nearly double the TF.js worker bundle (1.6 MB -> 0.87 MB).
    rolldownOptions: { output: { comments: { legal: false } } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
