import { describe, expect, it } from 'vitest';
import { tooltipLine, tooltipTitle, xZoom } from './chart-options';

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
