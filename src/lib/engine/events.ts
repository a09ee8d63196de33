/**
 * What a run reports. These plain objects are the whole interface between the engine
 * and whoever shows the numbers (the page, which gets them through the training worker's
 * postMessage, or directly where the engine runs on the main thread: worker/), so they
 * hold only numbers, strings and typed arrays: structured-cloneable, no tensors.
 */

import type { Activation } from '../experiment/config';
import type { ActivationStats } from './activation-stats';
import type { LsuvLayer } from './init/lsuv';

export type { ActivationStats };

export interface LayerInfo {
  /** Name of the weight tensor, e.g. "dense_1/kernel". */
  name: string;
  /** Short label for charts, e.g. "L1", "out". */
  label: string;
  shape: number[];
  fanIn: number;
  fanOut: number;
  /** The std the init scheme drew this kernel from (0 for zeros/constant). */
  initStd: number;
  /** Mean the init scheme drew from (the constant for `constant`, else 0). */
  initMean: number;
  gain: number | null;
  /** init=lsuv only: the scale LSUV gave this kernel and how many divisions it took (init/lsuv.ts). */
  lsuv?: LsuvLayer;
}

export type RunStatus = 'pending' | 'running' | 'done' | 'stopped' | 'diverged' | 'failed';

export interface RunStarted {
  type: 'start';
  runId: string;
  layers: LayerInfo[];
  totalSteps: number;
  stepsPerEpoch: number;
  batchSize: number;
  /** The hidden layers' activation: it decides whether a unit that never fires is dead or only inactive. */
  activation: Activation;
  /** Facts about this variant worth telling (e.g. a zero-init mode that cannot have an effect). */
  notes: string[];
  /**
   * Set when a job resumes this run from a snapshot (after a lost GPU context): the step it
   * continues from. What was reported after that step is reported again.
   */
  resumedAt?: number;
}

/** A block of consecutive steps, read from the GPU in one transfer. */
export interface StepBlock {
  type: 'steps';
  runId: string;
  /** Step number (1-based) of the first step in the block. */
  firstStep: number;
  /** Training loss of each step. */
  loss: Float32Array;
  /** Gradient L2 norm per step and kernel, row-major [steps][layers]. */
  gradNorms: Float32Array;
  /** Training throughput over this block (examples per second, wall clock). */
  examplesPerSec: number;
  elapsedMs: number;
}

export interface EvalPoint {
  type: 'eval';
  runId: string;
  /** Steps completed when evaluated (0 = at init). */
  step: number;
  valLoss: number;
  valAccuracy: number;
  /** L2 norm of each kernel. */
  weightNorms: number[];
  /**
   * ||W_after - W_before|| / ||W_before|| of each kernel over the step that ended here
   * (NaN at step 0, and where the kernel was all zeros before).
   */
  updateRatios: number[];
  /**
   * Per kernel, the largest |w - w'| between any unit's incoming weights and the first unit's:
   * exactly 0 when every unit of the layer is the same function (symmetry never broken).
   */
  unitSpread: number[];
  /** Statistics of every hidden activation on the fixed probe batch. */
  activations: ActivationStats[];
  /**
   * Which batch-norm statistics `activations` were measured with. 'batch': the probe batch's
   * own, as a training step computes (the picture at init, step 0: the moving statistics
   * are still mean 0, variance 1 then, so inference mode would show the net without BN).
   * 'moving': the moving statistics inference uses (every later evaluation). null: no BN.
   */
  bnStats: BnStats;
}

export type BnStats = 'batch' | 'moving' | null;

export interface RunEnded {
  type: 'end';
  runId: string;
  status: Exclude<RunStatus, 'pending' | 'running'>;
  /** Steps completed (the diverged step is not counted as completed). */
  steps: number;
  /** Step at which a loss or gradient first became NaN or Inf. */
  divergedAt?: number;
  message?: string;
}

export type RunEvent = RunStarted | StepBlock | EvalPoint | RunEnded;
