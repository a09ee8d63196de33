import { describe, expect, it } from 'vitest';
import { applyChartTheme, chartTheme, tooltipLine, tooltipTitle, xZoom } from './chart-options';

describe('line chart tooltips', () => {
  it('name the run, the step or layer, and the value', () => {
    expect(tooltipTitle('step', 40, 'he_normal · seed 1')).toBe('he_normal · seed 1 · step 40');
    expect(tooltipTitle('hidden layer', 3)).toBe('hidden layer 3');
    expect(tooltipLine('L2', 0.000123456)).toBe('L2: 1.235e-4');
    expect(tooltipLine('xavier_normal train', 2.302585)).toBe('xavier_normal train: 2.303');
  });
});

describe('zoom', () => {
  it('zooms and pans the x axis only', () => {
    expect([xZoom.zoom?.mode, xZoom.pan?.mode, xZoom.pan?.enabled, xZoom.zoom?.wheel?.enabled, xZoom.zoom?.pinch?.enabled]).toEqual([
      'x',
      'x',
      true,
      true,
      true,
    ]);
  });

  it('leaves a plain wheel to the page, and never goes past the run', () => {
    expect(xZoom.zoom?.wheel?.modifierKey).toBe('ctrl');
    expect(xZoom.limits?.x).toEqual({ min: 'original', max: 'original', minRange: 2 });
  });
});

describe('chart theme', () => {
  const dark = {
    text: '#e6e9ee',
    muted: '#a3adba',
    grid: '#3a4350',
    background: '#161b22',
    tooltipBackground: '#e6e9ee',
    tooltipText: '#161b22',
  };

  it('outside a page, falls back to the light values of app.css', () => {
    expect(chartTheme()).toMatchObject({ text: '#1b1f24', muted: '#5a6470', background: '#ffffff' });
  });

  it('colours every scale, the legend and the tooltip, keeping what the chart set itself', () => {
    const callback = () => 'x';
    const options = { scales: { x: { type: 'linear', ticks: { callback } }, y: {} }, plugins: { legend: { position: 'bottom' } } };
    applyChartTheme(options, dark);
    const { x, y } = options.scales as unknown as Record<
      string,
      { ticks: { color: string; callback?: unknown }; grid: { color: string }; title: { color: string } }
    >;
    expect([x.ticks.color, y.ticks.color, x.grid.color, y.title.color]).toEqual(['#a3adba', '#a3adba', '#3a4350', '#e6e9ee']);
    expect(x.ticks.callback).toBe(callback);
    const plugins = options.plugins as { legend: { position: string; labels: { color: string } }; tooltip: { backgroundColor: string } };
    expect(plugins.legend).toEqual({ position: 'bottom', labels: { color: '#e6e9ee' } });
    expect(plugins.tooltip.backgroundColor).toBe('#e6e9ee');
  });
});
