/**
 * The GPU context under TF.js, seen from the engine: whether it is still there, what it
 * holds, and (for tests) a way to lose it on purpose. On the CPU backend there is no
 * context: nothing is ever lost and every GPU figure is null.
 */
import * as tf from '@tensorflow/tfjs';

interface WebGLBackendLike {
  gpgpu?: { gl?: WebGL2RenderingContext | WebGLRenderingContext };
}

function currentGl(): WebGL2RenderingContext | WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl ?? null;
}

/**
 * True once the context is gone. The check is synchronous and exact: after a loss TF.js's
 * reads may hang on a fence that never signals or return zeros, so every number read after
 * this turns true must be thrown away, never shown.
 */
export function deviceLost(): boolean {
  return currentGl()?.isContextLost() ?? false;
}

/** Calls `onLost` once when the context is lost (never on the CPU backend). Returns an unsubscribe. */
export function watchDeviceLoss(onLost: () => void): () => void {
  const canvas = currentGl()?.canvas as (HTMLCanvasElement | OffscreenCanvas) | undefined;
  if (!canvas) return () => {};
  let fired = false;
  const handler = () => {
    if (fired) return;
    fired = true;
    onLost();
  };
  canvas.addEventListener('webglcontextlost', handler);
  return () => canvas.removeEventListener('webglcontextlost', handler);
}

/** Loses the context through WEBGL_lose_context, as a driver reset would. Returns false if it cannot. */
export function loseDevice(): boolean {
  const ext = currentGl()?.getExtension('WEBGL_lose_context');
  if (!ext) return false;
  ext.loseContext();
  return true;
}

export interface MemorySnapshot {
  backend: string;
  numTensors: number;
  numBytes: number;
  /** Bytes of live textures (WebGL only). */
  gpuBytes: number | null;
  /** Bytes of every texture TF.js holds, including its reuse pool (WebGL only). */
  gpuBytesAllocated: number | null;
}

export function memorySnapshot(): MemorySnapshot {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return {
    backend: tf.getBackend(),
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    gpuBytes: m.numBytesInGPU ?? null,
    gpuBytesAllocated: m.numBytesInGPUAllocated ?? null,
  };
}
