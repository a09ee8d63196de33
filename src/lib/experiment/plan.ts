/**
 * Plan: turn one experiment into the list of runs it asks for. Variants are every
 * combination of init scheme x batch-norm mode x residual zero-init mode x parametrization; each variant runs
 * `seeds` times. Pure: the engine receives RunSpecs and never looks at the URL or the UI.
 */
import type { BatchNormMode, Experiment, InitChoice, Parametrization, ZeroInitMode } from './config';
import { isSweep, planCells } from './sweep';

export interface Variant {
  init: InitChoice;
  bn: BatchNormMode;
  zero: ZeroInitMode;
  /**
   * Standard or maximal-update parametrization (engine/mup.ts). planVariants always sets
   * it; a variant built by hand without it (older code, tests) is SP.
   */
  param?: Parametrization;
}

/** A variant's parametrization: absent is SP. */
export const paramOf = (v: Variant): Parametrization => v.param ?? 'sp';

export interface RunSpec extends Variant {
  id: string;
  /** The grid cell this run trains (sweep.ts); 0 in an experiment without sweeps. */
  cell: number;
  /** Index of the variant this run belongs to (its colour in every chart). */
  variant: number;
  /** 0-based repeat of that variant with another init seed. */
  repeat: number;
  /** Seed of the weights: differs per repeat, equal across variants so only the variant differs. */
  initSeed: number;
  /** Seed of the batch order: the same for every run of the experiment. */
  dataSeed: number;
  /** What this run trains: the experiment itself, or its cell of a sweep (with that cell's values and no sweep). */
  experiment: Experiment;
}

export function planVariants(e: Experiment): Variant[] {
  return e.init.flatMap((init) => e.bn.flatMap((bn) => e.zero.flatMap((zero) => e.param.map((param) => ({ init, bn, zero, param })))));
}

/**
 * Every run: each cell of the grid (one without sweeps) × variant × seed. Ids are
 * `v{variant}s{repeat}`, prefixed `c{cell}` in a sweep. The seeds are the same in every cell,
 * so along a sweep only the swept value differs.
 */
export function planRuns(e: Experiment): RunSpec[] {
  const sweeping = isSweep(e);
  return planCells(e).flatMap((cell) =>
    planVariants(e).flatMap((v, variant) =>
      Array.from({ length: e.seeds }, (_, repeat) => ({
        ...v,
        id: `${sweeping ? `c${cell.index}` : ''}v${variant}s${repeat}`,
        cell: cell.index,
        variant,
        repeat,
        initSeed: e.seed + repeat,
        dataSeed: e.seed,
        experiment: sweeping ? cell.experiment : e,
      })),
    ),
  );
}

/** Human label of an init choice: its scheme and the parameters it sets. */
export function initLabel(init: InitChoice): string {
  const params: string[] = [];
  if (init.std !== undefined) params.push(`std=${init.std}`);
  if (init.limit !== undefined) params.push(`limit=${init.limit}`);
  if (init.value !== undefined) params.push(`value=${init.value}`);
  if (init.mode !== undefined) params.push(`mode=${init.mode}`);
  if (init.gain !== undefined) params.push(`gain=${init.gain}`);
  return params.length ? `${init.scheme} (${params.join(', ')})` : init.scheme;
}

/** Label of a variant: only the dimensions the experiment actually varies (or sets) are named. */
export function variantLabel(v: Variant, e: Experiment): string {
  const parts = [initLabel(v.init)];
  if (e.bn.length > 1 || v.bn !== 'none') parts.push(v.bn === 'none' ? 'no BN' : `BN ${v.bn}`);
  if (e.zero.length > 1 || v.zero !== 'none') parts.push(v.zero === 'none' ? 'no zero-init' : `zero ${v.zero}`);
  if (e.param.length > 1 || paramOf(v) !== 'sp') parts.push(paramOf(v) === 'sp' ? 'SP' : 'μP');
  return parts.join(' · ');
}
