/**
 * Reading a preset's claim off the numbers its runs produced. Every check takes the worst
 * case over a variant's seeds and names that seed, so a claim that holds here holds for
 * each seed, not on average. Checks that hold by construction (a mechanism shown, not an
 * init tested) are marked as demonstrations, so a page never passes them off as evidence.
 */
import { percent } from '../percent';
import type { RunSeries } from '../state/run-series';

export interface Check {
  /** The variant whose seeds `measure` reads (a check with `perSeed` reads what it chooses). */
  variant: number;
  name: string;
  /** The measured number of one run. */
  measure?: (run: RunSeries) => number;
  /**
   * Instead of `measure`: one number per seed from all the runs, for a check that reads
   * several runs of each seed together (a sweep's cells: "the best learning rate of seed k").
   */
  perSeed?: (runs: RunSeries[]) => SeedValue[];
  /** 'above' means every seed must exceed `bound`; 'below' means every seed must stay under it. */
  want: 'above' | 'below';
  bound: number;
  format?: Format;
  /**
   * Holds by construction on every seed (all units of a zero layer stay equal; an identity
   * block passes its input through): a demonstration of a mechanism, which no init could
   * fail. Such a check still has to hold, but it is labelled, and every preset needs at
   * least one check that is not one.
   */
  demonstration?: boolean;
}

/** One seed's number: `seed` is the run's 1-based repeat, as in its label "#k". */
export interface SeedValue {
  seed: number;
  value: number;
}

export interface CheckResult {
  name: string;
  want: 'above' | 'below';
  bound: number;
  format: Format;
  demonstration: boolean;
  /** Every seed of the variant, in seed order. */
  perSeed: SeedValue[];
  /** The seed furthest on the wrong side of the bound (a non-finite value is worst of all). */
  worst: SeedValue | null;
  ok: boolean;
  /** The check in one sentence, with every seed's number and the worst one named. */
  text: string;
}

export interface ClaimResult {
  holds: boolean;
  checks: CheckResult[];
  /** checks[i].text: one sentence per check. */
  details: string[];
}

export type Claim = (runs: RunSeries[]) => ClaimResult;

/** How a check's numbers read: a share as a percentage, a step as a whole number, anything else to 3 digits. */
export type Format = 'pct' | 'num' | 'step';

const SHOW: Record<Format, (x: number) => string> = {
  pct: (x) => percent(x, 1),
  num: (x) => (Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toFixed(3) : x.toExponential(2)),
  step: (x) => (Number.isFinite(x) ? String(Math.round(x)) : 'never'),
};

export function runsOf(runs: RunSeries[], variant: number): RunSeries[] {
  return runs.filter((r) => r.variant === variant).sort((a, b) => a.repeat - b.repeat);
}

/** Hidden-activation std of every layer at init (the evaluation at step 0). */
export function stdsAtInit(run: RunSeries): number[] {
  return run.evals[0]?.step === 0 ? run.evals[0].activations.map((a) => a.std) : [];
}

/** std of the last hidden activation over std of the first, at init. */
export function depthStdRatio(run: RunSeries): number {
  const s = stdsAtInit(run);
  return s.length < 2 ? Number.NaN : s[s.length - 1] / s[0];
}

/**
 * The geometric-mean factor by which one layer multiplies the activation std at init,
 * (last/first)^(1/(L−1)). Finite width makes the last/first ratio of one draw wander by a
 * factor e^(±½·√(5L/n)) for ReLU (Hanin & Nica 2019), a lot at depth/width ≈ 1/2; per
 * layer that wander shrinks L-fold, so this number tells the schemes apart on every seed.
 */
export function perLayerStdFactor(run: RunSeries): number {
  const s = stdsAtInit(run);
  return s.length < 2 ? Number.NaN : (s[s.length - 1] / s[0]) ** (1 / (s.length - 1));
}

/** The step at which a run diverged; Infinity for a run that never did. */
export function divergedAtStep(run: RunSeries): number {
  return run.divergedAt ?? Number.POSITIVE_INFINITY;
}

/** Gradient norm of the first kernel over that of the output kernel, at the first step (the gradient at init). */
export function firstOverLastGradNorm(run: RunSeries): number {
  const first = run.gradNorms[0]?.[0];
  const last = run.gradNorms.at(-1)?.[0];
  return first !== undefined && last !== undefined ? first / last : Number.NaN;
}

function isBetter(a: number, b: number, want: Check['want']): boolean {
  return want === 'above' ? a > b : a < b;
}

function checkResult(c: Check, runs: RunSeries[]): CheckResult {
  const format = c.format ?? 'num';
  const show = SHOW[format];
  const perSeed = c.perSeed ? c.perSeed(runs) : runsOf(runs, c.variant).map((r) => ({ seed: r.repeat + 1, value: c.measure!(r) }));
  const worst = perSeed.reduce<SeedValue | null>((w, s) => {
    if (w === null || !Number.isFinite(w.value)) return w ?? s;
    return !Number.isFinite(s.value) || isBetter(w.value, s.value, c.want) ? s : w;
  }, null);
  const ok = worst !== null && Number.isFinite(worst.value) && isBetter(worst.value, c.bound, c.want);
  const demonstration = c.demonstration === true;
  const tag = demonstration ? ' [demonstration: holds by construction]' : '';
  let measured: string;
  if (worst === null) measured = 'no run';
  else if (perSeed.length === 1) measured = show(worst.value);
  else
    measured = `${show(worst.value)} (worst of ${perSeed.length} seeds: #${worst.seed}; all ${perSeed.map((s) => show(s.value)).join(', ')})`;
  const text = `${c.name}: ${measured} ${c.want === 'above' ? '>' : '<'} ${show(c.bound)} ${ok ? '✓' : '✗'}${tag}`;
  return { name: c.name, want: c.want, bound: c.bound, format, demonstration, perSeed, worst, ok, text };
}

/** A claim made of checks, each over every seed of its variant. */
export function claimOf(checks: Check[]): Claim {
  return (runs) => {
    const results = checks.map((c) => checkResult(c, runs));
    return { holds: results.every((r) => r.ok), checks: results, details: results.map((r) => r.text) };
  };
}
