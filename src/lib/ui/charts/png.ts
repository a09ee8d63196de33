/**
 * PNG export of a chart. Chart.js draws on a transparent canvas, and a transparent PNG is
 * unreadable in a dark image viewer or slide, so the pixels are laid on an opaque background
 * first: the chart's own (the panel colour of the page's scheme). Not always white: in the
 * dark scheme the chart's ticks and text are light, and on white they would vanish; the PNG
 * is the chart as seen, and its colours were checked against that background. The
 * title lives in the page's HTML caption, not the canvas, so it is drawn above the chart:
 * an image pasted elsewhere still says what it shows. A data URL is enough for a chart.
 */

import { chartTheme, type ChartTheme } from './chart-options';

const TITLE_PX = 16;
const PAD_PX = 6;

export function opaquePngDataUrl(canvas: HTMLCanvasElement, title = '', theme: ChartTheme = chartTheme()): string {
  // The canvas is drawn at devicePixelRatio; the title is scaled to match.
  const ratio = canvas.clientWidth > 0 ? canvas.width / canvas.clientWidth : 1;
  const header = title ? Math.round((TITLE_PX + 2 * PAD_PX) * ratio) : 0;
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height + header;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  if (title) {
    ctx.fillStyle = theme.text;
    ctx.font = `600 ${Math.round(TITLE_PX * ratio)}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.fillText(title, PAD_PX * ratio, PAD_PX * ratio, out.width - 2 * PAD_PX * ratio);
  }
  ctx.drawImage(canvas, 0, header);
  return out.toDataURL('image/png');
}

/** "Loss · mean of 3 seeds" -> "init-lab-loss-mean-of-3-seeds.png" */
export function pngFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `init-lab-${slug || 'chart'}.png`;
}

export function downloadDataUrl(fileName: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
}
