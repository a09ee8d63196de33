/**
 * The reference trainer: one run on model.ts's tf.layers model, with the lab's optimizer and
 * the same step, read and evaluation as the stacked trainer. The lab trains every run
 * through stack/stacked-trainer.ts; tests and the benchmark check that plain-function
 * engine against this one (same losses, gradient norms, weights and evaluations).
 */
import * as tf from '@tensorflow/tfjs';
import { paramOf, type RunSpec } from '../experiment/plan';
import type { EvalPoint, LayerInfo } from './events';
import type { GpuData } from './gpu-data';
import { activationStatsTensor } from './activation-stats';
import { bnStatsAt, evalPointOf } from './eval-point';
import { settle, type PendingRead } from './pending-read';
import { stepBlockOf, type BlockResult } from './step-block';
import { buildModel, kernelVariables, trainableVariables, type BuiltModel } from './model';
import { mupScales } from './mup';
import { LabOptimizer } from './optimizer';
import { squaredNorm } from './optim/squared-norm';
import { lossAndAccuracy } from './validation';

export class RunTrainer {
  readonly spec: RunSpec;
  readonly layers: LayerInfo[];
  readonly notes: string[];
  #built: BuiltModel;
  #optimizer: LabOptimizer;
  #vars: tf.Variable[];
  #kernels: tf.Variable[];
  /**
   * Per step, the scalars [loss, |grad_1|^2, ..., |grad_L|^2], still on the device. They are
   * packed into one tensor only at read time (one concat per block, not per step), and
   * square roots are taken on the CPU: every shader saved per step is throughput.
   */
  #pending: tf.Scalar[] = [];
  /** ||ΔW|| / ||W|| per kernel for the last step that was asked to track its update. */
  #updateRatios: tf.Tensor1D | null = null;
  /** Same layers as the model, outputs = hidden activations: statistics without retraining mode. */
  #probe: tf.LayersModel | null = null;
  #stepsDone = 0;
  #blockStartMs = performance.now();

  /** `fusedUpdates: false` forces op-by-op updates even on WebGL (the benchmark's comparison). */
  constructor(spec: RunSpec, fusedUpdates = true) {
    this.spec = spec;
    this.#built = buildModel(spec.experiment, spec, spec.initSeed);
    this.layers = this.#built.layers;
    this.notes = this.#built.notes;
    this.#vars = trainableVariables(this.#built);
    this.#kernels = kernelVariables(this.#built);
    // μP's per-layer rates (mup.ts), as the stacked trainer takes them: kernels by position, the rest vector-like.
    const scales = mupScales(spec.experiment, paramOf(spec), this.#kernels.length);
    const lrScale = new Map(this.#vars.map((v): [string, number] => [v.name, scales.vector]));
    this.#kernels.forEach((k, i) => lrScale.set(k.name, scales.kernels[i].lr));
    this.#optimizer = new LabOptimizer(spec.experiment.opt, spec.experiment.lr, fusedUpdates, lrScale);
  }

  /** The kernels, in layer order (read only: tests compare them with the stacked engine's). */
  get kernels(): readonly tf.Variable[] {
    return this.#kernels;
  }

  get stepsDone(): number {
    return this.#stepsDone;
  }

  /**
   * Queues one optimizer step on the device; nothing is read back here. With `trackUpdate`,
   * also keeps ||W_after - W_before|| / ||W_before|| per kernel for the next evaluation.
   */
  step(x: tf.Tensor, labelsOneHot: tf.Tensor, trackUpdate = false): void {
    const before = trackUpdate ? this.#kernels.map((k) => k.clone()) : null;
    const stats = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = this.#built.model.apply(x, { training: true }) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy(labelsOneHot, logits) as tf.Scalar;
      }, this.#vars);
      // Norms come from the gradients of this very step, before the optimizer consumes them.
      const squared = this.#kernels.map((v) => squaredNorm(grads[v.name]));
      this.#optimizer.applyGradients(grads);
      return [value, ...squared];
    });
    for (const t of stats) this.#pending.push(tf.keep(t));
    if (before) {
      this.#updateRatios?.dispose();
      // kept: step() runs inside the scheduler's tidy, which would otherwise free it.
      this.#updateRatios = tf.keep(
        tf.tidy(() => tf.stack(this.#kernels.map((k, i) => tf.norm(tf.sub(k, before[i])).div(tf.norm(before[i])))) as tf.Tensor1D),
      );
      tf.dispose(before);
    }
    this.#stepsDone++;
  }

  /**
   * Starts the ONE transfer of every queued step's numbers and returns without waiting for
   * it: the caller queues the next block of steps meanwhile, so the device never idles
   * while a read crosses back (see train-experiment.ts). Null when nothing is queued.
   */
  startRead(): PendingRead | null {
    if (this.#pending.length === 0) return null;
    const count = this.#pending.length / (this.layers.length + 1);
    const stacked = tf.stack(this.#pending);
    tf.dispose(this.#pending);
    this.#pending = [];
    return { stacked, values: stacked.data() as Promise<Float32Array>, firstStep: this.#stepsDone - count + 1, count };
  }

  /** Waits for a read started by startRead and turns it into a block of steps. */
  async finishRead(read: PendingRead, batchSize: number): Promise<BlockResult> {
    const values = await settle(read);
    // The clock runs from one read's arrival to the next: over a run the blocks' times add
    // up to the wall time of its training, wherever the reads overlap the steps.
    const elapsedMs = performance.now() - this.#blockStartMs;
    this.#blockStartMs += elapsedMs;
    return stepBlockOf(this.spec.id, values, read.count, read.firstStep, batchSize, elapsedMs);
  }

  /** Restarts the throughput clock (after warm-up or evaluation, which are not training). */
  resetClock(): void {
    this.#blockStartMs = performance.now();
  }

  #probeModel(): tf.LayersModel {
    const { graph } = this.#built;
    this.#probe ??= tf.model({ inputs: graph.input, outputs: graph.hidden.map((h) => h.tensor) });
    return this.#probe;
  }

  /**
   * Validation loss/accuracy, kernel norms, the last tracked update ratios and activation
   * statistics on the probe batch, all in one read. Validation runs in inference mode. So do
   * the activation statistics, except at init, where a BN net's moving statistics are still
   * (0, 1) and would show the net as if BN were off: there they use the probe batch's own
   * statistics, as the first training step does (see EvalPoint.bnStats).
   */
  async evaluate(data: GpuData): Promise<EvalPoint> {
    const { hidden, norms } = this.#built.graph;
    const bnStats = bnStatsAt(norms.length > 0, this.#stepsDone);
    // Training mode updates the moving statistics as a side effect: keep them as they were.
    const moving = bnStats === 'batch' ? norms.flatMap((n) => n.nonTrainableWeights).map((w) => ({ w, saved: w.read().clone() })) : [];
    let packed: tf.Tensor;
    try {
      packed = this.#evaluationTensor(data, bnStats === 'batch');
    } finally {
      for (const { w, saved } of moving) {
        w.write(saved);
        saved.dispose();
      }
    }
    this.#updateRatios?.dispose();
    this.#updateRatios = null;
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    this.resetClock();
    return evalPointOf(
      this.spec.id,
      this.#stepsDone,
      values,
      this.#kernels.length,
      hidden.map((h) => h.label),
      bnStats,
    );
  }

  /** Every evaluation number, packed on the device for one read; the probe in training mode when asked. */
  #evaluationTensor(data: GpuData, batchStats: boolean): tf.Tensor {
    const act = this.spec.experiment.act;
    return tf.tidy(() => {
      const validation = lossAndAccuracy(data, (x) => this.#built.model.apply(this.#reshapeInput(x), { training: false }) as tf.Tensor);
      const norms = tf.stack(this.#kernels.map((v) => tf.norm(v)));
      const spread = tf.stack(
        this.#kernels.map((v) => {
          const units = v.reshape([-1, v.shape[v.shape.length - 1]!]);
          return tf.max(tf.abs(tf.sub(units, units.slice([0, 0], [-1, 1]))));
        }),
      );
      const ratios = this.#updateRatios ?? tf.fill([this.#kernels.length], Number.NaN);
      const outputs = this.#probeModel().apply(this.#reshapeInput(data.probeX), { training: batchStats }) as tf.Tensor | tf.Tensor[];
      const stats = (Array.isArray(outputs) ? outputs : [outputs]).map((h) => activationStatsTensor(h, act));
      return tf.concat([validation, norms, ratios, spread, ...stats]);
    });
  }

  #reshapeInput(x: tf.Tensor2D): tf.Tensor {
    const shape = this.#built.model.inputs[0].shape;
    return shape.length === 4 ? x.reshape([-1, shape[1]!, shape[2]!, shape[3]!]) : x;
  }

  /** Gathers a batch into the model's input shape (flat for MLPs, 28x28x1 for CNNs). */
  inputFor(x: tf.Tensor2D): tf.Tensor {
    return this.#reshapeInput(x);
  }

  dispose(): void {
    this.#updateRatios?.dispose();
    this.#updateRatios = null;
    tf.dispose(this.#pending);
    this.#pending = [];
    this.#optimizer.dispose();
    this.#built.model.dispose();
  }
}
