/**
 * What the scheduler (train-experiment.ts) trains: groups of runs that step together. Every
 * dense net trains as a plain function of its variables (stack/stacked-trainer.ts): the runs
 * of one shape as one stack where stacking pays (stack/policy.ts), else each as a stack of
 * one, which measured as fast as the tf.layers model or faster (README, Benchmark). A conv
 * net is a group of one, trained by run-trainer.ts on its tf.layers model (TF.js 4.22 has
 * no grouped conv2d, so the convolutions are not stacked).
 */
import type * as tf from '@tensorflow/tfjs';
import type { RunSpec } from '../experiment/plan';
import type { EvalPoint, LayerInfo } from './events';
import type { GpuData } from './gpu-data';
import { RunTrainer, type PendingRead } from './run-trainer';
import { stackKey } from './stack/params';
import { StackedTrainer } from './stack/stacked-trainer';
import { shouldStack, type Stacking } from './stack/policy';
import { isStackable } from './stack/walk';
import type { BlockResult } from './step-block';
import { groupKey, type GroupSnapshot } from './snapshot';

export interface RunGroup {
  readonly specs: RunSpec[];
  /** Its kind, shape and runs: a snapshot loads only into a group with the same key. */
  readonly key: string;
  readonly stepsDone: number;
  layersOf(run: number): LayerInfo[];
  notesOf(run: number): string[];
  /** One step of every run still on, on the same batch: `x` [bs, 784] pixels, `y` one-hot. */
  step(x: tf.Tensor2D, y: tf.Tensor, trackUpdate: boolean): void;
  /** Starts the one read of every queued step of every run; null when none is queued. */
  startRead(): PendingRead | null;
  /** One result per run, in `specs` order. */
  finishRead(read: PendingRead, batchSize: number): Promise<BlockResult[]>;
  /** One EvalPoint per run, in `specs` order, from one read. */
  evaluate(data: GpuData): Promise<EvalPoint[]>;
  /** The run ended (diverged): from the next step on its slice no longer changes. */
  deactivate(run: number): void;
  resetClock(): void;
  /** Every variable, slot and counter it needs to resume, in one read (snapshot.ts). */
  snapshot(): Promise<GroupSnapshot>;
  /** Loads a snapshot into this freshly built group; throws if it was taken from another. */
  restore(s: GroupSnapshot): void;
  dispose(): void;
}

/** RunTrainer as a group of one. */
class SingleRun implements RunGroup {
  readonly specs: RunSpec[];
  readonly key: string;
  #trainer: RunTrainer;
  #active = true;

  constructor(spec: RunSpec, fusedUpdates: boolean) {
    this.specs = [spec];
    this.key = groupKey('single', this.specs);
    this.#trainer = new RunTrainer(spec, fusedUpdates);
  }
  get stepsDone() {
    return this.#trainer.stepsDone;
  }
  layersOf() {
    return this.#trainer.layers;
  }
  notesOf() {
    return this.#trainer.notes;
  }
  step(x: tf.Tensor2D, y: tf.Tensor, trackUpdate: boolean) {
    if (this.#active) this.#trainer.step(this.#trainer.inputFor(x), y, trackUpdate);
  }
  startRead() {
    return this.#trainer.startRead();
  }
  async finishRead(read: PendingRead, batchSize: number) {
    return [await this.#trainer.finishRead(read, batchSize)];
  }
  async evaluate(data: GpuData) {
    return [await this.#trainer.evaluate(data)];
  }
  deactivate() {
    this.#active = false;
  }
  resetClock() {
    this.#trainer.resetClock();
  }
  snapshot() {
    return this.#trainer.snapshot(this.key, this.#active);
  }
  restore(s: GroupSnapshot) {
    this.#trainer.restore(s, this.key);
    this.#active = s.active[0];
  }
  dispose() {
    this.#trainer.dispose();
  }
}

/**
 * Runs grouped by shape: one stack per shape of dense net where the policy says stacking
 * pays (stack/policy.ts), else a stack of one per run; a group of one per conv run. Keeps
 * the runs' order within a group.
 */
export function makeGroups(runs: RunSpec[], fusedUpdates = true, stacking: Stacking = 'auto', softwareDevice = true): RunGroup[] {
  const stacks = new Map<string, RunSpec[]>();
  const groups: (RunSpec | RunSpec[])[] = [];
  for (const spec of runs) {
    if (!isStackable(spec.experiment)) {
      groups.push(spec);
      continue;
    }
    const key = stackKey(spec);
    let members = stacks.get(key);
    if (!members) {
      members = [];
      stacks.set(key, members);
      groups.push(members);
    }
    members.push(spec);
  }
  // A shape whose group does not stack trains run by run, each a stack of one, in the same order.
  const planned = groups.flatMap((g): (RunSpec | RunSpec[])[] =>
    !Array.isArray(g) ? [g] : shouldStack(g[0].experiment, g.length, stacking, softwareDevice) ? [g] : g.map((spec) => [spec]),
  );
  const built: RunGroup[] = [];
  try {
    for (const g of planned) built.push(Array.isArray(g) ? new StackedTrainer(g, fusedUpdates) : new SingleRun(g, fusedUpdates));
  } catch (error) {
    built.forEach((g) => g.dispose());
    throw error;
  }
  return built;
}
