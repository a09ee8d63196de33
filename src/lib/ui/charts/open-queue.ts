/**
 * Creating a Chart.js chart measures its box (getComputedStyle and a forced layout) and
 * draws it: 15-30 ms each on a slow machine. The page mounts many at once, at load and when
 * a run's charts appear, and created in the task that mounted them they made one task of
 * 270 ms, frozen page included. Here each creation waits for a task of its own (a few per
 * task while within the budget), in the order asked; a chart gone before its turn is never
 * built.
 */

import { TASK_BUDGET_MS, taskPoster } from './task-poster';

const queue = new Set<() => void>();
let scheduled = false;

const post = taskPoster(() => drain());

function schedule(): void {
  if (scheduled || !queue.size) return;
  scheduled = true;
  post();
}

function drain(): void {
  scheduled = false;
  const start = performance.now();
  for (const job of queue) {
    queue.delete(job);
    job();
    if (performance.now() - start > TASK_BUDGET_MS) break;
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
