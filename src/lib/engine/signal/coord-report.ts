/**
 * The coordinate check's sizes, its result and what it says (coord-check.ts computes it with
 * TF.js): plain JS, so the page can ask for it, chart it and quote it without loading the trainer.
 */
import type { Experiment, Parametrization } from '../../experiment/config';

export const COORD_WIDTHS = [64, 128, 256, 512, 1024, 2048] as const;
export const COORD_STEPS = 3;
/** Digits in the fixed batch the check trains on. */
export const COORD_DIGITS = 64;

export interface CoordCurve {
  param: Parametrization;
  /** 'L1', …, 'logits'. */
  layer: string;
  /** [t - 1][width index]: RMS over batch and units of (output at step t − output at step 0). */
  change: number[][];
}

export interface CoordCheck {
  widths: number[];
  steps: number;
  base: number;
  opt: Experiment['opt'];
  lr: number;
  curves: CoordCurve[];
  /** Wall-clock time of the whole check, and the TF.js backend it ran on. */
  ms: number;
  backend: string;
}

/**
 * Deepest MLP the check trains: its cost is about one 2048×2048 layer per hidden layer
 * (depth 2 took 10 s on wasm here, so depth 8 about 45 s).
 */
export const COORD_MAX_DEPTH = 8;

/** Why the check is not offered for this config, or null when it is. */
export function coordCheckRefusal(e: Experiment): string | null {
  if (e.arch === 'mlp' && e.depth > COORD_MAX_DEPTH)
    return `The coordinate check trains each width up to 2048 for ${COORD_STEPS} steps, which costs about one 2048×2048 layer per hidden layer: it is offered up to depth ${COORD_MAX_DEPTH}, and this MLP has ${e.depth} hidden layers.`;
  if (e.arch === 'mlp') return null;
  return `The coordinate check widens a plain MLP's hidden layers up to 2048 units, and this config is a ${e.arch}: for conv nets μP scales with channels, and training convolutions 2048 channels wide takes minutes on a CPU; residual MLPs are not offered either. Set arch=mlp to run it.`;
}

/** RMS of a − b over every entry. */
export function rmsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum / a.length);
}

/** The logits' change after the last step at the widest width over that at the narrowest. */
export function logitGrowth(c: CoordCheck, param: Parametrization): number {
  const row = c.curves.find((k) => k.param === param && k.layer === 'logits')!.change[c.steps - 1];
  return row[row.length - 1] / row[0];
}

const times = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toPrecision(2)}×`;

/** A ratio in words: beyond a factor 1.5 either way it grows or shrinks, else it is about flat. */
function trend(ratio: number): string {
  if (ratio >= 1.5) return `grows ${times(ratio)}`;
  if (ratio <= 1 / 1.5) return `shrinks ${times(1 / ratio)}`;
  return `stays within a factor 1.5 (${times(ratio)})`;
}

/** One sentence from the numbers: how the logits' change moves with width under SP and under μP. */
export function coordSentence(c: CoordCheck): string {
  const [lo, hi] = [c.widths[0], c.widths[c.widths.length - 1]];
  const [sp, mup] = [logitGrowth(c, 'sp'), logitGrowth(c, 'mup')];
  return `After ${c.steps} ${c.opt} steps at lr ${c.lr}, the logits' change per coordinate ${trend(sp)} from width ${lo} to ${hi} under SP, and ${trend(mup)} under μP (base ${c.base}).`;
}
