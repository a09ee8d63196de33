import type { Chart } from 'chart.js';
import { describe, expect, it, vi } from 'vitest';
import { flushRedraw, liveChart } from './redraw';

/** A stand-in with only what the scheduler touches: its canvas identity and update(). */
function fakeChart(drawMs = 0) {
  const canvas = {} as HTMLCanvasElement;
  const chart = {
    canvas,
    draws: 0,
    destroyed: false,
    update() {
      const until = performance.now() + drawMs;
      while (performance.now() < until);
      chart.draws++;
    },
    destroy() {
      chart.destroyed = true;
    },
  };
  return chart;
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('chart redraw scheduling', () => {
  it('draws later, once for many requests (the latest data wins), never inside the request', async () => {
    const chart = fakeChart();
    const live = liveChart(chart as unknown as Chart);
    live.redraw();
    live.redraw();
    live.redraw();
    expect(chart.draws).toBe(0);
    // The draw comes in a task of its own (a MessageChannel message), which a loaded machine
    // may deliver after a setTimeout(0): wait for it, then make sure no second draw follows.
    await vi.waitFor(() => expect(chart.draws).toBe(1));
    await tick();
    expect(chart.draws).toBe(1);
    live.destroy();
    expect(chart.destroyed).toBe(true);
  });

  it('spreads slow redraws over several tasks instead of one long one', async () => {
    // Draws in the same task share a task number: a microtask runs only once a task ends.
    let task = 0;
    let open = false;
    const taskOfDraw: number[] = [];
    const charts = Array.from({ length: 6 }, () => {
      const c = fakeChart(12);
      const update = c.update;
      c.update = () => {
        if (!open) {
          open = true;
          task++;
          queueMicrotask(() => (open = false));
        }
        taskOfDraw.push(task);
        update();
      };
      return c;
    });
    const lives = charts.map((c) => liveChart(c as unknown as Chart));
    lives.forEach((l) => l.redraw());
    for (let i = 0; i < 50 && charts.some((c) => c.draws === 0); i++) await tick();
    expect(charts.every((c) => c.draws === 1)).toBe(true);
    const perTask = [...new Set(taskOfDraw)].map((t) => taskOfDraw.filter((x) => x === t).length);
    // 12 ms each against a 20 ms budget: at most two per task, so at least three tasks.
    expect(Math.max(...perTask)).toBeLessThanOrEqual(2);
    expect(perTask.length).toBeGreaterThanOrEqual(3);
    lives.forEach((l) => l.destroy());
  });

  it('flushRedraw draws a pending chart at once (before its pixels are exported)', () => {
    const chart = fakeChart();
    const live = liveChart(chart as unknown as Chart);
    live.redraw();
    flushRedraw(chart.canvas);
    expect(chart.draws).toBe(1);
    flushRedraw(chart.canvas); // nothing pending: no extra draw
    expect(chart.draws).toBe(1);
    live.destroy();
  });
});
