/**
 * Imported runs as series of their own beside the browser's: every run gets an id no other
 * run has, its source in its label, and variant indices after the browser's (and after every
 * earlier file's), so each imported variant has a colour and a summary row of its own.
 */
import type { RunSeries } from './run-series';

export interface ImportedFile {
  id: number;
  fileName: string;
  /** Where the runs came from, e.g. "PyTorch 1.13, 2× gloo, Fashion-MNIST 60k". */
  source: string;
  runs: RunSeries[];
}

/** Runs from a parsed file, ids made unique by position (a file's own ids are not trusted to be). */
export function importedRuns(id: number, source: string, runs: RunSeries[]): RunSeries[] {
  return runs.map((run, i) => ({
    ...run,
    runId: `import${id}/${i}`,
    label: `${source} · ${run.label}`,
    variantLabel: `${source} · ${run.variantLabel}`,
  }));
}

export function placeBeside(own: readonly RunSeries[], files: readonly ImportedFile[]): RunSeries[] {
  let next = own.reduce((max, r) => Math.max(max, r.variant + 1), 0);
  const placed: RunSeries[] = [];
  for (const file of files) {
    const remap = new Map<number, number>();
    for (const run of file.runs) if (!remap.has(run.variant)) remap.set(run.variant, next + remap.size);
    next += remap.size;
    for (const run of file.runs) placed.push({ ...run, variant: remap.get(run.variant)! });
  }
  return [...own, ...placed];
}
