/**
 * A run's initial kernels, one definition for every model of the lab (the tf.layers
 * reference, the stacked engine), the PyTorch export and the Jacobian spectrum: the lab's
 * generator with per-layer seeds, and zeros where the run zero-inits a branch's last kernel.
 * init=lsuv is data-dependent: its orthonormal draws are then multiplied by the scales
 * runLsuv measures on the LSUV batch (lsuv-batch.ts), which every caller is handed with its
 * data and passes in here; without one, an lsuv run refuses to build.
 * Pure JS (no TF.js), in TF.js layout.
 */
import type { Experiment } from '../../experiment/config';
import { paramOf, type Variant } from '../../experiment/plan';
import { kernelShapes } from '../../experiment/shapes';
import { deriveSeed } from '../../random/prng';
import type { LayerInfo } from '../events';
import { kernelInitScale } from '../mup';
import { isBranchEnd, zeroInitPlan } from '../zero-init';
import { describeInit } from './describe';
import type { InitContext } from './gains';
import { generateWeights } from './generate';
import { lsuvScales, type LsuvLayer } from './lsuv';
import type { InitBatch } from './lsuv-batch';

export type { InitBatch, LsuvLayer };

/**
 * One kernel's initial values and its description, exactly as every model of the lab draws
 * them: the lab's own initializer with a seed derived from the layer's position (so a
 * zeroed layer does not shift the others' draws), or zeros for a zero-init branch end.
 * `initScale` multiplies the draw (μP's output kernel: kernelInitScale in ../mup.ts), and so
 * does LSUV's measured scale (`lsuv`); the info then describes the scaled draw, the std and
 * mean the kernel really has.
 */
export function initialKernel(
  v: Variant,
  shape: number[],
  ctx: InitContext,
  at: { initSeed: number; index: number; last: boolean; zeroed: boolean; name: string; initScale?: number; lsuv?: LsuvLayer },
): { values: Float32Array; info: LayerInfo } {
  const info = describeInit(v.init, shape, ctx);
  // μP's factor on the output kernel times LSUV's measured one: the draw is multiplied by both.
  const scale = (at.initScale ?? 1) * (at.lsuv?.scale ?? 1);
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
      // The std and mean actually drawn, after μP's and LSUV's factors.
      initStd: at.zeroed ? 0 : info.std * scale,
      initMean: at.zeroed ? 0 : info.mean * scale,
      gain: info.gain,
      ...(at.lsuv ? { lsuv: at.lsuv } : {}),
    },
  };
}

export interface RunKernel {
  /** 'L1', 'L2', …, 'out' (experiment/shapes.ts). */
  label: string;
  shape: number[];
  values: Float32Array;
}

/** What a run's kernels depend on: its variant and its init seed (a RunSpec is one). */
export type SeededVariant = Variant & { initSeed: number };

export function zeroesKernel(e: Experiment, run: SeededVariant): boolean {
  return zeroInitPlan(e, run).kernel;
}

type Drawn = { label: string; shape: number[]; values: Float32Array; info: LayerInfo };

function drawKernels(e: Experiment, run: SeededVariant, lsuv: LsuvLayer[] | null): Drawn[] {
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
      lsuv: lsuv?.[index],
    };
    return { label, shape, ...initialKernel(run, shape, ctx, at) };
  });
}

/**
 * What LSUV does to each kernel of this run (kernelShapes order), measured on `batch`; null
 * for every other scheme. The one definition of the LSUV scales: the models pass its layers
 * to initialKernel, runKernels applies them itself.
 */
export function runLsuv(e: Experiment, run: SeededVariant, batch: InitBatch | null | undefined): LsuvLayer[] | null {
  if (run.init.scheme !== 'lsuv') return null;
  if (!batch) throw new Error('init=lsuv scales each layer on a batch of training digits, and none was given to build this run from');
  return lsuvScales(
    e,
    run.bn,
    drawKernels(e, run, null).map((k) => k.values),
    batch,
  );
}

/** `batch`: the LSUV batch (lsuv-batch.ts), needed only by lsuv runs. */
export function runKernels(e: Experiment, run: SeededVariant, batch?: InitBatch | null): RunKernel[] {
  return drawKernels(e, run, runLsuv(e, run, batch)).map(({ label, shape, values }) => ({ label, shape, values }));
}

/** Per kernel, its description as the models report it (LayerInfo, with LSUV's scale where there is one). */
export function runLayerInfo(e: Experiment, run: SeededVariant, batch?: InitBatch | null): LayerInfo[] {
  return drawKernels(e, run, runLsuv(e, run, batch)).map((k) => k.info);
}
