/**
 * Who won a finished comparison, and why, in numbers: the answer "predict, then run" reveals.
 * A diverged seed counts as 0% accuracy, so a variant cannot win by diverging late.
 */
import { percent } from '../percent';
import { variantSummaries } from './aggregate';
import type { RunSeries } from './run-series';

export interface Outcome {
  winner: number;
  explanation: string;
}

/**
 * A run's final validation accuracy: what a comparison ranks and a preset's claims check.
 * A diverged run (or one not yet evaluated) counts as 0, below chance.
 */
export function finalAccuracy(run: RunSeries): number {
  if (run.status === 'diverged') return 0;
  return run.evals.at(-1)?.valAccuracy ?? 0;
}

export function comparisonOutcome(runs: RunSeries[]): Outcome | null {
  if (runs.some((r) => r.status === 'pending' || r.status === 'running')) return null;
  const summaries = variantSummaries(runs);
  if (summaries.length < 2) return null;
  const score = (variant: number) => {
    const accs = runs.filter((r) => r.variant === variant).map(finalAccuracy);
    return accs.reduce((a, b) => a + b, 0) / accs.length;
  };
  const ranked = summaries.map((s) => ({ s, score: score(s.variant) })).sort((a, b) => b.score - a.score);
  const [first, second] = ranked;
  const lines = ranked.map(({ s, score }) => {
    const diverged = s.diverged.length ? `, diverged (seed ${s.diverged.map((d) => `${d.seed} at step ${d.step}`).join(', ')})` : '';
    const to90 = s.stepsTo90.median !== null ? `, 90% after ${s.stepsTo90.median} steps` : ', never reached 90%';
    return `${s.label}: ${percent(score, 1)}${to90}${diverged}`;
  });
  const margin = first.score - second.score;
  const close = margin < 0.01 ? ' The margin is under one point: within what another seed could change.' : '';
  return {
    winner: first.s.variant,
    explanation: `${first.s.label} won by ${percent(margin, 1)} of final validation accuracy.${close} ${lines.join('; ')}.`,
  };
}
