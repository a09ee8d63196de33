/**
 * Trains every run of an experiment through the lab's lockstep loop (lockstep.ts): the runs
 * grouped by shape (run-group.ts), one pipelined read per group and block, an evaluation of
 * every run at the cadence of eval-cadence.ts, and each run's own end (done, stopped,
 * diverged, failed) reported as it happens.
 */
import * as tf from '@tensorflow/tfjs';
import { batchesPerEpoch } from '../data/batches';
import type { RunSpec } from '../experiment/plan';
import { validateExperiment } from '../experiment/sanitize';
import type { EvalPoint, RunEnded, RunEvent } from './events';
import { evalEveryOf } from './eval-cadence';
import type { GpuData } from './gpu-data';
import { NUM_CLASSES } from './model';
import { webglRenderer } from './backend';
import { makeGroups, type RunGroup } from './run-group';
import { stackingDevice, type Stacking, type StackingDevice } from './stack/policy';
import type { PendingRead } from './pending-read';
import { stackKey } from './stack/params';
import { runLockstep } from './lockstep';
import { restoreGroups, snapshotGroups } from './resume';
import type { TrainSnapshot } from './snapshot';
import { errorMessage } from '../error-message';

export interface TrainOptions {
  onEvent: (event: RunEvent) => void;
  signal?: AbortSignal;
  /** Wall time one block of steps should take before its numbers are read (ms). */
  blockTargetMs?: number;
  /** Evaluate every this many steps (and at the last). Default: eval-cadence.ts, under a tenth of training time. */
  evalEvery?: number;
  /** Compile the shaders with a throwaway model before the clock starts (default true). */
  warmUp?: boolean;
  /**
   * Give the event loop a turn after every step (training on the page's own thread, where
   * a block of queued steps would otherwise hold it for the whole block).
   */
  yieldEveryStep?: boolean;
  /**
   * 'op-by-op' updates weights with ordinary TF.js ops even on WebGL, as tf.train's
   * optimizers do: only the benchmark uses it, to show what the fused passes are worth.
   */
  updates?: 'fused' | 'op-by-op';
  /** Stack same-shaped runs where it pays on this device (default 'auto', stack/policy.ts); tests and the benchmark force it. */
  stacking?: Stacking;
  /**
   * Called after every evaluation but the last with every group's weights, optimizer state
   * and step (snapshot.ts), read back to the CPU: what a job on a fresh GPU context resumes
   * from. Only taken when given: it costs one read of every weight per evaluation.
   */
  onSnapshot?: (snapshot: TrainSnapshot) => void;
  /**
   * Continue a job from its snapshot instead of starting it: the same runs (same grouping,
   * checked) restored at the snapshot's step, on the same data order and evaluation cadence
   * as if never interrupted. Runs that had ended before the snapshot are not part of it:
   * they get no events and no ending. Their `start` events carry `resumedAt`.
   */
  resumeFrom?: TrainSnapshot;
  /**
   * Hears of each phase before the first block ('init-draws', 'warm-up',
   * 'first-evaluation'), in this thread's performance.now() milliseconds: what `npm run
   * bench` reports as the parts of the time to the first step.
   */
  onPhase?: (name: string, start: number, end: number) => void;
}

/** How the scheduler builds its groups: the policy, and what it needs to know about the device. */
interface Grouping {
  fusedUpdates: boolean;
  stacking: Stacking;
  device: StackingDevice;
}

/**
 * The engine's own gate: whatever the UI or a URL let through, a config outside the lab's
 * limits (a 10^9-unit layer, a negative batch) is refused here before any tensor exists.
 */
export function assertTrainable(runs: RunSpec[]): void {
  for (const e of new Set(runs.map((r) => r.experiment))) {
    const problems = validateExperiment(e);
    if (problems.length) throw new Error(`refused to train: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
  }
  // One lockstep loop: every run (every cell of a sweep) takes the same batches, step for step.
  const schedule = (r: RunSpec) => JSON.stringify([r.experiment.bs, r.experiment.steps, r.experiment.epochs, r.dataSeed]);
  const odd = runs.find((r) => schedule(r) !== schedule(runs[0]));
  if (odd) throw new Error(`refused to train: run ${odd.id} has another batch size, length or batch order than run ${runs[0].id}`);
}

/** Drops a read nobody will look at; its tensor is freed once the transfer settles. */
function discard(read: PendingRead): void {
  read.values.catch(() => {});
  read.stacked.dispose();
}

export function totalStepsOf(spec: RunSpec, trainCount: number): { total: number; perEpoch: number } {
  const e = spec.experiment;
  const perEpoch = batchesPerEpoch(trainCount, e.bs);
  if (perEpoch < 1) throw new Error(`batch size ${e.bs} is larger than the ${trainCount} training examples`);
  return { total: e.steps ?? e.epochs * perEpoch, perEpoch };
}

/**
 * One full step of a zero-init copy of each group's shape: compiles its forward, backward
 * and optimizer shaders before the clock starts.
 */
function warmUpShaders(groups: RunGroup[], data: GpuData, grouping: Grouping): void {
  const bs = groups[0].specs[0].experiment.bs;
  const seen = new Set<string>();
  for (const g of groups) {
    const key = `${stackKey(g.specs[0])}/${g.specs.length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [scratch] = makeGroups(
      g.specs.map((s, i) => ({ ...s, init: { scheme: 'zeros' as const }, id: `warm-up-${i}` })),
      grouping.fusedUpdates,
      grouping.stacking,
      grouping.device,
    );
    try {
      tf.tidy(() => scratch.step(data.trainX.slice([0, 0], [bs, -1]), tf.oneHot(data.trainY.slice([0], [bs]), NUM_CLASSES), false));
    } finally {
      scratch.dispose();
    }
  }
}

/** One run inside its group. */
interface Member {
  group: RunGroup;
  index: number;
  spec: RunSpec;
}

export async function trainExperiment(runs: RunSpec[], data: GpuData, opts: TrainOptions): Promise<RunEnded[]> {
  if (runs.length === 0) return [];
  assertTrainable(runs);
  const { onEvent, signal } = opts;
  const { total, perEpoch } = totalStepsOf(runs[0], data.trainCount);
  const bs = runs[0].experiment.bs;
  const resume = opts.resumeFrom ?? null;
  const evalEvery = resume?.evalEvery ?? opts.evalEvery ?? evalEveryOf(total, data.valCount, bs);
  const dataSeed = runs[0].dataSeed;
  const grouping: Grouping = {
    fusedUpdates: opts.updates !== 'op-by-op',
    stacking: opts.stacking ?? 'auto',
    device: stackingDevice(tf.getBackend(), webglRenderer()),
  };

  let groups: RunGroup[] = [];
  const endings = new Map<string, RunEnded>();
  const end = (m: Member, ending: Omit<RunEnded, 'type' | 'runId'>) => {
    const event: RunEnded = { type: 'end', runId: m.spec.id, ...ending };
    endings.set(m.spec.id, event);
    m.group.deactivate(m.index);
    onEvent(event);
  };
  let members: Member[] = [];
  /** Runs a resumed job does not continue: they had ended before its snapshot. */
  let outside = new Set<string>();
  const live = (id: string) => !endings.has(id) && !outside.has(id);
  const active = () => members.filter((m) => live(m.spec.id));
  const activeGroups = () => groups.filter((g) => g.specs.some((s) => live(s.id)));
  /** Every active run's EvalPoint, in the runs' order: one read per group. */
  const evaluateAll = async () => {
    const points = new Map<string, EvalPoint>();
    for (const g of activeGroups()) for (const p of await g.evaluate(data)) points.set(p.runId, p);
    for (const m of active()) onEvent(points.get(m.spec.id)!);
  };
  const snapshotAt = async (step: number) => {
    if (!opts.onSnapshot || step >= total || active().length === 0) return;
    opts.onSnapshot(await snapshotGroups(groups, step, live, { totalSteps: total, evalEvery, dataSeed }));
    // Like an evaluation, the snapshot's read is not training: keep it out of the throughput.
    for (const g of groups) g.resetClock();
  };

  let phaseStart = performance.now();
  const phaseEnds = (name: string) => {
    const now = performance.now();
    opts.onPhase?.(name, phaseStart, now);
    phaseStart = now;
  };

  try {
    groups = makeGroups(runs, grouping.fusedUpdates, grouping.stacking, grouping.device, data.lsuv);
    const byId = new Map(groups.flatMap((group) => group.specs.map((spec, index) => [spec.id, { group, index, spec }] as const)));
    members = runs.map((r) => byId.get(r.id)!);
    if (resume) outside = restoreGroups(groups, resume, { totalSteps: total, dataSeed });
    phaseEnds('init-draws');
    if (opts.warmUp !== false) warmUpShaders(groups, data, grouping);
    phaseEnds('warm-up');
    const resumedAt = resume ? { resumedAt: resume.step } : {};
    for (const { group, index, spec } of active()) {
      onEvent({
        type: 'start',
        runId: spec.id,
        layers: group.layersOf(index),
        totalSteps: total,
        stepsPerEpoch: perEpoch,
        batchSize: bs,
        activation: spec.experiment.act,
        notes: group.notesOf(index),
        ...resumedAt,
      });
    }
    // A resumed job's evaluation at its step was reported before the context was lost.
    if (!resume) {
      await evaluateAll();
      await snapshotAt(0);
    }
    phaseEnds('first-evaluation');
    for (const g of groups) g.resetClock();

    // Reads are pipelined: at the end of a block its reads start (one per group, whatever
    // its number of runs), and the reads of the block before are collected; the device
    // works through the new block while those numbers come back. A run that diverged is
    // found one block later, its extra steps dropped and its slice frozen from then on.
    let inFlight: { group: RunGroup; read: PendingRead }[] = [];
    /** Starts reading every active group's queued steps; returns the reads started the time before. */
    const startReads = () => {
      const started = inFlight;
      inFlight = [];
      for (const group of activeGroups()) {
        const read = group.startRead();
        if (read) inFlight.push({ group, read });
      }
      return started;
    };
    const collect = async (reads: { group: RunGroup; read: PendingRead }[]) => {
      let next = 0;
      try {
        for (; next < reads.length; next++) {
          const { group, read } = reads[next];
          const results = await group.finishRead(read, bs);
          results.forEach(({ block, divergedAt }, index) => {
            const spec = group.specs[index];
            if (!live(spec.id)) return;
            if (block) onEvent(block);
            if (divergedAt !== null) end({ group, index, spec }, { status: 'diverged', steps: divergedAt - 1, divergedAt });
          });
        }
      } finally {
        // A failed read (a lost context) ends the loop: free the reads nobody will collect.
        reads.slice(next + 1).forEach(({ read }) => discard(read));
      }
    };
    /** Every step so far reported: before an evaluation and at the end. */
    const collectAll = async () => {
      await collect(startReads());
      await collect(startReads());
    };

    try {
      const schedule = {
        totalSteps: total,
        firstStep: (resume?.step ?? 0) + 1,
        batchSize: bs,
        dataSeed,
        evalEvery,
        blockTargetMs: opts.blockTargetMs ?? 120,
        signal,
        yieldEveryStep: opts.yieldEveryStep,
      };
      if (active().length) {
        await runLockstep(data, schedule, {
          step: (x, y, evalNow) => activeGroups().forEach((g) => g.step(x, y, evalNow)),
          endBlock: async (all) => (all ? collectAll() : collect(startReads())),
          evaluate: async () => {
            await evaluateAll();
            // The active groups step in lockstep: any of them knows the step.
            await snapshotAt(activeGroups()[0]?.stepsDone ?? total);
          },
          finished: () => active().length === 0,
        });
      }
    } finally {
      // A crash or a lost context mid-read: free what is still on its way.
      inFlight.forEach(({ read }) => discard(read));
    }
    for (const m of active()) {
      if (signal?.aborted) end(m, { status: 'stopped', steps: m.group.stepsDone });
      else end(m, { status: 'done', steps: m.group.stepsDone });
    }
  } catch (error) {
    const message = errorMessage(error);
    for (const m of active()) end(m, { status: 'failed', steps: m.group.stepsDone, message });
    for (const spec of runs) {
      if (live(spec.id)) {
        const event: RunEnded = { type: 'end', runId: spec.id, status: 'failed', steps: 0, message };
        endings.set(spec.id, event);
        onEvent(event);
      }
    }
  } finally {
    for (const g of groups) g.dispose();
  }
  return runs.filter((r) => !outside.has(r.id)).map((r) => endings.get(r.id)!);
}
