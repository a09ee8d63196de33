/**
 * The dense networks (mlp, resmlp) as ONE walk over their layers, written once and run
 * twice: over unit counts, to lay out the stacked variables (layout.ts), and over tensors,
 * as the forward pass (forward.ts). The order of kernels, norms and recorded activations
 * is therefore the same in both, and the same as architectures.ts builds with tf.layers.
 */
import type { BatchNormMode, Experiment } from '../../experiment/config';
import { NUM_CLASSES } from '../architectures';

/** What varies between runs that can share one stack: everything else is the experiment's. */
export interface StackStructure {
  bn: BatchNormMode;
  /** A learned scalar (init 0) at the end of every residual branch (zero=alpha). */
  alpha: boolean;
}

/** The steps of a network over values of type T (unit counts, or tensors). */
export interface LayerOps<T> {
  /** Dense layer with bias; `branchEnd`: the last kernel of a residual branch. */
  linear(x: T, units: number, branchEnd: boolean): T;
  norm(x: T, branchEnd: boolean): T;
  act(x: T): T;
  /** A hidden post-activation the probes look at. */
  record(x: T): T;
  alpha(x: T): T;
  add(skip: T, branch: T): T;
}

export function isStackable(e: Experiment): boolean {
  return e.arch === 'mlp' || e.arch === 'resmlp';
}

/** linear -> [BN] -> act -> [BN], as the bn mode says (architectures.ts hiddenLayer). */
function hiddenLayer<T>(ops: LayerOps<T>, s: StackStructure, x: T, units: number): T {
  let y = ops.linear(x, units, false);
  if (s.bn === 'before') y = ops.norm(y, false);
  y = ops.record(ops.act(y));
  if (s.bn === 'after') y = ops.norm(y, false);
  return y;
}

/** y = act(x + F(x)), F = linear -> [BN] -> act -> linear -> [BN] (-> alpha) (architectures.ts residualBlock). */
function residualBlock<T>(ops: LayerOps<T>, s: StackStructure, x: T, units: number): T {
  let branch = ops.linear(x, units, false);
  if (s.bn !== 'none') branch = ops.norm(branch, false);
  branch = ops.record(ops.act(branch));
  branch = ops.linear(branch, units, true);
  if (s.bn !== 'none') branch = ops.norm(branch, true);
  if (s.alpha) branch = ops.alpha(branch);
  return ops.record(ops.act(ops.add(x, branch)));
}

/** Runs the network of `e` from `input` to its logits. */
export function walkDense<T>(e: Experiment, s: StackStructure, ops: LayerOps<T>, input: T): T {
  let x = input;
  if (e.arch === 'mlp') {
    for (let i = 0; i < e.depth; i++) x = hiddenLayer(ops, s, x, e.width);
  } else if (e.arch === 'resmlp') {
    x = hiddenLayer(ops, s, x, e.width);
    for (let i = 0; i < e.depth; i++) x = residualBlock(ops, s, x, e.width);
  } else {
    throw new Error(`the stacked engine trains dense nets only, not ${e.arch}`);
  }
  return ops.linear(x, NUM_CLASSES, false);
}
