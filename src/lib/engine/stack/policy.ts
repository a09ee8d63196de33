/**
 * Whether a group of same-shaped runs trains as one stack or run by run. Stacking replaces R
 * sets of kernels by one set of R-times-larger ones: it pays wherever a step is bound by the
 * number of kernels dispatched, which is every hardware GPU at these model sizes. On a
 * software renderer (SwiftShader, llvmpipe) or the CPU, arithmetic is not free, and there the
 * batched products of a large net cost more than the dispatches they save. Measured here
 * (2 cores, SwiftShader), 8 runs of one step, stacked against separate:
 *   784-64-64-10, batch 64 (14.7 MFLOP per run-step):   76 ms against 122 ms
 *   784-256-256-10, batch 64 (77.5 MFLOP):              360 ms against 311 ms
 * and on the presets' 3 seeds × variants, whole runs: 6×128 BN (28.8 MFLOP) 44 s against
 * 51 s; 5×128 (25.7) 30 s against 30 s; 8×128 (35.1) 57 s against 52 s; 30×128 (209)
 * 4.6 min against 3.5 min. On the wasm backend (SIMD, threaded build, 1 thread here), 8
 * runs of one step, stacked against one by one (npm run bench, backends):
 *   784-64-64-10, bs 64 (14.7 MFLOP):    68 ms against 86 ms
 *   784-256-256-10, bs 64 (77.5 MFLOP):  405 ms against 373 ms
 *   784-256-256-10, bs 128 (155 MFLOP):  748 ms against 665 ms
 * the same turn as on SwiftShader. That was before the wasm products went rank-2 per run
 * (products.ts): since then a stack on wasm takes the same products as R stacks of one, and
 * pays for slicing each run out of the stacked tensors as well (in Node, 8 default-MLP runs:
 * 112 slices, 35 ms of a 134 ms step), so one by one measured faster at every size (bench,
 * backends: 784-64-64-10 23 ms against 32 ms, 784-256-256-10 75 against 138). So wasm never
 * stacks, and WebGL on a software renderer and the cpu backend stack a group only up to 30
 * MFLOP per run-step. The choice depends on the model and the kind of device, never on
 * timing noise, so the same link on the same kind of device always trains the same way.
 */
import type { Experiment } from '../../experiment/config';
import { layerCosts, trainingStepFlops } from '../flops';

/** 'auto': stack where it pays (above); 'always' / 'never': the tests' and the benchmark's choice. */
export type Stacking = 'auto' | 'always' | 'never';

/** Largest step, in FLOPs per run, that a software device still trains faster stacked. */
export const SOFTWARE_STACK_MAX_FLOPS = 30e6;

/** Renderers that run WebGL on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The software renderer's short name ('SwiftShader', 'llvmpipe', …) as it appears in `renderer`; null for a hardware GPU. */
export function softwareRendererName(renderer: string | null): string | null {
  return renderer?.match(SOFTWARE_RENDERER)?.[0] ?? null;
}

/** A backend whose arithmetic runs on the CPU: the cpu and wasm backends, or WebGL on a software renderer. */
export function isSoftwareDevice(backend: string, renderer: string | null): boolean {
  if (backend !== 'webgl' && backend !== 'webgpu') return true;
  return renderer !== null && SOFTWARE_RENDERER.test(renderer);
}

/** What decides stacking: dispatch-bound GPUs, CPU-bound devices, and wasm (its products run per run). */
export type StackingDevice = 'gpu' | 'software' | 'wasm';

export function stackingDevice(backend: string, renderer: string | null): StackingDevice {
  if (backend === 'wasm') return 'wasm';
  return isSoftwareDevice(backend, renderer) ? 'software' : 'gpu';
}

export function shouldStack(e: Experiment, runs: number, policy: Stacking, device: StackingDevice): boolean {
  if (policy !== 'auto') return policy === 'always';
  if (runs < 2 || device === 'wasm') return false;
  return device === 'gpu' || trainingStepFlops(layerCosts(e), e.bs) <= SOFTWARE_STACK_MAX_FLOPS;
}
