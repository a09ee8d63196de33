/**
 * What the signal theory needs to know about each kernel, computed from the config alone
 * (no TF.js, so the theory curve can be drawn the moment the config changes): fans, the
 * exact std/mean each scheme draws with (describeInit, the same numbers the weights come
 * from), residual zero-init, and for convs the share of kernel taps that land inside the map.
 */
import type { Experiment } from '../../experiment/config';
import { paramOf, type Variant } from '../../experiment/plan';
import { kernelShapes } from '../../experiment/shapes';
import { describeInit } from '../init/describe';
import { kernelInitScale } from '../mup';
import { isBranchEnd, zeroInitPlan } from '../zero-init';

export interface TheoryLayer {
  label: string;
  fanIn: number;
  fanOut: number;
  /** Std of the kernel entries (0 where residual zero-init zeroes the kernel). */
  std: number;
  /** Mean of the kernel entries (non-zero only for the constant scheme). */
  mean: number;
  /**
   * Mean fraction of kernel taps inside the (same-padded) input map: zero padding feeds the
   * border pixels fewer inputs. 1 for dense layers. Assumes the signal is spread uniformly
   * over the map — true in deep layers, roughly true on MNIST, whose border is background.
   */
  border: number;
}

/** Mean over positions of a side-S map of the share of a k-wide kernel's taps in bounds, squared (2-D). */
export function borderFraction(side: number, k: number): number {
  const r = (k - 1) / 2;
  let inBounds = 0;
  for (let p = 0; p < side; p++) inBounds += Math.min(side - 1, p + r) - Math.max(0, p - r) + 1;
  return (inBounds / (side * k)) ** 2;
}

/** Input map side of each conv kernel, in kernelShapes order (null for dense kernels). */
function convSides(e: Experiment): (number | null)[] {
  if (e.arch === 'cnn') {
    // Pooling follows conv 1 and conv 2: 28 -> 14 -> 7 (architectures.ts).
    return [...Array.from({ length: e.depth }, (_, i) => 28 / 2 ** Math.min(i, 2)), null];
  }
  if (e.arch === 'rescnn') {
    const firstStage = Math.ceil(e.depth / 2);
    const blocks = Array.from({ length: e.depth }, (_, i) => (i < firstStage ? 14 : 7));
    return [28, ...blocks.flatMap((s) => [s, s]), null];
  }
  return kernelShapes(e).map(() => null);
}

export function theoryLayers(e: Experiment, v: Variant): TheoryLayer[] {
  const ctx = { act: e.act, slope: e.slope, gain: e.gain };
  const shapes = kernelShapes(e);
  const sides = convSides(e);
  const zeroKernel = zeroInitPlan(e, v).kernel;
  return shapes.map(({ label, shape }, i) => {
    const info = describeInit(v.init, shape, ctx);
    // μP draws its output kernel smaller (run-kernels.ts): the theory takes the std drawn.
    const scale = kernelInitScale(e, paramOf(v), i, shapes.length);
    const zeroed = zeroKernel && isBranchEnd(e, i, shapes.length);
    const side = sides[i];
    return {
      label,
      fanIn: info.fanIn,
      fanOut: info.fanOut,
      std: zeroed ? 0 : info.std * scale,
      mean: zeroed ? 0 : info.mean * scale,
      border: side === null ? 1 : borderFraction(side, e.kernel),
    };
  });
}
