/**
 * The one training loop of the lab: every network of a job takes the same batches, step by
 * step in lockstep, so their curves grow together and only what differs between them (the
 * init, the starting weights) shows. The main runs (train-experiment.ts) and the transfer
 * demo (transfer/run-transfer-demo.ts) both train through it; what a step, a read and an
 * evaluation are is theirs.
 *
 * Numbers are read once per block of steps. The block length adapts so that a block takes
 * about `blockTargetMs`: charts stay live at any training speed, and slow devices are not
 * throttled by reads.
 */
import * as tf from '@tensorflow/tfjs';
import { batchesPerEpoch, epochOrder } from '../data/batches';
import { evaluatesAt } from './eval-cadence';
import { yieldToEventLoop } from './yield';

/** The training examples on the device; each step gathers its batch from them by index. */
export interface LockstepData {
  trainX: tf.Tensor2D;
  trainOneHot: tf.Tensor2D;
  trainCount: number;
}

export interface LockstepSchedule {
  totalSteps: number;
  /** The first step to take (default 1): a job resumed after step k starts at k + 1, on the batch it would have seen. */
  firstStep?: number;
  batchSize: number;
  /** Seeds the batch order (data/batches.ts epochOrder): the same batches for every network. */
  dataSeed: number;
  /** Evaluate every this many steps and at the last (eval-cadence.ts evaluatesAt). */
  evalEvery: number;
  /** A block of steps is read after about this much wall time (ms). */
  blockTargetMs: number;
  signal?: AbortSignal;
  /** Give the event loop a turn after every step (training on the page's own thread). */
  yieldEveryStep?: boolean;
}

export interface LockstepBody {
  /** Queues one step of every network still training, on this batch (inside a tidy). */
  step(x: tf.Tensor2D, oneHot: tf.Tensor, evalNow: boolean): void;
  /** A block ended: read what it queued. `all`: every step so far (before an evaluation, and at the end). */
  endBlock(all: boolean): Promise<void>;
  evaluate(): Promise<void>;
  /** True once nothing is left to train (every run ended, or the body gave up). */
  finished(): boolean;
}

/** 'completed': every step ran; 'stopped': the signal aborted; 'finished': the body said so. */
export type LockstepEnd = 'completed' | 'stopped' | 'finished';

/** Steps firstStep..totalSteps of every network; evaluates only at the schedule's steps (not before the first: that is the caller's). */
export async function runLockstep(data: LockstepData, s: LockstepSchedule, body: LockstepBody): Promise<LockstepEnd> {
  const perEpoch = batchesPerEpoch(data.trainCount, s.batchSize);
  if (perEpoch < 1) throw new RangeError(`batch size ${s.batchSize} is larger than the ${data.trainCount} training examples`);
  let order: Int32Array | null = null;
  let blockSteps = 1;
  let inBlock = 0;
  let blockStart = performance.now();
  let end: LockstepEnd = 'completed';
  for (let step = s.firstStep ?? 1; step <= s.totalSteps; step++) {
    if (s.signal?.aborted) {
      end = 'stopped';
      break;
    }
    const epoch = Math.floor((step - 1) / perEpoch);
    const offset = ((step - 1) % perEpoch) * s.batchSize;
    if (offset === 0 || order === null) order = epochOrder(data.trainCount, s.dataSeed, epoch);
    const batch = order.subarray(offset, offset + s.batchSize);
    const evalNow = evaluatesAt(step, s.totalSteps, s.evalEvery);
    tf.tidy(() => {
      // One gather serves every network: identical batches, one index upload per step.
      const idx = tf.tensor1d(batch, 'int32');
      body.step(tf.gather(data.trainX, idx) as tf.Tensor2D, tf.gather(data.trainOneHot, idx), evalNow);
    });
    inBlock++;
    if (s.yieldEveryStep) await yieldToEventLoop();
    if (inBlock >= blockSteps || evalNow) {
      await body.endBlock(evalNow);
      // A turn for the thread's messages (Stop among them) once a block. WebGL's reads settle
      // in tasks of their own, but wasm's and the CPU's settle as microtasks: without this
      // a worker training on them would not see a Stop until the last step.
      if (!s.yieldEveryStep) await yieldToEventLoop();
      const msPerStep = (performance.now() - blockStart) / inBlock;
      blockSteps = Math.max(1, Math.min(64, Math.round(s.blockTargetMs / Math.max(msPerStep, 0.01))));
      inBlock = 0;
      if (body.finished()) return 'finished';
      if (evalNow) await body.evaluate();
      blockStart = performance.now();
    }
  }
  await body.endBlock(true);
  return end;
}
