/**
 * Sweeps: an experiment trained over a grid of values of one or two of its fields, e.g.
 * `sweep=width:64,128,256&sweep=lr:0.001,0.01`. Every cell of the grid is the experiment
 * with those values put in; each cell runs every variant and seed. Only fields that leave
 * the lockstep schedule alone can be swept (the runs of all cells take the same batches,
 * step for step), so batch size, epochs, steps and seeds cannot. Pure: no TF.js, no DOM.
 */
import { isConv, isResidual, LIMITS, type Experiment } from './config';
import { layerCosts, trainingStepFlops } from '../engine/flops';
import { clip, formatNumber, parseNumberText } from './value-text';

/** The fields a sweep may vary: each changes the network or its update, never the schedule. */
export const SWEEP_KEYS = ['width', 'channels', 'depth', 'lr', 'gain', 'bias', 'slope'] as const;
export type SweepKey = (typeof SWEEP_KEYS)[number];

export interface Sweep {
  key: SweepKey;
  /** In the order given: the order of the chart's axis. */
  values: number[];
}

/** One point of the grid: the experiment with the swept values put in (and no sweep of its own). */
export interface Cell {
  index: number;
  /** The value of each sweep at this cell, in sweep order. */
  values: number[];
  /** Index of each value in its sweep (the cell's column, then row). */
  at: number[];
  /** e.g. "width=64 · lr=0.001" */
  label: string;
  experiment: Experiment;
}

/** The examples an epoch has in the embedded split: what the cost estimate assumes when epochs are given. */
export const EMBEDDED_TRAIN_COUNT = 8000;

export const sweepText = (s: Sweep) => `${s.key}:${s.values.map(formatNumber).join(',')}`;

export const cellLabel = (sweeps: readonly Sweep[], values: readonly number[]) =>
  sweeps.map((s, i) => `${s.key}=${formatNumber(values[i])}`).join(' · ');

/** `key:v1,v2,…` → a sweep, or why not (values are checked against the field's rule later, per cell). */
export function parseSweep(text: string): Sweep | string {
  const colon = text.indexOf(':');
  const key = colon < 0 ? text : text.slice(0, colon);
  if (!(SWEEP_KEYS as readonly string[]).includes(key)) return `${clip(key)} cannot be swept (sweepable: ${SWEEP_KEYS.join(', ')})`;
  const parts = colon < 0 ? [] : text.slice(colon + 1).split(',');
  const values: number[] = [];
  for (const part of parts) {
    const v = parseNumberText(part.trim());
    if (v === null || !Number.isFinite(v)) return `${key}: ${clip(part)} is not a number`;
    values.push(v);
  }
  return { key: key as SweepKey, values };
}

/** Why this field cannot be swept on this network, or null. */
function keyIssue(key: SweepKey, e: Experiment): string | null {
  const dense = !isConv(e.arch);
  if (key === 'width' && !dense) return `width plays no part in a ${e.arch} (sweep channels)`;
  if (key === 'channels' && dense) return `channels play no part in an ${e.arch} (sweep width)`;
  if (key === 'slope' && e.act !== 'leaky_relu') return `slope plays a part only with act=leaky_relu`;
  if (key === 'gain' && e.init.every((c) => c.gain !== undefined))
    return 'every init variant sets its own gain, so the sweep would change nothing';
  return null;
}

/** The cells of the grid, the first sweep varying fastest. One cell (the experiment) without sweeps. */
export function planCells(e: Experiment): Cell[] {
  const sweeps = e.sweep;
  const base: Experiment = { ...e, sweep: [] };
  if (sweeps.length === 0) return [{ index: 0, values: [], at: [], label: '', experiment: base }];
  const cells: Cell[] = [];
  const counts = sweeps.map((s) => s.values.length);
  const total = counts.reduce((a, b) => a * b, 1);
  for (let index = 0; index < total; index++) {
    const at: number[] = [];
    let rest = index;
    for (const n of counts) {
      at.push(rest % n);
      rest = Math.floor(rest / n);
    }
    const values = at.map((i, s) => sweeps[s].values[i]);
    const experiment: Experiment = { ...base };
    sweeps.forEach((s, i) => Object.assign(experiment, { [s.key]: values[i] }));
    cells.push({ index, values, at, label: cellLabel(sweeps, values), experiment });
  }
  return cells;
}

/**
 * Variants per cell: the product of the experiment's variant lists, as plan.ts planVariants
 * multiplies them (sweep.test.ts holds the two together; plan.ts builds on this file).
 */
export function variantsPerCell(e: Experiment): number {
  return e.init.length * e.bn.length * e.zero.length * e.param.length;
}

/** Training FLOPs of the whole grid (every cell, variant and seed), counted as flops.ts counts one step. */
export function gridFlops(e: Experiment, trainCount = EMBEDDED_TRAIN_COUNT): number {
  const runsPerCell = variantsPerCell(e) * e.seeds;
  const steps = e.steps ?? e.epochs * Math.floor(trainCount / e.bs);
  return planCells(e).reduce((sum, c) => sum + runsPerCell * steps * trainingStepFlops(layerCosts(c.experiment), e.bs), 0);
}

const TERA = 1e12;

/**
 * Why these sweeps are not a grid the lab trains, or null. `valueIssue(key, v, cell)` is the
 * field's own rule (validate.ts), judged in the cell (depth against its arch, …).
 */
export function sweepIssue(
  sweeps: unknown,
  e: Experiment,
  valueIssue: (key: SweepKey, v: number, cell: Experiment) => string | null,
): string | null {
  if (!Array.isArray(sweeps)) return 'is not a list of sweeps';
  if (sweeps.length > LIMITS.sweeps[1]) return `has ${sweeps.length} sweeps (at most ${LIMITS.sweeps[1]})`;
  const keys = new Set<string>();
  for (const s of sweeps as Sweep[]) {
    if (typeof s !== 'object' || s === null || !(SWEEP_KEYS as readonly string[]).includes(s.key) || !Array.isArray(s.values))
      return `is not a list of sweeps of ${SWEEP_KEYS.join(', ')}`;
    if (keys.has(s.key)) return `sweeps ${s.key} twice`;
    keys.add(s.key);
    const [lo, hi] = LIMITS.sweepValues;
    if (s.values.length < lo || s.values.length > hi) return `${s.key} has ${s.values.length} values (a sweep takes ${lo} to ${hi})`;
    if (new Set(s.values).size !== s.values.length) return `${s.key} repeats a value`;
    const why = keyIssue(s.key, e);
    if (why) return `${s.key}: ${why}`;
    for (const v of s.values) {
      const issue = typeof v === 'number' ? valueIssue(s.key, v, { ...e, [s.key]: v }) : 'is not a number';
      if (issue) return `${s.key}=${clip(String(v))} ${issue}`;
    }
  }
  if (sweeps.length === 0) return null;
  const grid = { ...e, sweep: sweeps as Sweep[] };
  const runs = planCells(grid).length * variantsPerCell(e) * e.seeds;
  if (runs > LIMITS.sweepRuns) return `makes ${runs} runs (cells × variants × seeds; at most ${LIMITS.sweepRuns})`;
  const flops = gridFlops(grid);
  if (flops > LIMITS.sweepTeraflops * TERA) {
    const shown = (flops / TERA).toPrecision(3);
    return `is ${shown} TFLOP of training (${runs} runs), more than the ${LIMITS.sweepTeraflops} TFLOP a grid may take (a few minutes on a software renderer); fewer values, seeds or steps fit`;
  }
  return null;
}

/** Does this experiment sweep? (Plain experiments are a grid of one cell.) */
export const isSweep = (e: Experiment) => e.sweep.length > 0;

/** Residual nets count depth in blocks: what a depth sweep's axis is labelled. */
export function sweepAxisTitle(s: Sweep, e: Experiment): string {
  if (s.key === 'depth') return isResidual(e.arch) ? 'residual blocks' : isConv(e.arch) ? 'conv layers' : 'hidden layers';
  return { width: 'width (units per layer)', channels: 'channels', lr: 'learning rate', gain: 'gain', bias: 'bias', slope: 'slope' }[s.key];
}
