/**
 * One job's abort switch, shared by the main runs and the transfer demo: a fresh signal for
 * each job, and a stop that says whether there was a job left to stop (so the caller shows
 * "Stopping…" only then).
 */
export class StopSwitch {
  #abort: AbortController | null = null;

  begin(): AbortSignal {
    this.#abort = new AbortController();
    return this.#abort.signal;
  }

  end(): void {
    this.#abort = null;
  }

  /** Aborts the job in progress; false when there is none, or it was stopped already. */
  stop(): boolean {
    if (!this.#abort || this.#abort.signal.aborted) return false;
    this.#abort.abort();
    return true;
  }
}

/** Lets a new status paint before a job takes the thread (a worker starting, or training on the page). */
export const afterPaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
