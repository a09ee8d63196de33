/**
 * Picks the fastest backend that works here and says which one it got and why.
 * WebGL first; if it cannot start (no WebGL2/WebGL1, blocklisted GPU, context creation
 * failure), the CPU backend, with the reason kept so the page can show it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { errorMessage } from '../error-message';

export interface BackendInfo {
  backend: string;
  /** GPU/renderer string as the browser reports it, when known. */
  renderer: string | null;
  tfjsVersion: string;
  /** Why the preferred backend is not in use (null when it is). */
  fallbackReason: string | null;
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

export async function initBackend(preferred: 'webgl' | 'cpu' = 'webgl'): Promise<BackendInfo> {
  let fallbackReason: string | null = null;
  if (preferred === 'webgl') {
    try {
      const ok = await tf.setBackend('webgl');
      if (!ok) fallbackReason = 'WebGL is not available in this browser';
    } catch (error) {
      fallbackReason = `WebGL failed to start: ${errorMessage(error)}`;
    }
  }
  if (tf.getBackend() !== 'webgl' || preferred !== 'webgl') {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  const backend = tf.getBackend();
  return {
    backend,
    renderer: backend === 'webgl' ? webglRenderer() : null,
    tfjsVersion: tf.version.tfjs,
    fallbackReason,
  };
}
