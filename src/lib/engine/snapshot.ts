/**
 * What a training job keeps on the CPU so that it can outlive its GPU context: per group,
 * every variable (weights, biases, BN γ/β and moving statistics, residual α) and every
 * optimizer slot as they stood right after an evaluation, plus the optimizer's step
 * counter, which Adam's bias correction needs. TF.js cannot re-create a lost WebGL context
 * in place, so resuming means building the same groups on a fresh context (a fresh worker)
 * and loading these values into them (resume.ts).
 *
 * One read per group: its tensors are flattened and concatenated on the device and cross
 * back in one transfer. A stacked group's tensors stay stacked ([R, ...] as they are), so a
 * snapshot is only ever loaded into the grouping it was taken from: every group carries a
 * key (its shape and its runs) and a manifest (names and shapes) that restore checks.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunSpec } from '../experiment/plan';
import type { LabOptimizer } from './optimizer';
import { stackKey } from './stack/params';

export interface SnapshotTensor {
  name: string;
  shape: number[];
}

export interface GroupSnapshot {
  /** groupKey() of the group it was taken from. */
  key: string;
  runIds: string[];
  /** Per run, whether it was still training (a diverged run is not resumed). */
  active: boolean[];
  stepsDone: number;
  /** The optimizer's own step counter (Adam's t). */
  optimizerSteps: number;
  tensors: SnapshotTensor[];
  /** Every tensor's values, flattened, one after another in `tensors` order; empty when no run of the group is active. */
  values: Float32Array;
}

export interface TrainSnapshot {
  /** Steps done by every active run (they step in lockstep). */
  step: number;
  totalSteps: number;
  /** The cadence the job evaluated at: a resumed job keeps it, as if never interrupted. */
  evalEvery: number;
  dataSeed: number;
  groups: GroupSnapshot[];
}

/** A variable as a snapshot names it: stable across rebuilds (TF.js numbers variables' own names globally). */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/** A group's shape and its runs: a snapshot loads only into a group with the same key. */
export function groupKey(specs: readonly RunSpec[]): string {
  return JSON.stringify([stackKey(specs[0]), specs.map((s) => s.id)]);
}

/** The variables followed by the optimizer's slots for the trainable ones, named after them. */
export function withSlots(variables: NamedVariable[], trainable: NamedVariable[], optimizer: LabOptimizer): NamedVariable[] {
  const slots = trainable.flatMap(({ name, variable }) =>
    optimizer.slotsOf([variable]).map((slot, i) => ({ name: `${name}/slot${i}`, variable: slot })),
  );
  return [...variables, ...slots];
}

/** Reads `named` in one transfer. The caller fills in the group's bookkeeping. */
export async function readVariables(named: NamedVariable[]): Promise<Pick<GroupSnapshot, 'tensors' | 'values'>> {
  const packed = tf.tidy(() => tf.concat(named.map(({ variable }) => variable.reshape([-1]))));
  try {
    const values = (await packed.data()) as Float32Array;
    return { tensors: named.map(({ name, variable }) => ({ name, shape: [...variable.shape] })), values };
  } finally {
    packed.dispose();
  }
}

/**
 * Loads a group's values into freshly built variables. Throws, before writing anything,
 * when the snapshot was taken from another grouping, shape or update rule.
 */
export function writeVariables(s: GroupSnapshot, key: string, named: NamedVariable[]): void {
  if (s.key !== key) throw new Error(`the snapshot's group ${s.key} is not this group ${key}: it cannot be resumed here`);
  const mismatch = (why: string) => new Error(`the snapshot of group ${key} does not fit its variables: ${why}`);
  if (s.tensors.length !== named.length) throw mismatch(`${s.tensors.length} tensors for ${named.length} variables`);
  let size = 0;
  s.tensors.forEach((t, i) => {
    const { name, variable } = named[i];
    if (t.name !== name || t.shape.join() !== variable.shape.join())
      throw mismatch(`${t.name} [${t.shape}] where ${name} [${variable.shape}] is`);
    size += variable.size;
  });
  if (s.values.length !== size) throw mismatch(`${s.values.length} values for ${size}`);
  tf.tidy(() => {
    let offset = 0;
    for (const { variable } of named) {
      variable.assign(tf.tensor(s.values.subarray(offset, offset + variable.size), variable.shape));
      offset += variable.size;
    }
  });
}

/** The runs a resume continues: those still active when the snapshot was taken. */
export function liveRunIds(s: TrainSnapshot): string[] {
  return s.groups.flatMap((g) => g.runIds.filter((_, i) => g.active[i]));
}

/** The buffers to transfer (not copy) with a snapshot across a worker boundary. */
export function transferablesOf(s: TrainSnapshot): ArrayBuffer[] {
  return [...new Set(s.groups.map((g) => g.values.buffer as ArrayBuffer))];
}
