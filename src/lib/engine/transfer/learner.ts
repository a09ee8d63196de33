/**
 * A minimal training loop for several networks on the same batches, in lockstep.
 *
 * Why not ../run-trainer.ts: RunTrainer builds its own model from a RunSpec and trains every
 * trainable variable, so it can neither start from copied weights nor freeze layers. It
 * would need two small generalisations (accept a prebuilt BuiltModel, and an optional list
 * of variables to train). Until then this loop keeps the same discipline: tf.tidy around
 * every step, losses left on the device and read in ONE transfer per block of steps for all
 * networks together, evaluations packed into one read, a fixed batch size.
 */
import * as tf from '@tensorflow/tfjs';
import { epochOrder } from '../../data/batches';
import type { OptimizerId } from '../../experiment/config';
import { LabOptimizer } from '../optimizer';
import type { TaskTensors } from './task-data';
import type { TransferNet } from './net';

/** Validation in chunks, as RunTrainer does, so activations for every image never coexist. */
const EVAL_CHUNK = 1000;

export class Learner {
  readonly net: TransferNet;
  #optimizer: LabOptimizer;
  #trained: tf.Variable[];
  #pending: tf.Scalar[] = [];
  #optimizerDisposed = false;
  stepsDone = 0;

  /** `trainBody: false` freezes the hidden layers: only the head's variables get updates. */
  constructor(net: TransferNet, opt: OptimizerId, lr: number, trainBody: boolean) {
    this.net = net;
    this.#optimizer = new LabOptimizer(opt, lr);
    this.#trained = trainBody ? [...net.bodyVariables, ...net.headVariables] : [...net.headVariables];
  }

  /** Flat [n, 784] rows in the model's input shape (28x28x1 images for a CNN). */
  input(x: tf.Tensor2D): tf.Tensor {
    const shape = this.net.model.inputs[0].shape;
    return shape.length === 4 ? x.reshape([-1, shape[1]!, shape[2]!, shape[3]!]) : x;
  }

  /** Queues one optimizer step; its loss stays on the device until the next read. */
  step(x: tf.Tensor2D, oneHot: tf.Tensor): void {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = this.net.model.apply(this.input(x), { training: true }) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
      }, this.#trained);
      this.#optimizer.applyGradients(grads);
      return value;
    });
    // Kept: step() runs inside the caller's per-step tidy, which would otherwise free it.
    this.#pending.push(tf.keep(loss));
    this.stepsDone++;
  }

  /** Hands over the queued losses (the caller reads and disposes them). */
  takePending(): tf.Scalar[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  /** [mean validation loss, accuracy], inference mode, not yet read. */
  evaluation(data: TaskTensors): tf.Tensor1D {
    return tf.tidy(() => {
      let lossSum: tf.Tensor = tf.scalar(0);
      let correct: tf.Tensor = tf.scalar(0);
      for (let start = 0; start < data.valCount; start += EVAL_CHUNK) {
        const size = Math.min(EVAL_CHUNK, data.valCount - start);
        const labels = data.valY.slice([start], [size]);
        const logits = this.net.model.apply(this.input(data.valX.slice([start, 0], [size, -1])), { training: false }) as tf.Tensor2D;
        lossSum = lossSum.add(tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits, undefined, undefined, tf.Reduction.SUM));
        correct = correct.add(tf.equal(tf.argMax(logits, 1), labels).sum());
      }
      return tf.stack([lossSum.div(data.valCount), correct.div(data.valCount)]) as tf.Tensor1D;
    });
  }

  /**
   * Mean L2 norm of the head's input (the last hidden features) over the validation images,
   * not yet read. A head drawn for unit-scale inputs sees this much larger or smaller ones.
   */
  featureNorm(data: TaskTensors): tf.Scalar {
    return tf.tidy(() => {
      let sum: tf.Tensor = tf.scalar(0);
      for (let start = 0; start < data.valCount; start += EVAL_CHUNK) {
        const size = Math.min(EVAL_CHUNK, data.valCount - start);
        const h = this.net.features.apply(this.input(data.valX.slice([start, 0], [size, -1])), { training: false }) as tf.Tensor;
        sum = sum.add(tf.norm(h.reshape([size, -1]), 'euclidean', 1).sum());
      }
      return sum.div(data.valCount) as tf.Scalar;
    });
  }

  /** Frees the optimizer (Adam's slots) but not the network, which may live on. Idempotent. */
  disposeOptimizer(): void {
    tf.dispose(this.#pending);
    this.#pending = [];
    if (this.#optimizerDisposed) return;
    this.#optimizerDisposed = true;
    this.#optimizer.dispose();
  }
}

export interface PhaseCallbacks {
  /** Losses of steps firstStep.. for learner i (NaN/Inf included: the caller decides). */
  onSteps: (learner: number, firstStep: number, loss: Float32Array) => void;
  onEval: (learner: number, step: number, valLoss: number, valAccuracy: number) => void;
}

export interface PhaseOptions {
  steps: number;
  batchSize: number;
  /** Seeds the batch order (../../data/batches epochOrder): the same batches for every learner. */
  dataSeed: number;
  /** Evaluate at step 0, every evalEvery steps and at the last step. */
  evalEvery: number;
  /** A block of steps is read after about this much wall time. */
  blockTargetMs: number;
  signal?: AbortSignal;
}

/**
 * Trains every learner on the same batches. Returns false when stopped through the signal.
 * Stops early (returning true) if `shouldStop` says so after a read, e.g. on a NaN loss.
 */
export async function trainLockstep(learners: Learner[], data: TaskTensors, opts: PhaseOptions, cb: PhaseCallbacks, shouldStop: () => boolean = () => false): Promise<boolean> {
  const perEpoch = Math.floor(data.trainCount / opts.batchSize);
  if (perEpoch < 1) throw new RangeError(`batch size ${opts.batchSize} is larger than the ${data.trainCount} training examples`);

  const evaluate = async () => {
    const packed = tf.tidy(() => tf.concat(learners.map((l) => l.evaluation(data))));
    const v = (await packed.data()) as Float32Array;
    packed.dispose();
    learners.forEach((l, i) => cb.onEval(i, l.stepsDone, v[2 * i], v[2 * i + 1]));
  };
  const flush = async () => {
    const pending = learners.map((l) => l.takePending());
    const count = pending[0].length;
    if (count === 0) return;
    const stacked = tf.stack(pending.flat());
    tf.dispose(pending.flat());
    const v = (await stacked.data()) as Float32Array;
    stacked.dispose();
    learners.forEach((l, i) => cb.onSteps(i, l.stepsDone - count + 1, v.slice(i * count, (i + 1) * count)));
  };

  await evaluate();
  let order: Int32Array | null = null;
  let blockSteps = 1;
  let inBlock = 0;
  let blockStart = performance.now();
  let completed = true;
  for (let step = 1; step <= opts.steps; step++) {
    if (opts.signal?.aborted) {
      completed = false;
      break;
    }
    const epoch = Math.floor((step - 1) / perEpoch);
    const offset = ((step - 1) % perEpoch) * opts.batchSize;
    if (offset === 0 || order === null) order = epochOrder(data.trainCount, opts.dataSeed, epoch);
    const batch = order.subarray(offset, offset + opts.batchSize);
    tf.tidy(() => {
      // One gather serves every learner: identical batches, one index upload per step.
      const idx = tf.tensor1d(batch, 'int32');
      const x = tf.gather(data.trainX, idx) as tf.Tensor2D;
      const y = tf.gather(data.trainOneHot, idx);
      for (const l of learners) l.step(x, y);
    });
    const evalNow = step % opts.evalEvery === 0 || step === opts.steps;
    if (++inBlock >= blockSteps || evalNow) {
      await flush();
      // Blocks grow until a read comes about every blockTargetMs, as in ../train-experiment.ts.
      const msPerStep = (performance.now() - blockStart) / inBlock;
      blockSteps = Math.max(1, Math.min(64, Math.round(opts.blockTargetMs / Math.max(msPerStep, 0.01))));
      inBlock = 0;
      if (shouldStop()) return true;
      if (evalNow) await evaluate();
      blockStart = performance.now();
    }
  }
  await flush();
  return completed;
}
