/**
 * The one answer to "is the GPU busy, can this job start?" for the whole page. The main
 * runs and the transfer demo each take it for as long as they train, and the signal probe
 * runs only while nobody holds it: they all train through the same trainer (one worker, one
 * GPU context), and one job at a time is what keeps a probe or a demo from sharing the
 * device with a training whose timings and memory the page reports.
 *
 * The trainer's own refusal of a second job (worker/job-slot.ts) is a guard on the
 * protocol, not a second policy: the page never reaches it, because this lock decides first.
 */
export type GpuJob = 'training' | 'transfer';

export class GpuLock {
  /** Raw: release compares this very object, which a deep proxy would wrap. */
  #hold = $state.raw<{ job: GpuJob } | null>(null);

  /** The job that holds the GPU, or null. */
  get holder(): GpuJob | null {
    return this.#hold?.job ?? null;
  }

  get busy(): boolean {
    return this.#hold !== null;
  }

  /**
   * Takes the GPU for `job` now, or null when another job holds it. The returned function
   * gives it back; calling it again, after a later job took the GPU, leaves that job alone.
   */
  acquire(job: GpuJob): (() => void) | null {
    if (this.#hold) return null;
    const hold = { job };
    this.#hold = hold;
    return () => {
      if (this.#hold === hold) this.#hold = null;
    };
  }
}
