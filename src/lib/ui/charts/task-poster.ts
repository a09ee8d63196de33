/**
 * Short tasks of their own for chart work (creation in open-queue.ts, redraws in redraw.ts):
 * each drains what it can within TASK_BUDGET_MS and posts itself again, so no task grows long.
 */

/** How long one task may keep drawing before it hands the thread back. */
export const TASK_BUDGET_MS = 20;

/** A function that posts `run` as a new task, without setTimeout's clamping (MessageChannel delivers at once). */
export function taskPoster(run: () => void): () => void {
  if (typeof MessageChannel === 'undefined') return () => setTimeout(run, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => run();
  return () => channel.port2.postMessage(null);
}
