/**
 * What the scheduler (train-experiment.ts) trains: groups of runs that step together. Every
 * run trains as a plain function of its variables (stack/stacked-trainer.ts): the runs of
 * one shape as one stack where stacking pays (stack/policy.ts), else each as a stack of
 * one, which measured as fast as the tf.layers model or faster (README, Benchmark). In a
 * conv net's stack the convolutions still run per run (TF.js 4.22 has no grouped conv2d).
 */
import type * as tf from '@tensorflow/tfjs';
import type { RunSpec } from '../experiment/plan';
import type { EvalPoint, LayerInfo } from './events';
import type { GpuData } from './gpu-data';
import type { InitBatch } from './init/lsuv-batch';
import type { PendingRead } from './pending-read';
import { stackKey } from './stack/params';
import { StackedTrainer } from './stack/stacked-trainer';
import { shouldStack, type Stacking, type StackingDevice } from './stack/policy';
import type { BlockResult } from './step-block';
import type { GroupSnapshot } from './snapshot';

export interface RunGroup {
  readonly specs: RunSpec[];
  /** Its shape and runs (snapshot.ts groupKey): a snapshot loads only into a group with the same key. */
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

/**
 * Runs grouped by shape: one stack per shape where the policy says stacking pays
 * (stack/policy.ts), else a stack of one per run. Keeps the runs' order within a group.
 * `initBatch`: the LSUV batch (GpuData.lsuv), which init=lsuv runs are built from.
 */
export function makeGroups(
  runs: RunSpec[],
  fusedUpdates = true,
  stacking: Stacking = 'auto',
  device: StackingDevice = 'software',
  initBatch?: InitBatch | null,
): RunGroup[] {
  const shapes = new Map<string, RunSpec[]>();
  for (const spec of runs) {
    const key = stackKey(spec);
    shapes.set(key, [...(shapes.get(key) ?? []), spec]);
  }
  // A shape whose group does not stack trains run by run, each a stack of one, in the same order.
  const planned = [...shapes.values()].flatMap((g) =>
    shouldStack(g[0].experiment, g.length, stacking, device) ? [g] : g.map((spec) => [spec]),
  );
  const built: RunGroup[] = [];
  try {
    for (const g of planned) built.push(new StackedTrainer(g, fusedUpdates, initBatch));
  } catch (error) {
    built.forEach((g) => g.dispose());
    throw error;
  }
  return built;
}
