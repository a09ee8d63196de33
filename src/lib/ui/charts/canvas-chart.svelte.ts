/**
 * The one life cycle of every chart on the page. A chart component says how to build its
 * Chart.js chart and how to feed it; `<canvas {@attach chart.attach}>` then
 * - creates the chart once per canvas, in a later task of its own (open-queue.ts: creating
 *   one forces a layout and a draw, and the page mounts many at once); reactive reads while
 *   building are not tracked: they are starting values, and a changed prop must re-feed
 *   the chart, never rebuild it;
 * - feeds it again whenever the state its feed reads changes: data is assigned at once, the
 *   drawing is left to redraw.ts (spread over tasks, skipped while off screen);
 * - lets Chart.js follow its box's size (responsive, no fixed aspect ratio);
 * - destroys it when the canvas leaves the page;
 * - puts the page's colour scheme on its chrome (chart-options.ts `applyChartTheme`) when
 *   built and again whenever the scheme changes, without rebuilding it.
 * Animation is always off: live data must never lag behind the truth.
 * `canvas` is what the PNG button saves (null until the chart exists).
 */
import { Chart, type ChartConfiguration, type ChartOptions, type ChartType, type DefaultDataPoint } from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { applyChartTheme } from './chart-options';
import { installChartDebug } from './chart-debug';
import { openSoon } from './open-queue';
import { colourScheme } from './scheme.svelte';
import { liveChart } from './redraw';

installChartDebug();

export interface ChartRecipe<TType extends ChartType, TData, TLabel> {
  /** The chart's type, empty data and options, read once per canvas. */
  build(): ChartConfiguration<TType, TData, TLabel>;
  /** Puts the current data (and options that follow props) on the chart; runs after creation and on every change it reads. */
  feed(chart: Chart<TType, TData, TLabel>): void;
  /** How a fed chart is drawn; default `update('none')`, the cheapest. */
  draw?(chart: Chart<TType, TData, TLabel>): void;
}

/** Options no chart may choose otherwise (see the header). */
const LIVE_OPTIONS = { animation: false, responsive: true, maintainAspectRatio: false } as const;

export interface OpenChart<TType extends ChartType, TData, TLabel> {
  readonly chart: Chart<TType, TData, TLabel>;
  /** Feed the chart from its recipe, then schedule its drawing. */
  feed(): void;
  /** Put the current colour scheme on the chart's chrome, then schedule its drawing. */
  restyle(): void;
  destroy(): void;
}

/** The life cycle without Svelte: what the attachment drives (and what a Node test can). */
export function openChart<TType extends ChartType, TData, TLabel>(
  canvas: HTMLCanvasElement,
  recipe: ChartRecipe<TType, TData, TLabel>,
): OpenChart<TType, TData, TLabel> {
  const config = recipe.build();
  const options = { ...config.options, ...LIVE_OPTIONS } as ChartOptions<TType>;
  applyChartTheme(options);
  const chart = new Chart<TType, TData, TLabel>(canvas, { ...config, options });
  const live = liveChart(chart as unknown as Chart);
  const draw = recipe.draw;
  return {
    chart,
    feed() {
      recipe.feed(chart);
      live.redraw(draw && (() => draw(chart)));
    },
    restyle() {
      applyChartTheme(chart.options);
      live.redraw(draw && (() => draw(chart)));
    },
    destroy: () => live.destroy(),
  };
}

export class CanvasChart<TType extends ChartType = ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown> {
  #canvas: HTMLCanvasElement | null = $state.raw(null);
  readonly #recipe: ChartRecipe<TType, TData, TLabel>;

  constructor(recipe: ChartRecipe<TType, TData, TLabel>) {
    this.#recipe = recipe;
  }

  /** The canvas while its chart exists, else null: what the PNG button exports. */
  get canvas(): HTMLCanvasElement | null {
    return this.#canvas;
  }

  readonly attach: Attachment<HTMLCanvasElement> = (canvas) => {
    let open: OpenChart<TType, TData, TLabel> | null = $state.raw(null);
    // Built in a task of its own (open-queue.ts): a page mounting many charts stays responsive.
    const cancel = openSoon(() => {
      // Untracked: state read while building would otherwise rebuild the chart on every change.
      open = untrack(() => openChart(canvas, this.#recipe));
      this.#canvas = canvas;
    });
    // A child effect: it re-runs on the feed's own reads, leaving the chart in place.
    $effect(() => open?.feed());
    // The scheme is read here, the CSS variables (untracked) inside: a scheme change re-styles.
    $effect(() => {
      void colourScheme.current;
      const chart = open;
      if (chart) untrack(() => chart.restyle());
    });
    return () => {
      cancel();
      this.#canvas = null;
      open?.destroy();
    };
  };
}
