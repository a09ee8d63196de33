/**
 * One network of the transfer demo and its optimizer, trained by the lab's one lockstep loop
 * (../lockstep.ts) beside the others of its phase.
 *
 * Why not the stacked trainer (../stack/): it draws its own variables from a RunSpec and
 * trains every one of them, so it can neither start from copied weights nor freeze layers. This
 * class keeps the same discipline: tf.tidy around every step, losses left on the device
 * and read in ONE transfer per block of steps for all networks together, evaluations
 * packed into one read.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerId } from '../../experiment/config';
import { runLockstep, type LockstepSchedule } from '../lockstep';
import { LabOptimizer } from '../optimizer';
import { lossAndAccuracy, meanOverValidation } from '../validation';
import type { TaskTensors } from './task-data';
import type { TransferNet } from './net';

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
    return lossAndAccuracy(data, (x) => this.net.model.apply(this.input(x), { training: false }) as tf.Tensor) as tf.Tensor1D;
  }

  /**
   * Mean L2 norm of the head's input (the last hidden features) over the validation images,
   * not yet read. A head drawn for unit-scale inputs sees this much larger or smaller ones.
   */
  featureNorm(data: TaskTensors): tf.Scalar {
    return meanOverValidation(data, (x) => {
      const h = this.net.features.apply(this.input(x), { training: false }) as tf.Tensor;
      return tf.sum(tf.norm(h.reshape([x.shape[0], -1]), 'euclidean', 1));
    }) as tf.Scalar;
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

/**
 * Trains every learner on the same batches. Returns false when stopped through the signal.
 * Stops early (returning true) if `shouldStop` says so after a read, e.g. on a NaN loss.
 */
export async function trainLockstep(
  learners: Learner[],
  data: TaskTensors,
  schedule: LockstepSchedule,
  cb: PhaseCallbacks,
  shouldStop: () => boolean = () => false,
): Promise<boolean> {
  const evaluate = async () => {
    const packed = tf.tidy(() => tf.concat(learners.map((l) => l.evaluation(data))));
    const v = (await packed.data()) as Float32Array;
    packed.dispose();
    learners.forEach((l, i) => cb.onEval(i, l.stepsDone, v[2 * i], v[2 * i + 1]));
  };
  // Every learner's losses of the block in one read.
  const endBlock = async () => {
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
  const end = await runLockstep(data, schedule, {
    step: (x, y) => learners.forEach((l) => l.step(x, y)),
    endBlock,
    evaluate,
    finished: shouldStop,
  });
  return end !== 'stopped';
}
