/**
 * One experiment as the run history keeps it: the results file the page would export (config,
 * environment, share URL, every series), with when it started and whether it was still
 * training when saved. A small summary of it is stored apart, so that listing the history
 * never reads a series. Pure: no IndexedDB here (store.ts), no Svelte.
 */
import { buildResults, type ResultsFile } from '../export/results';
import { describeExperiment } from '../experiment/url';
import { finalAccuracy } from '../state/outcome';
import { stepsDone, type RunSeries } from '../state/run-series';

export interface HistoryRecord {
  /** Unique across tabs: the start time and a per-page random part. */
  id: string;
  /** Epoch ms when training started (the list's order). */
  startedAt: number;
  /** Epoch ms of this save. */
  savedAt: number;
  /**
   * Saved while training, as a throttled snapshot. The page that trains replaces it with the
   * final record (same id); one still live when a later page reads it was cut off (reload,
   * closed tab, crash).
   */
  live: boolean;
  results: ResultsFile;
}

/** How an experiment ended, as far as its series say (a live record is `interrupted`, see endingOf). */
export type Ending = 'done' | 'stopped' | 'diverged' | 'failed' | 'interrupted' | 'training';

export interface HistorySummary {
  id: string;
  startedAt: number;
  savedAt: number;
  live: boolean;
  description: string;
  /** What the series say when saved (never 'interrupted' or 'training': those depend on who reads it). */
  ending: Exclude<Ending, 'interrupted' | 'training'>;
  diverged: number;
  /** The most steps any run did: where a live record's runs were cut off. */
  steps: number;
  /** The best run's final validation accuracy (a diverged run counts 0); null before any evaluation. */
  bestAccuracy: number | null;
  runs: number;
}

const isLive = (s: RunSeries) => s.status === 'running' || s.status === 'pending';

/** Failed outranks stopped, which outranks diverged: the first says most about why the numbers look as they do. */
function seriesEnding(series: readonly RunSeries[]): HistorySummary['ending'] {
  if (series.some((s) => s.status === 'failed')) return 'failed';
  if (series.some((s) => s.status === 'stopped' || isLive(s))) return 'stopped';
  if (series.some((s) => s.status === 'diverged')) return 'diverged';
  return 'done';
}

export function bestAccuracy(series: readonly RunSeries[]): number | null {
  const evaluated = series.filter((s) => s.evals.length > 0 || s.status === 'diverged');
  return evaluated.length ? Math.max(...evaluated.map(finalAccuracy)) : null;
}

export function summarize(record: HistoryRecord): HistorySummary {
  const runs = record.results.runs;
  return {
    id: record.id,
    startedAt: record.startedAt,
    savedAt: record.savedAt,
    live: record.live,
    description: describeExperiment(record.results.experiment),
    ending: seriesEnding(runs),
    diverged: runs.filter((s) => s.status === 'diverged').length,
    steps: Math.max(0, ...runs.map(stepsDone)),
    bestAccuracy: bestAccuracy(runs),
    runs: runs.length,
  };
}

/** A live record is still training when it is this page's own, and was cut off otherwise. */
export function endingOf(summary: HistorySummary, liveId: string | null): Ending {
  if (!summary.live) return summary.ending;
  return summary.id === liveId ? 'training' : 'interrupted';
}

/**
 * The record's results as they can be shown or exported again: runs a live record had going
 * are stopped where they were cut off, with a message saying so (the charts and the run
 * table show it). A finished record comes back unchanged.
 */
export function settled(record: HistoryRecord): ResultsFile {
  if (!record.live) return record.results;
  const runs = record.results.runs.map((s): RunSeries => {
    if (!isLive(s)) return s;
    const at = stepsDone(s);
    return { ...s, status: 'stopped', message: `interrupted at step ${at}: the page was closed or reloaded while it trained` };
  });
  return { ...record.results, runs };
}

/** The results file an Export of the record downloads: the page's own export format, settled. */
export function exportResults(record: HistoryRecord, exportedAt: string): ResultsFile {
  return buildResults({ ...settled(record), exportedAt });
}
