/**
 * One job at a time on a trainer, a train or a transfer demo: the rule that the page's end
 * of the worker (worker-trainer.ts) and the worker itself (train-worker.ts) both keep, each
 * for the job it holds. It guards the Trainer's contract against any caller; whether the
 * page starts a job at all is its GPU lock's decision (state/gpu-lock.svelte.ts), which
 * comes first, so the page never meets this refusal.
 */
export const JOB_IN_PROGRESS = 'a run is already in progress';

export class JobSlot<T> {
  #job: T | null = null;

  /** The job in flight, or null. */
  get current(): T | null {
    return this.#job;
  }

  /** Puts `job` in the slot, or says why not: another one is in flight. */
  take(job: T): Error | null {
    if (this.#job !== null) return new Error(JOB_IN_PROGRESS);
    this.#job = job;
    return null;
  }

  /** Empties the slot and hands back the job that was in it: no later message can reach it. */
  end(): T | null {
    const job = this.#job;
    this.#job = null;
    return job;
  }
}
