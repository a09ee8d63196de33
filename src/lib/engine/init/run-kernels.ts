/**
 * A run's initial kernels, one definition for every model of the lab (the tf.layers
 * reference, the stacked engine), the PyTorch export and the Jacobian spectrum: the lab's
 * generator with per-layer seeds, and zeros where the run zero-inits a branch's last kernel.
 * Pure JS (no TF.js), in TF.js layout.
 */
import type { Experiment } from '../../experiment/config';
import { paramOf, type RunSpec, type Variant } from '../../experiment/plan';
import { kernelShapes } from '../../experiment/shapes';
import { deriveSeed } from '../../random/prng';
import type { LayerInfo } from '../events';
import { kernelInitScale } from '../mup';
import { isBranchEnd, zeroInitPlan } from '../zero-init';
import { describeInit } from './describe';
import type { InitContext } from './gains';
import { generateWeights } from './generate';

/**
 * One kernel's initial values and its description, exactly as every model of the lab draws
 * them: the lab's own initializer with a seed derived from the layer's position (so a
 * zeroed layer does not shift the others' draws), or zeros for a zero-init branch end.
 * `initScale` multiplies the draw (μP's output kernel: kernelInitScale in ../mup.ts); the
 * info then describes the scaled draw, the std and mean the kernel really has.
 */
export function initialKernel(
  v: Variant,
  shape: number[],
  ctx: InitContext,
  at: { initSeed: number; index: number; last: boolean; zeroed: boolean; name: string; initScale?: number },
): { values: Float32Array; info: LayerInfo } {
  const info = describeInit(v.init, shape, ctx);
  const scale = at.initScale ?? 1;
  const values = at.zeroed
    ? new Float32Array(shape.reduce((a, b) => a * b, 1))
    : generateWeights(v.init, shape, ctx, deriveSeed(at.initSeed, 'layer', at.index));
  if (scale !== 1 && !at.zeroed) for (let i = 0; i < values.length; i++) values[i] *= scale;
  return {
    values,
    info: {
      name: at.name,
      label: at.last ? 'out' : `L${at.index + 1}`,
      shape: [...shape],
      fanIn: info.fanIn,
      fanOut: info.fanOut,
      initStd: at.zeroed ? 0 : info.std * scale,
      initMean: at.zeroed ? 0 : info.mean * scale,
      gain: info.gain,
    },
  };
}

export interface RunKernel {
  /** 'L1', 'L2', …, 'out' (experiment/shapes.ts). */
  label: string;
  shape: number[];
  values: Float32Array;
}

export function zeroesKernel(e: Experiment, run: RunSpec): boolean {
  return zeroInitPlan(e, run).kernel;
}

export function runKernels(e: Experiment, run: RunSpec): RunKernel[] {
  const ctx: InitContext = { act: e.act, slope: e.slope, gain: e.gain };
  const shapes = kernelShapes(e);
  const zeroes = zeroesKernel(e, run);
  return shapes.map(({ label, shape }, index) => {
    const at = {
      initSeed: run.initSeed,
      index,
      last: index === shapes.length - 1,
      zeroed: zeroes && isBranchEnd(e, index, shapes.length),
      name: label,
      initScale: kernelInitScale(e, paramOf(run), index, shapes.length),
    };
    return { label, shape, values: initialKernel(run, shape, ctx, at).values };
  });
}
