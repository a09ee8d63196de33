/**
 * Every chart's redraws go through here, so training never makes the page janky:
 * - a redraw runs in its own short task (a few per task, within TASK_BUDGET_MS), never all the
 *   page's charts in the one task that delivered new numbers;
 * - a chart scrolled out of view is not redrawn until it comes back (then at once), and a
 *   PNG export flushes its chart first, so nothing ever shows or saves stale pixels.
 * Data is assigned to the chart synchronously by the caller; only the drawing is deferred.
 */
import type { Chart } from 'chart.js';
import { TASK_BUDGET_MS, taskPoster } from './task-poster';

/** Charts within this margin of the viewport count as visible (they are about to be seen). */
const MARGIN = '300px';

const pending = new Map<Element, () => void>();
const offScreen = new WeakSet<Element>();
let scheduled = false;

const observer =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (entry.isIntersecting) offScreen.delete(entry.target);
            else offScreen.add(entry.target);
          }
          schedule();
        },
        { rootMargin: MARGIN },
      );

const post = taskPoster(() => drain());

function schedule(): void {
  if (scheduled || ![...pending.keys()].some((c) => !offScreen.has(c))) return;
  scheduled = true;
  post();
}

function drain(): void {
  scheduled = false;
  const start = performance.now();
  for (const [canvas, redraw] of pending) {
    if (offScreen.has(canvas)) continue;
    pending.delete(canvas);
    redraw();
    if (performance.now() - start > TASK_BUDGET_MS) break;
  }
  schedule();
}

/** Draws the chart on this canvas now if a redraw is pending. */
export function flushRedraw(canvas: Element): void {
  const update = pending.get(canvas);
  pending.delete(canvas);
  update?.();
}

export interface LiveChart {
  /** Redraw soon (the latest request wins; `update` defaults to an animation-free update). */
  redraw(update?: () => void): void;
  /** Draw now if a redraw is pending (before reading the canvas's pixels). */
  flush(): void;
  destroy(): void;
}

export function liveChart(chart: Chart): LiveChart {
  const canvas = chart.canvas;
  observer?.observe(canvas);
  return {
    redraw(update = () => chart.update('none')) {
      pending.set(canvas, update);
      schedule();
    },
    flush: () => flushRedraw(canvas),
    destroy() {
      observer?.unobserve(canvas);
      pending.delete(canvas);
      offScreen.delete(canvas);
      chart.destroy();
    },
  };
}
