/**
 * What the page does when the training's GPU context is lost, and what it says: resume on a
 * fresh worker from the last snapshot (engine/snapshot.ts) where it can, else end the live
 * runs with the numbers kept and the reason why. Pure, so every branch is testable.
 */
import type { TrainSnapshot } from '../engine/snapshot';
import type { TrainerInfo } from '../worker/trainer';

/**
 * Lost contexts one training resumes from; the next one ends it. A context lost again and
 * again (a driver that keeps resetting, a GPU out of memory) would otherwise loop forever.
 */
export const MAX_RESUMES = 2;

/** The end of every message: where the numbers stand and what the person can do. */
const KEPT_FRESH = 'the numbers up to there are kept (Train again to start on a fresh context)';

/**
 * Why a training whose context was just lost cannot resume, or null when it can. `losses`
 * counts the losses in this training, this one included.
 */
export function whyNoResume(thread: TrainerInfo['thread'], snapshot: TrainSnapshot | null, losses: number): string | null {
  if (thread === 'main')
    return "training ran on the page's own thread, whose context cannot be re-made without a reload: the numbers up to there are kept (reload the page to get the GPU back)";
  if (!snapshot) return `it went before the first evaluation, so there was nothing to resume from: ${KEPT_FRESH}`;
  if (losses > MAX_RESUMES) return `it was lost ${losses} times in this training, so it is not resumed again: ${KEPT_FRESH}`;
  return null;
}

/** Why a resume that could have happened did not: no fresh worker. */
export function noFreshWorker(reason: string): string {
  return `a fresh training worker could not start (${reason}): ${KEPT_FRESH}`;
}

/** The run's ending message: where its context went, and why it ends there. */
export function lostMessage(step: number, why: string): string {
  return `the GPU context was lost after step ${step}; ${why}`;
}

/** The status region's note while a training is resuming past a loss (`underway`), and after. */
export function resumedNote(lostAt: number, snapshot: TrainSnapshot, underway = false): string {
  return `GPU context lost at step ${lostAt}; ${underway ? 'resuming' : 'resumed'} from step ${snapshot.step} on a fresh context${underway ? '…' : ''}`;
}
