/**
 * The one place a run's look is decided: every chart line, band, legend entry and table
 * swatch of a run asks here, so a run looks the same wherever it appears.
 * - Colour: by variant, so all seeds of a variant share it (a seed is a repeat, not a rival).
 * - Dash: a run trained in this browser draws solid; an imported one (PyTorch, another
 *   browser) dotted, so the two stay apart even where variants' colours repeat. The
 *   secondary line of a run (validation loss, a theory curve) is dashed in its own way.
 */
import { layerColour, REFERENCE_COLOUR, variantColour, type Scheme } from './palette';
import { colourScheme } from './scheme.svelte';

export interface RunStyle {
  colour: string;
  /** The run's main line (training loss, accuracy, measured signal); undefined is solid. */
  dash: number[] | undefined;
  /** Its secondary line: validation loss, a theory prediction. */
  secondaryDash: number[];
  imported: boolean;
}

/** What the style depends on; a RunSeries, a summary row with its runId, or a signal variant. */
export interface StyledRun {
  variant: number;
  runId?: string;
}

/** state/imported-series.ts names every imported run `import<file>/<index>`. */
export function isImported(run: StyledRun): boolean {
  return run.runId?.startsWith('import') ?? false;
}

const DASHES = {
  browser: { dash: undefined, secondaryDash: [6, 4] },
  imported: { dash: [2, 3], secondaryDash: [8, 3, 2, 3] },
} as const;

export function runStyle(run: StyledRun, scheme: Scheme = colourScheme.current): RunStyle {
  const imported = isImported(run);
  const { dash, secondaryDash } = DASHES[imported ? 'imported' : 'browser'];
  return { colour: variantColour(run.variant, scheme), dash: dash && [...dash], secondaryDash: [...secondaryDash], imported };
}

/** A rule-of-thumb line: neutral, dashed like no run's line. */
export function referenceStyle(scheme: Scheme = colourScheme.current): { colour: string; dash: number[] } {
  return { colour: REFERENCE_COLOUR[scheme], dash: [5, 5] };
}

/** A layer's colour in one run's per-layer charts (depth as a gradient, in this scheme's range). */
export function layerStyle(layer: number, layerCount: number, scheme: Scheme = colourScheme.current): { colour: string } {
  return { colour: layerColour(layer, layerCount, scheme) };
}
