/**
 * Every message between the page and the training worker. Plain, structured-cloneable
 * objects only (the engine's events already are), so the same types describe both ends.
 */
import type { Split } from '../data/dataset';
import type { BackendInfo } from '../engine/backend';
import type { MeasuredShape } from '../engine/backend-session';
import type { BackendPreference } from '../experiment/page-settings';
import type { MemorySnapshot } from '../engine/device';
import type { RunEvent } from '../engine/events';
import type { TrainSnapshot } from '../engine/snapshot';
import type { SignalProfile } from '../engine/signal/probe';
import type { TransferEvent, TransferOptions } from '../engine/transfer/events';
import type { Experiment } from '../experiment/config';
import type { RunSpec, Variant } from '../experiment/plan';
import type { PhaseTiming } from './phases';

export type ToWorker =
  /**
   * First message, once: the backend to start (one per worker; another choice is another
   * worker) and auto's decisions already measured in this page session.
   */
  | { type: 'init'; preference: BackendPreference; measured: MeasuredShape[] }
  /**
   * Train these runs on the split with this key. `split` is sent only when the worker does
   * not hold that key yet: the dataset crosses the thread boundary once, not per run.
   */
  | {
      type: 'train';
      runs: RunSpec[];
      dataKey: number;
      split?: Split;
      /** Post a 'snapshot' after every evaluation (engine/snapshot.ts): what a fresh worker resumes from if this one loses its context. */
      snapshots?: boolean;
      /** Continue these runs from a snapshot a lost worker posted, instead of starting them. */
      resumeFrom?: TrainSnapshot;
    }
  /** The transfer demo (engine/transfer) on the split with this key, sent as for 'train'. */
  | { type: 'transfer'; options: Partial<TransferOptions>; dataKey: number; split?: Split }
  /** Choose the backend for these runs now (auto on a software renderer), before their 'train' arrives. */
  | { type: 'prepare'; runs: RunSpec[] }
  /** Stops whichever job runs: a train or a transfer. */
  | { type: 'stop' }
  /** Signal propagation at init of these variants, on the probe batch of that dataset. */
  | { type: 'probe'; id: number; experiment: Experiment; variants: Variant[]; dataKey: number; split?: Split }
  | { type: 'memory'; id: number }
  /** Test hook: lose the worker's WebGL context as a GPU reset would. */
  | { type: 'lose-device' };

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo }
  /** A phase on the way to the first step (backend start, upload, warm-up…), for the page's timeline (phases.ts). */
  | { type: 'phase'; phase: PhaseTiming }
  /** Auto measured or switched backend before a train; `measured` is the decision to remember. */
  | { type: 'backend'; backend: BackendInfo; measured: MeasuredShape | null }
  /** The backend could not start at all; the worker is useless. */
  | { type: 'fatal'; message: string }
  | { type: 'event'; event: RunEvent }
  /** The running train's weights and optimizer state after an evaluation; its buffers are transferred, not copied. */
  | { type: 'snapshot'; snapshot: TrainSnapshot }
  /** The train request finished (`error` when it was refused or crashed outside any run). */
  | { type: 'trained'; error?: string }
  | { type: 'transfer-event'; event: TransferEvent }
  /** The transfer request finished (`error` when it was refused or crashed outside the demo). */
  | { type: 'transferred'; error?: string }
  | { type: 'memory'; id: number; memory: MemorySnapshot }
  | { type: 'probed'; id: number; profiles?: SignalProfile[]; error?: string }
  /** The WebGL context is gone: nothing read from now on can be trusted. */
  | { type: 'device-lost' };
