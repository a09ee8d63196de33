/**
 * Results export: everything needed to look at a run again or redo it elsewhere.
 * Pure: the caller turns the text into a download.
 */
import type { BackendInfo } from '../engine/backend';
import type { Experiment } from '../experiment/config';
import type { RunSeries } from '../state/run-series';

export interface ResultsFile {
  format: 'init-lab-results';
  version: 1;
  exportedAt: string;
  shareUrl: string;
  experiment: Experiment;
  environment: BackendInfo & { userAgent: string };
  dataset: { name: string; train: number; validation: number };
  runs: RunSeries[];
}

export function buildResults(args: Omit<ResultsFile, 'format' | 'version'>): ResultsFile {
  return { format: 'init-lab-results', version: 1, ...args };
}

/** Long format, one row per (run, step): easy to load in pandas, R or a spreadsheet. */
export function seriesCsv(runs: RunSeries[]): string {
  const layerCount = Math.max(0, ...runs.map((r) => r.layers.length));
  const header = ['run', 'label', 'step', 'train_loss', 'val_loss', 'val_accuracy'];
  for (let l = 0; l < layerCount; l++) header.push(`grad_norm_${l + 1}`);
  const rows = [header.join(',')];
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  for (const run of runs) {
    const evalAt = new Map(run.evals.map((e) => [e.step, e]));
    for (let i = 0; i < run.loss.length; i++) {
      const step = i + 1;
      const ev = evalAt.get(step);
      const cells = [
        run.runId,
        quote(run.label),
        String(step),
        String(run.loss[i]),
        ev ? String(ev.valLoss) : '',
        ev ? String(ev.valAccuracy) : '',
      ];
      for (let l = 0; l < layerCount; l++) cells.push(run.gradNorms[l]?.[i] !== undefined ? String(run.gradNorms[l][i]) : '');
      rows.push(cells.join(','));
    }
  }
  return rows.join('\n') + '\n';
}
