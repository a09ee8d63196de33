/**
 * Plan: turn one experiment into the list of runs it asks for (variants x seeds).
 * Pure: the engine receives RunSpecs and never looks at the URL or the UI.
 */
import type { Experiment, InitChoice } from './config';

export interface RunSpec {
  id: string;
  /** Index of the init variant this run belongs to (its colour in every chart). */
  variant: number;
  /** 0-based repeat of that variant with another init seed. */
  repeat: number;
  init: InitChoice;
  /** Seed of the weights: differs per repeat, equal across variants so only the scheme differs. */
  initSeed: number;
  /** Seed of the batch order: the same for every run of the experiment. */
  dataSeed: number;
  experiment: Experiment;
}

export function planRuns(e: Experiment): RunSpec[] {
  const runs: RunSpec[] = [];
  e.init.forEach((init, variant) => {
    for (let repeat = 0; repeat < e.seeds; repeat++) {
      runs.push({
        id: `v${variant}s${repeat}`,
        variant,
        repeat,
        init,
        initSeed: e.seed + repeat,
        dataSeed: e.seed,
        experiment: e,
      });
    }
  });
  return runs;
}

/** Human label of an init variant: its scheme and the parameters it sets. */
export function variantLabel(init: InitChoice): string {
  const params: string[] = [];
  if (init.std !== undefined) params.push(`std=${init.std}`);
  if (init.limit !== undefined) params.push(`limit=${init.limit}`);
  if (init.value !== undefined) params.push(`value=${init.value}`);
  if (init.mode !== undefined) params.push(`mode=${init.mode}`);
  if (init.gain !== undefined) params.push(`gain=${init.gain}`);
  return params.length ? `${init.scheme} (${params.join(', ')})` : init.scheme;
}
