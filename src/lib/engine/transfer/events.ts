/**
 * What the transfer demo reports, and what it can be asked to do. Plain data only
 * (structured-cloneable), like ../events.ts: the same objects could cross a worker boundary.
 */
import type { OptimizerId } from '../../experiment/config';

/** `pretrain`: the 0–4 network; `transfer` and `scratch`: the two 5–9 students. */
export type TransferRole = 'pretrain' | 'transfer' | 'scratch';
export const STUDENT_ROLES = ['transfer', 'scratch'] as const;
export type StudentRole = (typeof STUDENT_ROLES)[number];

export interface TransferOptions {
  /** Steps on digits 0–4 before the transfer. */
  pretrainSteps: number;
  /** Steps on digits 5–9, for each student (on the same batches). */
  finetuneSteps: number;
  batchSize: number;
  lr: number;
  opt: OptimizerId;
  /** Labelled 5–9 training images the students get (null: all of them). */
  fewShot: number | null;
  seed: number;
  /**
   * Freeze both students' hidden layers and train only their heads: a linear probe on the
   * copied 0–4 features against one on the random features scratch starts from.
   */
  freeze: boolean;
  /** The lab's MLP or CNN; hidden layers, their width (mlp) or channels (cnn). */
  arch: 'mlp' | 'cnn';
  depth: number;
  width: number;
  channels: number;
  /** Validation every this many fine-tuning steps (pretraining: every 5x as many). */
  evalEvery: number;
  /** A block of steps is read back after about this much wall time (ms). */
  blockTargetMs: number;
}

/**
 * The lab's default MLP (784-256-256, He normal, ReLU) and optimizer (Adam 1e-3, batch 64);
 * 300 steps on 0–4 (~97% on 0–4 validation), then a few-shot budget for 5–9 (500 labelled
 * images, 150 steps), the regime where a useful initialization should show most. What it
 * measures on MNIST is in the test and the card: no head start from 0–4.
 */
export const DEFAULT_TRANSFER_OPTIONS: TransferOptions = {
  pretrainSteps: 300,
  finetuneSteps: 150,
  batchSize: 64,
  lr: 1e-3,
  opt: 'adam',
  fewShot: 500,
  seed: 1,
  freeze: false,
  arch: 'mlp',
  depth: 2,
  width: 256,
  channels: 16,
  evalEvery: 10,
  blockTargetMs: 120,
};

export interface TransferStarted {
  type: 'start';
  options: TransferOptions;
  /** Images per part, after filtering by digit (target train: after the few-shot cut). */
  counts: { sourceTrain: number; sourceVal: number; targetTrain: number; targetVal: number };
}

export interface TransferSteps {
  type: 'steps';
  role: TransferRole;
  /** 1-based step of the first loss (steps count within the role's own phase). */
  firstStep: number;
  loss: Float32Array;
}

export interface TransferEval {
  type: 'eval';
  role: TransferRole;
  /** Steps done in the role's phase (0 = before its first step). */
  step: number;
  /** On 0–4 validation images for `pretrain`, on 5–9 validation images for the students. */
  valLoss: number;
  valAccuracy: number;
}

export interface StudentResult {
  /** On the 5–9 validation images, before the first step and after the last. */
  accuracyAtStart: number;
  lossAtStart: number;
  /** Accuracy at the first evaluation after step 0 (step TransferSummary.earlyStep). */
  earlyAccuracy: number;
  accuracy: number;
  loss: number;
  /**
   * Mean L2 norm of the features the fresh head receives, on 5–9 validation images, before
   * fine-tuning: pretraining grows the hidden weights, so the copied features are larger
   * than the random ones the head's init scale was chosen for.
   */
  featureNorm: number;
}

export interface TransferSummary {
  pretrainSteps: number;
  finetuneSteps: number;
  /** 5–9 training images the students saw. */
  targetTrain: number;
  targetVal: number;
  frozen: boolean;
  seed: number;
  /** e.g. "MLP 784-256-256-5". */
  network: string;
  /** The 0–4 network's accuracy on 0–4 validation images when pretraining ended. */
  pretrainAccuracy: number;
  earlyStep: number;
  transfer: StudentResult;
  scratch: StudentResult;
}

export interface TransferEnded {
  type: 'end';
  status: 'done' | 'stopped' | 'failed';
  message?: string;
  /** Present when the fine-tuning finished. */
  summary: TransferSummary | null;
}

export type TransferEvent = TransferStarted | TransferSteps | TransferEval | TransferEnded;
