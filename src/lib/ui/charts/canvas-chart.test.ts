import { Chart, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import { describe, expect, it, vi } from 'vitest';
import { openChart, type ChartRecipe } from './canvas-chart.svelte';

Chart.register(LineController, LineElement, PointElement, LinearScale);

type Points = { x: number; y: number }[];

/**
 * A canvas for Node, where the real Chart.js runs on its DOM-free platform: the 2D context
 * remembers what is set on it, measures text roughly, and takes every drawing call as a no-op.
 */
function nodeCanvas(): HTMLCanvasElement {
  const props: Record<string | symbol, unknown> = { font: '12px sans-serif', lineWidth: 1 };
  const context = new Proxy(props, {
    get: (target, key) =>
      key in target ? target[key] : key === 'measureText' ? (text: string) => ({ width: 6 * String(text).length }) : () => undefined,
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });
  const canvas = { width: 300, height: 150, style: {}, getContext: () => context };
  props.canvas = canvas;
  return canvas as unknown as HTMLCanvasElement;
}

/** A line chart fed from `source.points`, as a component feeds from its props. */
function lineRecipe(source: { points: Points }, draw?: (chart: Chart<'line', Points>) => void): ChartRecipe<'line', Points, unknown> {
  return {
    // Options the lab fixes, set the other way here: the chart must not get to choose them.
    build: () => ({
      type: 'line',
      data: { datasets: [] },
      options: { parsing: false, responsive: false, maintainAspectRatio: true, scales: { x: { type: 'linear' }, y: { type: 'linear' } } },
    }),
    feed: (chart) => {
      chart.data.datasets = [{ label: 'loss', data: source.points }];
    },
    draw,
  };
}

const drawnPoints = (chart: Chart<'line', Points>) => chart.getDatasetMeta(0).data.length;

describe('a chart on its canvas', () => {
  it('is created once, fed in place (drawn later, not inside the feed), and destroyed with its canvas freed', async () => {
    const canvas = nodeCanvas();
    const source = { points: [{ x: 1, y: 2 }] };
    const open = openChart(canvas, lineRecipe(source));
    expect(Chart.getChart(canvas)).toBe(open.chart);
    expect(open.chart.options.responsive).toBe(true);
    expect(open.chart.options.maintainAspectRatio).toBe(false);

    open.feed();
    expect(drawnPoints(open.chart)).toBe(0);
    await vi.waitFor(() => expect(drawnPoints(open.chart)).toBe(1));

    source.points = [...source.points, { x: 2, y: 1 }, { x: 3, y: 0.5 }];
    open.feed();
    expect(Chart.getChart(canvas)).toBe(open.chart);
    await vi.waitFor(() => expect(drawnPoints(open.chart)).toBe(3));

    open.destroy();
    expect(Chart.getChart(canvas)).toBeUndefined();
    // Chart.js refuses a second chart on a canvas still in use: this proves the first let go.
    const again = openChart(canvas, lineRecipe(source));
    expect(Chart.getChart(canvas)).toBe(again.chart);
    again.destroy();
  });

  it("draws with the recipe's own draw when it has one", async () => {
    const draws: number[] = [];
    const source = { points: [{ x: 1, y: 1 }] };
    const open = openChart(
      nodeCanvas(),
      lineRecipe(source, (chart) => {
        chart.update();
        draws.push(drawnPoints(chart));
      }),
    );
    open.feed();
    await vi.waitFor(() => expect(draws).toEqual([1]));
    open.destroy();
  });
});
