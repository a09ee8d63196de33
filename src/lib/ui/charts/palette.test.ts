import { describe, expect, it } from 'vitest';
import { heatColour } from '../inside/heatmap-data';
import { CHART_BACKGROUND, layerColour, VARIANT_COLOURS, variantColour, viridis, type Scheme } from './palette';

/** WCAG 2.x relative luminance of "#rrggbb" (sRGB channels linearised, then weighted). */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const SCHEMES: Scheme[] = ['light', 'dark'];

describe('contrast arithmetic', () => {
  it('matches a hand computation for Okabe–Ito blue on the dark panel', () => {
    // #0072B2: G = 114/255 = 0.4471 -> ((0.4471 + 0.055) / 1.055)^2.4 = 0.1683;
    // B = 178/255 = 0.6980 -> 0.4452; R = 0. L = 0.7152·0.1683 + 0.0722·0.4452 = 0.1525.
    // #161b22: R 22 -> 0.00802, G 27 -> 0.01096, B 34 -> 0.01599; L = 0.01071.
    // Ratio (0.1525 + 0.05) / (0.01071 + 0.05) = 3.34.
    expect(luminance('#0072B2')).toBeCloseTo(0.1525, 3);
    expect(luminance('#161b22')).toBeCloseTo(0.01071, 4);
    expect(contrast('#0072B2', '#161b22')).toBeCloseTo(3.34, 2);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 6);
  });
});

describe('series colours', () => {
  for (const scheme of SCHEMES) {
    it(`every variant colour reaches 3:1 on the ${scheme} chart background`, () => {
      for (const colour of VARIANT_COLOURS[scheme]) expect(contrast(colour, CHART_BACKGROUND[scheme]), colour).toBeGreaterThanOrEqual(3);
    });

    it(`every layer colour reaches 3:1 on the ${scheme} chart background, at any depth`, () => {
      for (const count of [1, 2, 3, 5, 10, 24])
        for (let l = 0; l < count; l++) {
          const colour = layerColour(l, count, scheme);
          expect(contrast(colour, CHART_BACKGROUND[scheme]), `${colour} (${l}/${count})`).toBeGreaterThanOrEqual(3);
        }
    });
  }

  it('keeps the variants apart: eight different colours per scheme, cycling after that', () => {
    for (const scheme of SCHEMES) {
      expect(new Set(VARIANT_COLOURS[scheme]).size).toBe(8);
      expect(variantColour(9, scheme)).toBe(variantColour(1, scheme));
    }
  });

  it('dark mode replaces Okabe–Ito black, the one colour lost on a dark background', () => {
    expect(VARIANT_COLOURS.light[7]).toBe('#000000');
    expect(VARIANT_COLOURS.dark).not.toContain('#000000');
    expect(contrast('#000000', CHART_BACKGROUND.dark)).toBeLessThan(1.5);
  });

  it('orders layers input to output along the ramp: first and last layer differ, viridis ends are its stops', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    for (const scheme of SCHEMES) expect(layerColour(0, 4, scheme)).not.toBe(layerColour(3, 4, scheme));
    // Input side darker than output side in both schemes: depth reads the same way.
    for (const scheme of SCHEMES) expect(luminance(layerColour(0, 4, scheme))).toBeLessThan(luminance(layerColour(3, 4, scheme)));
  });
});

describe('heatmap scale', () => {
  const hex = (rgb: string) =>
    `#${(/\d+, \d+, \d+/.exec(rgb)?.[0] ?? '')
      .split(', ')
      .map((c) => Number(c).toString(16).padStart(2, '0'))
      .join('')}`;

  it('a fully dead layer (100%) stays visible on the dark panel, and 0% is the same cream in both schemes', () => {
    expect(contrast(hex(heatColour(1, 'dark')), CHART_BACKGROUND.dark)).toBeGreaterThanOrEqual(3);
    expect(heatColour(0, 'dark')).toBe(heatColour(0, 'light'));
    // Light = none, dark = all, in both schemes: luminance falls from 0% to 100%.
    for (const scheme of SCHEMES) expect(luminance(hex(heatColour(1, scheme)))).toBeLessThan(luminance(hex(heatColour(0.5, scheme))));
  });
});
