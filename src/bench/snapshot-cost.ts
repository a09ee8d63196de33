/**
 * What a snapshot (engine/snapshot.ts) costs: the page asks the worker for one after every
 * evaluation so that a lost GPU context can be resumed, and each is a read of every weight
 * and optimizer slot. Timed from the evaluation's last event to the snapshot's arrival (the
 * scheduler takes it right there), against the training steps and the evaluations it sits
 * between.
 */
import type { GpuData } from '../lib/engine/gpu-data';
import type { Stacking } from '../lib/engine/stack/policy';
import { trainExperiment } from '../lib/engine/train-experiment';
import type { Experiment } from '../lib/experiment/config';
import { planRuns } from '../lib/experiment/plan';

export interface SnapshotCost {
  runs: number;
  groups: number;
  stacking: Stacking;
  snapshots: number;
  megabytes: number;
  /** Per snapshot after step 0 (step 0's includes first-read costs). */
  meanMs: number;
  maxMs: number;
  msPerStep: number;
  msPerEvaluation: number;
}

export async function snapshotCost(data: GpuData, e: Experiment, stacking: Stacking, evalEvery: number): Promise<SnapshotCost> {
  const runs = planRuns(e);
  let lastEvalAt = 0;
  let firstEvalAt = 0;
  let trainMs = 0;
  let steps = 0;
  let evals = 0;
  const costs: number[] = [];
  let megabytes = 0;
  let groups = 0;
  await trainExperiment(runs, data, {
    evalEvery,
    stacking,
    onEvent: (ev) => {
      if (ev.type === 'eval') {
        lastEvalAt = performance.now();
        if (ev.step === 0) firstEvalAt ||= lastEvalAt;
        else if (ev.runId === runs[0].id) evals++;
      }
      if (ev.type === 'steps' && ev.runId === runs[0].id) {
        trainMs += ev.elapsedMs;
        steps += ev.loss.length;
      }
    },
    onSnapshot: (s) => {
      costs.push(performance.now() - lastEvalAt);
      megabytes = s.groups.reduce((n, g) => n + g.values.byteLength, 0) / 2 ** 20;
      groups = s.groups.length;
    },
  });
  const later = costs.slice(1);
  const snapshotMs = costs.reduce((a, b) => a + b, 0);
  // Wall time after the step-0 evaluation, less training and snapshots: evaluation.
  const evalMs = performance.now() - firstEvalAt - trainMs - (snapshotMs - costs[0]);
  return {
    runs: runs.length,
    groups,
    stacking,
    snapshots: costs.length,
    megabytes,
    meanMs: later.reduce((a, b) => a + b, 0) / Math.max(1, later.length),
    maxMs: Math.max(0, ...later),
    msPerStep: trainMs / Math.max(1, steps),
    msPerEvaluation: evalMs / Math.max(1, evals),
  };
}
