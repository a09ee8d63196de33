/**
 * TF.js's wasm backend, loaded on first need: a page on a hardware GPU never fetches its
 * script or binaries. The binaries are bundled by Vite (`?url`), so they come from this
 * app's own origin under `vite build` + `vite preview` as under `vite dev`, in a worker too.
 * TF.js picks one of three: plain, SIMD, or SIMD with threads; threads need
 * SharedArrayBuffer, which only a cross-origin isolated page (COOP + COEP headers,
 * vite.config.ts) has.
 */
import * as tf from '@tensorflow/tfjs';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmConvGrad } from './wasm-conv-grad';

export interface WasmInfo {
  simd: boolean;
  /** The threaded SIMD binary is in use (needs SIMD and SharedArrayBuffer). */
  threadedBuild: boolean;
  /**
   * Threads XNNPACK computes with, as TF.js reports them: 1 without the threaded build, and
   * on this 2-core machine 1 even with it (TF.js sizes its pool from the core count).
   */
  threads: number;
  crossOriginIsolated: boolean;
}

let loaded: Promise<typeof import('@tensorflow/tfjs-backend-wasm')> | null = null;

/** Registers the wasm backend (once); tf.setBackend('wasm') then starts it. */
export function registerWasm(): Promise<typeof import('@tensorflow/tfjs-backend-wasm')> {
  loaded ??= import('@tensorflow/tfjs-backend-wasm').then((wasm) => {
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': plainUrl,
      'tfjs-backend-wasm-simd.wasm': simdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
    });
    registerWasmConvGrad();
    return wasm;
  });
  return loaded;
}

/** What the running wasm backend uses; call after tf.setBackend('wasm') succeeded. */
export async function wasmInfo(): Promise<WasmInfo> {
  const wasm = await registerWasm();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const threaded = simd && ((await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean);
  return {
    simd,
    threadedBuild: threaded,
    threads: threaded ? wasm.getThreadsCount() : 1,
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  };
}
