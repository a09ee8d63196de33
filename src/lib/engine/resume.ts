/**
 * The scheduler's side of outliving a lost GPU context (train-experiment.ts): one snapshot
 * of every group right after an evaluation, and loading one into freshly built groups on a
 * fresh context. The data order (epochOrder: dataSeed and epoch) and the evaluation cadence
 * are functions of the step, so a job restored at step M continues exactly where the lost
 * one was at step M.
 */
import type { RunGroup } from './run-group';
import type { GroupSnapshot, TrainSnapshot } from './snapshot';

/** What a snapshot must share with the job that resumes it, beyond its groups. */
export type JobSetting = Pick<TrainSnapshot, 'totalSteps' | 'evalEvery' | 'dataSeed'>;

/** A group whose runs have all ended: nothing to read, nothing to resume, only its key to check. */
function endedGroup(g: RunGroup): GroupSnapshot {
  return {
    key: g.key,
    runIds: g.specs.map((s) => s.id),
    active: g.specs.map(() => false),
    stepsDone: g.stepsDone,
    optimizerSteps: 0,
    tensors: [],
    values: new Float32Array(0),
  };
}

/** Every group at `step`, one read per group with a live run. */
export async function snapshotGroups(
  groups: RunGroup[],
  step: number,
  live: (runId: string) => boolean,
  setting: JobSetting,
): Promise<TrainSnapshot> {
  const snapshots = await Promise.all(groups.map((g) => (g.specs.some((s) => live(s.id)) ? g.snapshot() : endedGroup(g))));
  return { step, ...setting, groups: snapshots };
}

/**
 * Loads `s` into `groups` (built from the same runs, unstepped) and switches off the runs
 * that had ended before it was taken. Returns those runs: they are not part of the resumed job.
 */
export function restoreGroups(groups: RunGroup[], s: TrainSnapshot, setting: Omit<JobSetting, 'evalEvery'>): Set<string> {
  if (s.totalSteps !== setting.totalSteps || s.dataSeed !== setting.dataSeed) {
    throw new Error(
      `the snapshot was taken from a job of ${s.totalSteps} steps on data order ${s.dataSeed}, not ${setting.totalSteps} on ${setting.dataSeed}`,
    );
  }
  if (s.groups.length !== groups.length)
    throw new Error(`the snapshot holds ${s.groups.length} groups of runs where this job has ${groups.length}`);
  const outside = new Set<string>();
  groups.forEach((g, i) => {
    const saved = s.groups[i];
    if (saved.key !== g.key) throw new Error(`the snapshot's group ${saved.key} is not this job's group ${g.key}`);
    if (saved.active.some(Boolean)) {
      if (saved.stepsDone !== s.step)
        throw new Error(`group ${g.key} was at step ${saved.stepsDone}, not at the snapshot's step ${s.step}`);
      g.restore(saved);
    }
    saved.runIds.forEach((id, r) => {
      if (saved.active[r]) return;
      outside.add(id);
      g.deactivate(r);
    });
  });
  return outside;
}
