/**
 * A read-only window API for the browser tests: what a chart's axis shows, read from its
 * Chart.js instance (`Chart.getChart(canvas)`): type, range, and each tick's value, label and
 * pixel position. It changes nothing on the chart.
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

export interface InitLabCharts {
  axis(canvas: HTMLCanvasElement, id: string): AxisReading | null;
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
  };
}
