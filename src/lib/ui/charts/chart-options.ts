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

/**
 * The chart chrome's colours (ticks, grid, axis titles, legend, tooltip), read from the page's
 * CSS variables (app.css), so charts follow the colour scheme as the rest of the page does and
 * the values live in one place. Outside a page (Node tests) the light values stand in.
 */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  background: string;
  tooltipBackground: string;
  tooltipText: string;
}

const LIGHT_FALLBACK: ChartTheme = {
  text: '#1b1f24',
  muted: '#5a6470',
  grid: '#d5dae1',
  background: '#ffffff',
  tooltipBackground: '#1b1f24',
  tooltipText: '#ffffff',
};

export function chartTheme(): ChartTheme {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return LIGHT_FALLBACK;
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--ink', LIGHT_FALLBACK.text),
    muted: read('--muted', LIGHT_FALLBACK.muted),
    grid: read('--line', LIGHT_FALLBACK.grid),
    background: read('--panel', LIGHT_FALLBACK.background),
    // The tooltip is the page inverted: it must stand out from the chart under it.
    tooltipBackground: read('--ink', LIGHT_FALLBACK.tooltipBackground),
    tooltipText: read('--panel', LIGHT_FALLBACK.tooltipText),
  };
}

/** Loose shapes of the option parts the theme sets (every chart type has them). */
type Part = Record<string, unknown>;
function part(owner: Part, key: string): Part {
  if (typeof owner[key] !== 'object' || owner[key] === null) owner[key] = {};
  return owner[key] as Part;
}

/**
 * Puts the theme on a chart's options, in place: every scale's ticks, grid, border and title,
 * the legend's text and the tooltip. Called when a chart is built and again when the scheme
 * changes (canvas-chart.svelte.ts), so no chart picks chrome colours of its own.
 */
export function applyChartTheme(options: unknown, theme: ChartTheme = chartTheme()): void {
  const o = options as Part;
  for (const scale of Object.values(part(o, 'scales'))) {
    if (!scale || typeof scale !== 'object') continue;
    const s = scale as Part;
    part(s, 'ticks').color = theme.muted;
    part(s, 'grid').color = theme.grid;
    part(s, 'border').color = theme.grid;
    part(s, 'title').color = theme.text;
  }
  const plugins = part(o, 'plugins');
  part(part(plugins, 'legend'), 'labels').color = theme.text;
  const tooltip = part(plugins, 'tooltip');
  tooltip.backgroundColor = theme.tooltipBackground;
  tooltip.titleColor = theme.tooltipText;
  tooltip.bodyColor = theme.tooltipText;
  tooltip.footerColor = theme.tooltipText;
  // Anything a chart draws outside these (a plugin's own text) falls back to the defaults.
  Chart.defaults.color = theme.text;
  Chart.defaults.borderColor = theme.grid;
}
