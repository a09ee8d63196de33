/**
 * The lab's four networks (mlp, resmlp, cnn, rescnn) as ONE walk over their layers, written
 * once and run twice: over per-example shapes, to lay out the stacked variables (layout.ts),
 * and over tensors, as the forward pass (forward.ts). The order of kernels, norms and
 * recorded activations is therefore the same in both, and the same as architectures.ts
 * builds with tf.layers.
 */
import type { BatchNormMode, Experiment } from '../../experiment/config';
import { NUM_CLASSES } from '../architectures';

/** What varies between runs that can share one stack: everything else is the experiment's. */
export interface StackStructure {
  bn: BatchNormMode;
  /** A learned scalar (init 0) at the end of every residual branch (zero=alpha). */
  alpha: boolean;
}

export type LinearKind = 'dense' | 'conv';

/** The steps of a network over values of type T (shapes, or tensors). */
export interface LayerOps<T> {
  /** Dense layer, or 'same'-padded conv, with bias; `branchEnd`: the last kernel of a residual branch. */
  linear(x: T, kind: LinearKind, units: number, branchEnd: boolean): T;
  norm(x: T, branchEnd: boolean): T;
  act(x: T): T;
  /** A hidden post-activation the probes look at. */
  record(x: T): T;
  alpha(x: T): T;
  add(skip: T, branch: T): T;
  /** 2×2 max pooling, stride 2. */
  pool(x: T): T;
  /** Feature maps to one row per example, in (height, width, channel) order, as tf.layers.flatten. */
  flatten(x: T): T;
}

/** linear -> [BN] -> act -> [BN], as the bn mode says (architectures.ts hiddenLayer). */
function hiddenLayer<T>(ops: LayerOps<T>, s: StackStructure, x: T, kind: LinearKind, units: number): T {
  let y = ops.linear(x, kind, units, false);
  if (s.bn === 'before') y = ops.norm(y, false);
  y = ops.record(ops.act(y));
  if (s.bn === 'after') y = ops.norm(y, false);
  return y;
}

/** y = act(x + F(x)), F = linear -> [BN] -> act -> linear -> [BN] (-> alpha) (architectures.ts residualBlock). */
function residualBlock<T>(ops: LayerOps<T>, s: StackStructure, x: T, kind: LinearKind, units: number): T {
  let branch = ops.linear(x, kind, units, false);
  if (s.bn !== 'none') branch = ops.norm(branch, false);
  branch = ops.record(ops.act(branch));
  branch = ops.linear(branch, kind, units, true);
  if (s.bn !== 'none') branch = ops.norm(branch, true);
  if (s.alpha) branch = ops.alpha(branch);
  return ops.record(ops.act(ops.add(x, branch)));
}

/** Runs the network of `e` from `input` (the pixels, as one row per example) to its logits. */
export function walkNet<T>(e: Experiment, s: StackStructure, ops: LayerOps<T>, input: T): T {
  let x = input;
  switch (e.arch) {
    case 'mlp':
      for (let i = 0; i < e.depth; i++) x = hiddenLayer(ops, s, x, 'dense', e.width);
      break;
    case 'resmlp':
      x = hiddenLayer(ops, s, x, 'dense', e.width);
      for (let i = 0; i < e.depth; i++) x = residualBlock(ops, s, x, 'dense', e.width);
      break;
    case 'cnn':
      for (let i = 0; i < e.depth; i++) {
        x = hiddenLayer(ops, s, x, 'conv', e.channels);
        // Pool after the first two conv layers (28 -> 14 -> 7); deeper stacks keep 7x7 maps.
        if (i < 2) x = ops.pool(x);
      }
      x = ops.flatten(x);
      break;
    case 'rescnn': {
      // Stem at 28x28, blocks at 14x14 then 7x7: channels never change, so no projections.
      x = ops.pool(hiddenLayer(ops, s, x, 'conv', e.channels));
      const firstStage = Math.ceil(e.depth / 2);
      for (let i = 0; i < e.depth; i++) {
        if (i === firstStage) x = ops.pool(x);
        x = residualBlock(ops, s, x, 'conv', e.channels);
      }
      if (e.depth <= 1) x = ops.pool(x);
      x = ops.flatten(x);
      break;
    }
  }
  return ops.linear(x, 'dense', NUM_CLASSES, false);
}
