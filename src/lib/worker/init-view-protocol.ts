/** Messages between the page and an init-view worker (init-view-worker.ts). */
import type { ChaosReport } from '../engine/signal/chaos-report';
import type { CoordCheck } from '../engine/signal/coord-report';
import type { VariantSpectrum } from '../engine/signal/spectrum';
import type { Experiment } from '../experiment/config';
import type { InitBatch } from '../engine/init/lsuv-batch';

/** What each view computes from an experiment and a few standardised digits. */
export interface InitViewResults {
  spectrum: VariantSpectrum[];
  chaos: ChaosReport;
  /** SP against μP across widths, a few steps in (engine/signal/coord-check.ts). */
  coord: CoordCheck;
}

export type InitViewKind = keyof InitViewResults;

export interface InitViewRequest {
  id: number;
  kind: InitViewKind;
  experiment: Experiment;
  /** Standardised digits, 784 values each. */
  inputs: Float32Array[];
  /** Their classes (the coordinate check trains on them). */
  labels: number[];
  /** The LSUV batch (training digits), sent only when a variant is init=lsuv. */
  initBatch?: InitBatch;
}

export type InitViewReply<K extends InitViewKind = InitViewKind> =
  { id: number; result: InitViewResults[K] } | { id: number; error: string };
