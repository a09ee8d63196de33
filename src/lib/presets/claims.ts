/**
 * Reading a preset's claim off the numbers its runs produced. Every check takes the worst
 * case over a variant's seeds, so a claim that holds here holds for each seed, not on average.
 */
import type { RunSeries } from '../state/run-series';

export interface ClaimResult {
  holds: boolean;
  /** One sentence per check, with the measured numbers, e.g. "Xavier: final accuracy 11.3% (< 30%)". */
  details: string[];
}

export type Claim = (runs: RunSeries[]) => ClaimResult;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => (Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toFixed(3) : x.toExponential(2));

export function runsOf(runs: RunSeries[], variant: number): RunSeries[] {
  return runs.filter((r) => r.variant === variant);
}

/** Final validation accuracy of a run; a diverged run counts as chance-level (0). */
export function finalAccuracy(run: RunSeries): number {
  if (run.status === 'diverged') return 0;
  return run.evals.at(-1)?.valAccuracy ?? 0;
}

/** std of the last hidden activation over std of the first, at init. */
export function depthStdRatio(run: RunSeries): number {
  const acts = run.evals[0]?.activations ?? [];
  if (acts.length < 2) return Number.NaN;
  return acts[acts.length - 1].std / acts[0].std;
}

export interface Check {
  variant: number;
  name: string;
  /** The measured number of one run. */
  measure: (run: RunSeries) => number;
  /** 'above' means every seed must exceed `bound`; 'below' means every seed must stay under it. */
  want: 'above' | 'below';
  bound: number;
  format?: 'pct' | 'num';
}

/** A claim made of checks, each over every seed of its variant. */
export function claimOf(checks: Check[]): Claim {
  return (runs) => {
    const details: string[] = [];
    let holds = true;
    for (const c of checks) {
      const values = runsOf(runs, c.variant).map(c.measure);
      if (values.length === 0) {
        holds = false;
        details.push(`${c.name}: no run`);
        continue;
      }
      const worst = c.want === 'above' ? Math.min(...values) : Math.max(...values);
      const ok = Number.isFinite(worst) && (c.want === 'above' ? worst > c.bound : worst < c.bound);
      holds &&= ok;
      const show = c.format === 'pct' ? pct : num;
      const shown = values.length > 1 ? `${show(worst)} (worst of ${values.length} seeds)` : show(worst);
      details.push(`${c.name}: ${shown} ${c.want === 'above' ? '>' : '<'} ${show(c.bound)} ${ok ? '✓' : '✗'}`);
    }
    return { holds, details };
  };
}
