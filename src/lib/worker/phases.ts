/**
 * The phases on the path from navigation to the first training step, kept as User Timing
 * measures named `init-lab:<phase>` on the page's timeline, which `npm run bench` reads and
 * reports. The worker has a clock of its own (its own timeOrigin), so it sends each phase
 * in epoch milliseconds and the page places it on its timeline.
 */

export const PHASE_PREFIX = 'init-lab:';

/** One phase, in epoch milliseconds (performance.timeOrigin + performance.now()): comparable across threads. */
export interface PhaseTiming {
  name: string;
  start: number;
  end: number;
}

export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Puts a phase (of this thread or the worker's) on this thread's timeline. */
export function recordPhase({ name, start, end }: PhaseTiming): void {
  const origin = performance.timeOrigin;
  performance.measure(PHASE_PREFIX + name, { start: Math.max(0, start - origin), end: Math.max(0, end - origin) });
}

/** Runs `work` as the phase `name`: recorded here, and handed to `report` (the worker posts it to the page). */
export async function timed<T>(name: string, work: () => T | Promise<T>, report?: (phase: PhaseTiming) => void): Promise<T> {
  const start = epochNow();
  try {
    return await work();
  } finally {
    const phase = { name, start, end: epochNow() };
    recordPhase(phase);
    report?.(phase);
  }
}
