/**
 * μP, the maximal-update parametrization (Yang et al. 2022, "Tensor Programs V", Table 3),
 * as multipliers on SP with the same init scheme. With r = width / base (channels / base for
 * conv nets), μP leaves every number as SP has it at r = 1, and as the net widens keeps the
 * size of each layer's update per coordinate the same as at the base width:
 *
 *                    init std of W     Adam lr      SGD / momentum lr
 *   input kernel     ×1                ×1           ×r
 *   hidden kernels   ×1                ×1/r         ×1
 *   output kernel    ×1/√r             ×1/r         ×1/r
 *   biases, BN γ/β, residual α (vector-like)   ×1    ×r
 *
 * microsoft/mup (mup/optim.py) does the same: MuAdam divides the lr of matrix-like weights
 * (both fans grow: hidden kernels) by the width multiplier and leaves vector-like ones;
 * MuSGD multiplies vector-like ones by it. Its MuReadout reaches the output row another way
 * (it multiplies the weights by √r and the layer's output by 1/r), which changes the output
 * by the same amounts as ×1/√r init and ×1/r lr here.
 *
 * Pure JS: the initial kernels (init/run-kernels.ts), the optimizer's per-variable learning
 * rates (stack/stacked-trainer.ts, run-trainer.ts) and the explanation read it.
 */
import { isConv, type Experiment, type OptimizerId, type Parametrization } from '../experiment/config';

/** How μP changes one kernel relative to SP: its init std and its learning rate, as factors. */
export interface LayerScale {
  role: 'input' | 'hidden' | 'output';
  init: number;
  lr: number;
}

export interface MupScales {
  /** r = width / base (1 under SP). */
  ratio: number;
  /** One per kernel, in layer order (L1, …, out). */
  kernels: LayerScale[];
  /** The lr factor of every vector-like variable: biases, BN γ and β, residual α. */
  vector: number;
}

/** The width μP scales with: units per hidden layer, or channels for the conv nets. */
export function mupWidth(e: Experiment): number {
  return isConv(e.arch) ? e.channels : e.width;
}

function roleOf(index: number, count: number): LayerScale['role'] {
  return index === 0 ? 'input' : index === count - 1 ? 'output' : 'hidden';
}

/** Table 3 of Tensor Programs V, relative to SP, for `count` kernels (input, hidden…, output). */
export function mupScales(e: Experiment, param: Parametrization, count: number, opt: OptimizerId = e.opt): MupScales {
  const r = param === 'mup' ? mupWidth(e) / e.base : 1;
  const adam = opt === 'adam';
  const kernels = Array.from({ length: count }, (_, i): LayerScale => {
    const role = roleOf(i, count);
    if (role === 'output') return { role, init: 1 / Math.sqrt(r), lr: 1 / r };
    if (role === 'hidden') return { role, init: 1, lr: adam ? 1 / r : 1 };
    return { role, init: 1, lr: adam ? 1 : r };
  });
  return { ratio: r, kernels, vector: adam ? 1 : r };
}

/** The factor on the std of kernel `index` of `count` as drawn: 1/√r for μP's output kernel, else 1. */
export function kernelInitScale(e: Experiment, param: Parametrization, index: number, count: number): number {
  return mupScales(e, param, count).kernels[index].init;
}
