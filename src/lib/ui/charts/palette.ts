/**
 * Every colour a chart series or a table swatch can take, per colour scheme. Pure: the
 * scheme is an argument (scheme.svelte.ts knows which one the page shows). Each colour must
 * reach 3:1 against its scheme's chart background (WCAG 1.4.11, non-text contrast); see
 * palette.test.ts, which checks that.
 */
export type Scheme = 'light' | 'dark';

/** What the charts are drawn on: the panels' colour, --panel in app.css (kept equal by hand). */
export const CHART_BACKGROUND: Record<Scheme, string> = { light: '#ffffff', dark: '#161b22' };

/**
 * Okabe–Ito, distinguishable with the common forms of colour blindness, one colour per variant.
 * Light: orange and sky blue darkened just enough for 3:1 on white (Okabe–Ito's own reach
 * 2.3:1). Dark: black becomes light grey; the rest already reach 3.3:1 or more.
 */
export const VARIANT_COLOURS: Record<Scheme, readonly string[]> = {
  light: ['#0072B2', '#B98000', '#009E73', '#CC79A7', '#3A93C7', '#D55E00', '#999933', '#000000'],
  dark: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999933', '#DDDDDD'],
};

export function variantColour(variant: number, scheme: Scheme): string {
  const colours = VARIANT_COLOURS[scheme];
  return colours[((variant % colours.length) + colours.length) % colours.length];
}

/** A reference line (a rule of thumb, not data): neutral grey. */
export const REFERENCE_COLOUR: Record<Scheme, string> = { light: '#555555', dark: '#AAAAAA' };

/** Viridis, dark (input side) to light (output side): depth reads as a gradient. */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

/**
 * The part of the ramp each scheme uses: its far end vanishes into the background (yellow on
 * white is 1.3:1, deep purple on the dark panel 1.1:1), so each scheme keeps the 3:1 part.
 */
export const LAYER_RANGE: Record<Scheme, readonly [number, number]> = { light: [0, 0.58], dark: [0.42, 1] };

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: number[]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Viridis at t in [0, 1], interpolated between its stops: neighbouring layers stay apart. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const [a, b] = [rgb(VIRIDIS[i]), rgb(VIRIDIS[i + 1])];
  return hex(a.map((c, k) => c + (b[k] - c) * (x - i)));
}

export function layerColour(layer: number, layerCount: number, scheme: Scheme): string {
  const [lo, hi] = LAYER_RANGE[scheme];
  const t = layerCount <= 1 ? 0.5 : layer / (layerCount - 1);
  return viridis(lo + (hi - lo) * t);
}
