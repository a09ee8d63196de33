/**
 * What the page needs from whatever trains: a worker (the normal case) or the page's own
 * thread (where a worker cannot have WebGL). Both speak in the engine's events.
 */
import type { Split } from '../data/dataset';
import type { BackendInfo } from '../engine/backend';
import type { MemorySnapshot } from '../engine/device';
import type { RunEvent } from '../engine/events';
import type { TrainSnapshot } from '../engine/snapshot';
import type { SignalProfile } from '../engine/signal/probe';
import type { TransferEvent, TransferOptions } from '../engine/transfer/events';
import type { Experiment } from '../experiment/config';
import type { RunSpec, Variant } from '../experiment/plan';

export interface TrainerInfo extends BackendInfo {
  thread: 'worker' | 'main';
  /** Why training is not in a worker (null when it is). */
  threadReason: string | null;
}

/** What lets a training outlive its GPU context (engine/snapshot.ts). */
export interface ResumeOptions {
  /** Receives the job's snapshot after every evaluation (only asked for where a fresh context can resume it). */
  onSnapshot?: (snapshot: TrainSnapshot) => void;
  /** Continue the runs from this snapshot instead of starting them. */
  resumeFrom?: TrainSnapshot;
}

/** How a train or transfer call ended; errors outside any run reject instead. */
export type TrainOutcome = 'finished' | 'device-lost';

export interface Trainer {
  readonly info: TrainerInfo;
  /** Calls `listener` whenever `info` changes later (a worker under auto measures, then may switch). */
  watchInfo?(listener: (info: TrainerInfo) => void): void;
  /** False once its GPU context is lost or the worker died: the page makes a new one. */
  readonly usable: boolean;
  train(
    runs: RunSpec[],
    split: Split,
    onEvent: (event: RunEvent) => void,
    signal: AbortSignal,
    resume?: ResumeOptions,
  ): Promise<TrainOutcome>;
  /**
   * The transfer demo (engine/transfer/run-transfer-demo.ts) where training runs. Its own
   * failures arrive as an 'end' event with status 'failed'; one job at a time, train or transfer.
   */
  transfer(
    split: Split,
    options: Partial<TransferOptions>,
    onEvent: (event: TransferEvent) => void,
    signal: AbortSignal,
  ): Promise<TrainOutcome>;
  /**
   * Get ready to train these runs before their data is here (auto's choice of backend on a
   * software renderer, seconds of measuring): an autorun link's first step comes that much
   * sooner. Optional: a trainer with nothing to prepare need not have it.
   */
  prepare?(runs: RunSpec[]): void;
  /** Signal propagation at init (engine/signal/probe.ts) on the split's probe batch. */
  probe(experiment: Experiment, variants: Variant[], split: Split): Promise<SignalProfile[]>;
  memory(): Promise<MemorySnapshot>;
  /** Test hook: lose the training context as a GPU reset would. */
  loseDevice(): void;
  dispose(): void;
}
