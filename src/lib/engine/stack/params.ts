/**
 * The variables of R runs that share one network shape, stacked on a leading run axis:
 * kernel [R, in, out] (dense) or [R, k·k·in, out] (conv), bias [R, 1, out], BN γ/β and
 * moving statistics [R, 1, units], residual α [R, 1, 1]. Every run's slice holds exactly
 * what model.ts would give that run alone: the lab's own initializers with the same
 * per-layer seeds, the same zero-init.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment, Parametrization } from '../../experiment/config';
import { paramOf, type RunSpec } from '../../experiment/plan';
import type { LayerInfo } from '../events';
import { initialKernel, runLsuv, type InitBatch } from '../init/run-kernels';
import { lsuvNotes } from '../init/lsuv-notes';
import { kernelInitScale, mupScales } from '../mup';
import { zeroInitPlan } from '../zero-init';
import { stackLayout, type StackLayout } from './layout';
import type { StackStructure } from './walk';

export interface NormVariables {
  gamma: tf.Variable;
  beta: tf.Variable;
  /** Not trained: updated by every training step (batch-norm.ts). */
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
}

export interface StackedParams {
  runs: number;
  experiment: Experiment;
  structure: StackStructure;
  layout: StackLayout;
  kernels: tf.Variable[];
  biases: tf.Variable[];
  norms: NormVariables[];
  alphas: tf.Variable[];
  /** Per run, its kernels as model.ts describes them. */
  layers: LayerInfo[][];
  /** Per run, model.ts's notes on its variant. */
  notes: string[][];
}

export function structureOf(spec: RunSpec): StackStructure {
  return { bn: spec.bn, alpha: zeroInitPlan(spec.experiment, spec).alpha };
}

/**
 * Runs with equal keys can train as one stack: same network shape and structure, same
 * update rule and per-variable learning rates. Init, zero-init of kernels and γ, seeds and biases may differ.
 */
export function stackKey(spec: RunSpec): string {
  const e = spec.experiment;
  const s = structureOf(spec);
  const p = [e.arch, e.depth, e.width, e.channels, e.kernel, e.act, e.slope, e.opt, e.lr, e.bs, s.bn, s.alpha];
  // SP and μP runs take different learning rates per variable: they never share a stack.
  return JSON.stringify([...p, paramOf(spec), e.base]);
}

/** One tensor [R, ...shape] from R per-run value arrays. */
function stacked(perRun: Float32Array[], shape: number[], trainable = true): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const all = new Float32Array(perRun.length * size);
  perRun.forEach((values, r) => all.set(values, r * size));
  return tf.tidy(() => tf.variable(tf.tensor(all, [perRun.length, ...shape]), trainable));
}

const filled = (count: number, size: number, value: (r: number) => number) =>
  Array.from({ length: count }, (_, r) => new Float32Array(size).fill(value(r)));

/** `initBatch`: the LSUV batch (GpuData.lsuv), which lsuv runs need and the others ignore. */
export function buildStackedParams(specs: RunSpec[], initBatch?: InitBatch | null): StackedParams {
  if (specs.length === 0) throw new Error('a stack needs at least one run');
  const key = stackKey(specs[0]);
  const odd = specs.find((s) => stackKey(s) !== key);
  if (odd) throw new Error(`run ${odd.id} does not share the shape of run ${specs[0].id}: it cannot join its stack`);
  const e = specs[0].experiment;
  const structure = structureOf(specs[0]);
  const layout = stackLayout(e, structure);
  const plans = specs.map((s) => zeroInitPlan(s.experiment, s));
  const R = specs.length;
  const last = layout.kernels.length - 1;

  const lsuv = specs.map((spec) => runLsuv(spec.experiment, spec, initBatch));
  const drawn = specs.map((spec, r) => {
    const ctx = { act: spec.experiment.act, slope: spec.experiment.slope, gain: spec.experiment.gain };
    return layout.kernels.map(({ kind, shape, branchEnd }, index) =>
      initialKernel(spec, shape, ctx, {
        initSeed: spec.initSeed,
        index,
        last: index === last,
        zeroed: plans[r].kernel && branchEnd,
        name: `${kind}${index + 1}`,
        initScale: kernelInitScale(spec.experiment, paramOf(spec), index, last + 1),
        lsuv: lsuv[r]?.[index],
      }),
    );
  });
  // A conv kernel [k, k, in, out] is stacked as [R, k·k·in, out] (the same values in the same
  // order): TF.js's WebGL backend cannot compile the rank-5 pad that the gradient of a
  // rank-5 run slice needs, and every kernel has the same rank this way.
  const kernels = layout.kernels.map(({ shape }, i) =>
    stacked(
      drawn.map((d) => d[i].values),
      [shape.slice(0, -1).reduce((a, b) => a * b, 1), shape.at(-1)!],
    ),
  );
  const biases = layout.kernels.map(({ shape }) =>
    stacked(
      filled(R, shape.at(-1)!, (r) => specs[r].experiment.bias),
      [1, shape.at(-1)!],
    ),
  );
  const norms = layout.norms.map(({ units, branchEnd }) => ({
    gamma: stacked(
      filled(R, units, (r) => (plans[r].gamma && branchEnd ? 0 : 1)),
      [1, units],
    ),
    beta: stacked(
      filled(R, units, () => 0),
      [1, units],
    ),
    movingMean: stacked(
      filled(R, units, () => 0),
      [1, units],
      false,
    ),
    movingVariance: stacked(
      filled(R, units, () => 1),
      [1, units],
      false,
    ),
  }));
  const alphas = Array.from({ length: layout.alphas }, () =>
    stacked(
      filled(R, 1, () => 0),
      [1, 1],
    ),
  );
  return {
    runs: R,
    experiment: e,
    structure,
    layout,
    kernels,
    biases,
    norms,
    alphas,
    layers: drawn.map((d) => d.map((k) => k.info)),
    notes: plans.map((p, r) => [...p.notes, ...lsuvNotes(lsuv[r], initBatch)]),
  };
}

interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/**
 * The trained variables and the moving statistics, under names that do not depend on
 * TF.js's global variable counter: what a snapshot (../snapshot.ts) matches when it loads
 * into a rebuilt stack, and the one list the two lists below are read from.
 */
export function namedVariables(p: StackedParams): { trainable: NamedVariable[]; moving: NamedVariable[] } {
  const trainable = [
    ...p.kernels.map((variable, i) => ({ name: `kernel${i + 1}`, variable })),
    ...p.biases.map((variable, i) => ({ name: `bias${i + 1}`, variable })),
    ...p.norms.flatMap((n, i) => [
      { name: `norm${i + 1}/gamma`, variable: n.gamma },
      { name: `norm${i + 1}/beta`, variable: n.beta },
    ]),
    ...p.alphas.map((variable, i) => ({ name: `alpha${i + 1}`, variable })),
  ];
  const moving = p.norms.flatMap((n, i) => [
    { name: `norm${i + 1}/movingMean`, variable: n.movingMean },
    { name: `norm${i + 1}/movingVariance`, variable: n.movingVariance },
  ]);
  return { trainable, moving };
}

/** Every trained variable: what tf.variableGrads differentiates and the optimizer updates. */
export function trainableVariables(p: StackedParams): tf.Variable[] {
  return namedVariables(p).trainable.map((n) => n.variable);
}

/**
 * Per trained variable (by TF.js name), its factor on the experiment's lr: μP's per-layer
 * rates (../mup.ts). Runs of a stack share width and parametrization (stackKey), so one
 * factor per variable serves every run in it.
 */
export function lrScales(p: StackedParams, param: Parametrization): Map<string, number> {
  const scales = mupScales(p.experiment, param, p.kernels.length);
  const vector = [...p.biases, ...p.norms.flatMap((n) => [n.gamma, n.beta]), ...p.alphas];
  return new Map([
    ...p.kernels.map((k, i): [string, number] => [k.name, scales.kernels[i].lr]),
    ...vector.map((v): [string, number] => [v.name, scales.vector]),
  ]);
}

export function movingVariables(p: StackedParams): tf.Variable[] {
  return namedVariables(p).moving.map((n) => n.variable);
}

export function disposeParams(p: StackedParams): void {
  tf.dispose([...trainableVariables(p), ...movingVariables(p)]);
}
