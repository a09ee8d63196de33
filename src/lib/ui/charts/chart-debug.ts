/**
 * A read-only window API for the browser tests: what a chart's axis shows, read from its
 * Chart.js instance (`Chart.getChart(canvas)`): type, range, and each tick's value, label and
 * pixel position; and its colours (chrome and each dataset's line). It changes nothing on the chart.
 */
import { Chart } from 'chart.js';

export interface AxisReading {
  type: string;
  min: number;
  max: number;
  /** Ticks that carry a label (an unlabelled tick only draws its grid line). */
  ticks: { value: number; label: string; pixel: number }[];
  /** The tick font's line height in pixels: how far apart labels up a y axis must be. */
  lineHeight: number;
}

/** The colours a chart draws with, as Chart.js resolved them (what reaches the pixels). */
export interface StyleReading {
  tickColour: string;
  gridColour: string;
  titleColour: string;
  legendColour: string;
  tooltipBackground: string;
  datasets: { label: string; colour: string; dash: number[] }[];
}

export interface InitLabCharts {
  axis(canvas: HTMLCanvasElement, id: string): AxisReading | null;
  style(canvas: HTMLCanvasElement, scaleId?: string): StyleReading | null;
}

declare global {
  interface Window {
    __initLabCharts?: InitLabCharts;
  }
}

export function installChartDebug(): void {
  if (typeof window === 'undefined' || window.__initLabCharts) return;
  window.__initLabCharts = {
    axis(canvas, id) {
      const scale = Chart.getChart(canvas)?.scales[id];
      if (!scale) return null;
      const font = (scale.options as { ticks?: { font?: unknown } }).ticks?.font as
        { lineHeight?: number | string; size?: number } | undefined;
      const size = font?.size ?? Chart.defaults.font.size ?? 12;
      return {
        type: scale.type,
        min: scale.min,
        max: scale.max,
        ticks: scale.ticks
          .map((t) => ({ value: t.value, label: String(t.label ?? ''), pixel: scale.getPixelForValue(t.value) }))
          .filter((t) => t.label !== ''),
        lineHeight: size * 1.2,
      };
    },
    style(canvas, scaleId = 'x') {
      const chart = Chart.getChart(canvas);
      const scale = chart?.scales[scaleId];
      if (!chart || !scale) return null;
      const o = scale.options as unknown as { ticks: { color: unknown }; grid: { color: unknown }; title: { color: unknown } };
      const plugins = chart.options.plugins as { legend?: { labels?: { color?: unknown } }; tooltip?: { backgroundColor?: unknown } };
      return {
        tickColour: String(o.ticks.color),
        gridColour: String(o.grid.color),
        titleColour: String(o.title.color),
        legendColour: String(plugins.legend?.labels?.color ?? ''),
        tooltipBackground: String(plugins.tooltip?.backgroundColor ?? ''),
        datasets: chart.data.datasets.map((d) => {
          const line = d as { label?: string; borderColor?: unknown; borderDash?: number[] };
          return { label: line.label ?? '', colour: String(line.borderColor ?? ''), dash: [...(line.borderDash ?? [])] };
        }),
      };
    },
  };
}
