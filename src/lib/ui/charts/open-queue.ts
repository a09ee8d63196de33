/**
 * Creating a Chart.js chart measures its box (getComputedStyle and a forced layout) and
 * draws it: 15-30 ms each on a slow machine. The page mounts many at once, at load and when
 * a run's charts appear, and created in the task that mounted them they made one task of
 * 270 ms, frozen page included. Here each creation waits for a task of its own (a few per
 * task while within the budget), in the order asked; a chart gone before its turn is never
 * built.
 */

const BUDGET_MS = 20;

const queue = new Set<() => void>();
let scheduled = false;

/** A task without setTimeout's clamping, as redraw.ts does (MessageChannel delivers at once). */
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
if (channel) channel.port1.onmessage = () => drain();

function schedule(): void {
  if (scheduled || !queue.size) return;
  scheduled = true;
  if (channel) channel.port2.postMessage(null);
  else setTimeout(drain, 0);
}

function drain(): void {
  scheduled = false;
  const start = performance.now();
  for (const job of queue) {
    queue.delete(job);
    job();
    if (performance.now() - start > BUDGET_MS) break;
  }
  schedule();
}

/** Runs `job` in a later task; the returned function cancels it if it has not run yet. */
export function openSoon(job: () => void): () => void {
  const once = () => job();
  queue.add(once);
  schedule();
  return () => queue.delete(once);
}
