/**
 * Starts the backend a page (or worker) trains on and says which one it got and why. One
 * GPU backend per thread: WebGPU and WebGL started side by side broke both here, so a
 * failed choice falls back to the CPU-side backends (wasm, then cpu), never to the other
 * GPU API. wasm and WebGPU are imported on first need, so a page on WebGL never loads them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { errorMessage } from '../error-message';
import type { BackendPreference } from '../experiment/page-settings';
import type { WasmInfo } from './wasm-backend';

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendInfo {
  backend: string;
  /** GPU/renderer string as the browser reports it, when known. */
  renderer: string | null;
  tfjsVersion: string;
  /** Why the preferred backend is not in use (null when it is). */
  fallbackReason: string | null;
  /** What the page asked for (absent: 'auto'). */
  preference?: BackendPreference;
  /** Why this backend trains, when there is more to say than the preference (auto's measurement). */
  choice?: string | null;
  /** SIMD and threads, on wasm only. */
  wasm?: WasmInfo | null;
}

/** The WebGL renderer's name as the browser reports it; null on other backends or when it will not say. */
export function webglRenderer(): string | null {
  try {
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
    const gl = backend.gpgpu?.gl;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}

const LABEL: Record<BackendName, string> = { webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'wasm', cpu: 'the CPU backend' };

/** What to try, in order, for each preference. */
const CHAIN: Record<BackendPreference, BackendName[]> = {
  auto: ['webgl', 'wasm', 'cpu'],
  webgl: ['webgl', 'wasm', 'cpu'],
  webgpu: ['webgpu', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

async function register(name: BackendName): Promise<void> {
  if (name === 'wasm') await (await import('./wasm-backend')).registerWasm();
  if (name === 'webgpu') {
    if (!('gpu' in navigator)) throw new Error('this browser has no navigator.gpu');
    await import('@tensorflow/tfjs-backend-webgpu');
  }
}

/**
 * Makes `name` the current backend, loading it on first use. Backends already started stay
 * registered, so switching back (auto's measurement) costs nothing. False when it cannot start.
 */
export async function switchBackend(name: BackendName): Promise<boolean> {
  // No shortcut on tf.getBackend() === name: after a failed start it still names the failed backend.
  await register(name);
  return tf.setBackend(name);
}

/** The current backend, described. */
export async function describeBackend(
  preference: BackendPreference,
  fallbackReason: string | null,
  choice: string | null = null,
): Promise<BackendInfo> {
  const backend = tf.getBackend();
  return {
    backend,
    renderer: backend === 'webgl' ? webglRenderer() : null,
    tfjsVersion: tf.version.tfjs,
    fallbackReason,
    preference,
    choice,
    wasm: backend === 'wasm' ? await (await import('./wasm-backend')).wasmInfo() : null,
  };
}

/** The first backend of the preference's chain that starts; every failure before it is kept as the reason. */
export async function initBackend(preference: BackendPreference = 'webgl'): Promise<BackendInfo> {
  const failures: string[] = [];
  for (const name of CHAIN[preference]) {
    try {
      if (await switchBackend(name)) break;
      failures.push(`${LABEL[name]} is not available in this browser`);
    } catch (error) {
      failures.push(`${LABEL[name]} failed to start: ${errorMessage(error)}`);
    }
  }
  await tf.ready();
  return describeBackend(preference, failures.length ? failures.join('; ') : null);
}
