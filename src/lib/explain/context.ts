/**
 * What the explanations look at: the config on screen and what its runs have measured.
 * Plain data, so the trigger logic stays a pure function that tests can feed by hand.
 */
import type { RunStatus } from '../engine/events';
import type { TransferSummary } from '../engine/transfer/events';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';

export interface ExplainContext {
  /** The config on screen. */
  experiment: Experiment;
  /** What finished or live runs measured (may be empty). */
  runs: RunObservation[];
  /** The last transfer demo that finished (0–4 -> 5–9), absent until one has. */
  transferDemo?: TransferSummary;
  /** The Jacobian spectrum of the config on screen, once the spectrum view has computed it. */
  spectrum?: SpectrumObservation[];
  /** Where each variant sits between order and chaos, once the edge-of-chaos view has computed it. */
  chaos?: ChaosObservation[];
}

/** One variant's place in the order/chaos plane (engine/signal/chaos.ts), with the net's depth. */
export interface ChaosObservation {
  label: string;
  variant: number;
  sw2: number;
  sb2: number;
  phase: 'ordered' | 'chaotic' | 'unbounded';
  chi1: number;
  cStar: number;
  depthScale: number;
  depth: number;
}

/** One variant's hidden-to-hidden Jacobian singular values at init (engine/signal/spectrum.ts). */
export interface SpectrumObservation {
  label: string;
  variant: number;
  meanSquare: number;
  theoryMeanSquare: number | null;
  smallest: number;
  largest: number;
  count: number;
  /** Var(σ²)/E[σ²]², measured and by free probability (null where it does not apply; absent in older contexts). */
  relativeVariance?: number;
  theoryRelativeVariance?: number | null;
}

export interface RunObservation {
  label: string;
  /** Index into planVariants(experiment): the run's colour in every chart. */
  variant: number;
  status: RunStatus;
  divergedAt?: number;
  finalValAccuracy?: number;
  /** Labels of the hidden layers that inactiveFraction and activationStdAtInit list, in that order (L1, L2, … if absent). */
  hiddenLabels?: string[];
  /**
   * Per hidden layer, latest (0..1): the share of units <= 0 for every probe example, where
   * the activation has such a state (dead for ReLU, inactive otherwise: unit-activity.ts).
   */
  inactiveFraction?: number[];
  /** Per hidden layer, measured std of activations at init (the step-0 evaluation); may be absent. */
  activationStdAtInit?: number[];
  /** Which BN statistics activationStdAtInit was measured with (batch statistics for BN nets). */
  bnStatsAtInit?: 'batch' | 'moving' | null;
  /** Zero-init symmetry measured: whether a hidden kernel's units are equal to float precision. */
  identicalRows?: { layer: string; identical: boolean }[];
  presetClaim?: { presetId: string; holds: boolean; detail: string };
  /** init=lsuv only: the scale LSUV gave each kernel (model order, head last) and its divisions. */
  lsuv?: { layer: string; scale: number; iterations: number }[];
}

/** The context before anything has run: only the config speaks. */
export function contextOf(experiment: Experiment = DEFAULT_EXPERIMENT): ExplainContext {
  return { experiment, runs: [] };
}
