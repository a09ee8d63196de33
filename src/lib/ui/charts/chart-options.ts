/**
 * Options the line charts share: the hover tooltip (run, step or layer, value) and the x-only
 * zoom and pan of chartjs-plugin-zoom. Chart components pass these in their `build()`; the
 * zoom plugin itself goes into a chart's own `plugins` list, never into Chart.register.
 */
import { Chart, type Plugin, type TooltipItem, type TooltipOptions } from 'chart.js';
import type { ZoomPluginOptions } from 'chartjs-plugin-zoom/types/options';
import { tooltipValue } from './axis-ticks';

/** What a tooltip line says: "Run A · step 40" over "L2: 0.1235". */
export function tooltipTitle(xLabel: string, x: number, runLabel?: string): string {
  return `${runLabel ? `${runLabel} · ` : ''}${xLabel} ${x}`;
}

export function tooltipLine(datasetLabel: string | undefined, y: number): string {
  return `${datasetLabel ?? ''}: ${tooltipValue(y)}`;
}

/** Tooltip options reading the chart's current props (`labels` is called on every hover). */
export function lineTooltip(labels: () => { xLabel: string; runLabel?: string }): Partial<TooltipOptions<'line'>> {
  return {
    callbacks: {
      title: (items: TooltipItem<'line'>[]) => (items[0] ? tooltipTitle(labels().xLabel, items[0].parsed.x ?? 0, labels().runLabel) : ''),
      label: (item: TooltipItem<'line'>) => tooltipLine(item.dataset.label, item.parsed.y ?? Number.NaN),
    },
  } as Partial<TooltipOptions<'line'>>;
}

/**
 * Ctrl + wheel or a pinch zooms the x axis, a drag pans it, never past the run's own steps;
 * y keeps following the data. A plain wheel still scrolls the page: a chart under the
 * pointer must not take the page's scrolling away.
 */
export const xZoom: ZoomPluginOptions = {
  zoom: { wheel: { enabled: true, modifierKey: 'ctrl' }, pinch: { enabled: true }, mode: 'x' },
  pan: { enabled: true, mode: 'x' },
  limits: { x: { min: 'original', max: 'original', minRange: 2 } },
};

/**
 * The zoom plugin's pan (Hammer.js) sets `touch-action: none` on its canvas, so a finger on a
 * chart could no longer scroll the page. After it starts, vertical swipes go back to the page;
 * horizontal drags and pinches still reach the plugin. Put it after the zoom plugin.
 */
export const pageScrollOnTouch: Plugin = {
  id: 'pageScrollOnTouch',
  afterInit: (chart) => {
    chart.canvas.style.touchAction = 'pan-y';
  },
};

/** Back to the whole run (the "Reset zoom" button). */
export function resetZoom(canvas: HTMLCanvasElement | null): void {
  const chart = canvas ? Chart.getChart(canvas) : undefined;
  chart?.resetZoom('none');
}
