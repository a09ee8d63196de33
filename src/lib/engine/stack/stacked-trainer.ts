/**
 * R runs of one network shape, trained as one stacked model: one forward, one backward
 * and one optimizer pass per variable serve them all. Each run keeps its own init, its own
 * loss (never reduced across runs: the gradient of the SUM of per-run losses is each run's
 * own gradient, since a run's variables touch only its own loss) and its own fate: a run
 * switched off (diverged) keeps its slice as it is from then on, by selection, so its NaNs
 * stay where they are.
 *
 * The scheduler (train-experiment.ts) decides when to step, read and evaluate; this class
 * only knows how, with the same interface for one run (run-trainer.ts) or many.
 */
import * as tf from '@tensorflow/tfjs';
import { paramOf, type RunSpec } from '../../experiment/plan';
import type { EvalPoint, LayerInfo } from '../events';
import { bnStatsAt, evalPointOf } from '../eval-point';
import type { GpuData } from '../gpu-data';
import { LabOptimizer } from '../optimizer';
import { stackedSquaredNorms } from '../optim/squared-norm';
import type { RunGroup } from '../run-group';
import { settle, type PendingRead } from '../pending-read';
import { stepBlockOf, type BlockResult } from '../step-block';
import { updateMoving } from './batch-norm';
import { stackedEvaluation, stackedUpdateRatios } from './evaluate';
import { stackedForward } from './forward';
import type { InitBatch } from '../init/lsuv-batch';
import { buildStackedParams, disposeParams, lrScales, namedVariables, trainableVariables, type StackedParams } from './params';
import { groupKey, readVariables, withSlots, writeVariables, type GroupSnapshot, type NamedVariable } from '../snapshot';

export class StackedTrainer implements RunGroup {
  readonly specs: RunSpec[];
  readonly key: string;
  readonly params: StackedParams;
  #optimizer: LabOptimizer;
  #vars: tf.Variable[];
  #active: boolean[];
  /** [R] bool, only once some run is switched off (no selection pass before). */
  #keep: tf.Tensor | null = null;
  /** Per step [R, 1 + kernels]: each run's loss and squared gradient norm per kernel. */
  #pending: tf.Tensor[] = [];
  #updateRatios: tf.Tensor | null = null;
  #stepsDone = 0;
  #blockStartMs = performance.now();

  /**
   * `fusedUpdates: false` forces op-by-op updates even on WebGL (the benchmark's comparison).
   * `initBatch`: the LSUV batch (GpuData.lsuv), needed by init=lsuv runs.
   */
  constructor(specs: RunSpec[], fusedUpdates = true, initBatch?: InitBatch | null) {
    this.specs = specs;
    this.key = groupKey(specs);
    this.params = buildStackedParams(specs, initBatch);
    const e = specs[0].experiment;
    this.#optimizer = new LabOptimizer(e.opt, e.lr, fusedUpdates, lrScales(this.params, paramOf(specs[0])));
    this.#vars = trainableVariables(this.params);
    this.#active = specs.map(() => true);
  }

  get runs(): number {
    return this.specs.length;
  }

  layersOf(run: number): LayerInfo[] {
    return this.params.layers[run];
  }

  notesOf(run: number): string[] {
    return this.params.notes[run];
  }

  get stepsDone(): number {
    return this.#stepsDone;
  }

  isActive(run: number): boolean {
    return this.#active[run];
  }

  /** Freezes a run's slice from the next step on: its weights, slots and BN statistics stay as they are. */
  deactivate(run: number): void {
    if (!this.#active[run]) return;
    this.#active[run] = false;
    this.#keep?.dispose();
    this.#keep = tf.tensor1d(this.#active, 'bool');
  }

  /** `x` [bs, features] and `labelsOneHot` [bs, classes], the same batch for every run. */
  step(x: tf.Tensor, labelsOneHot: tf.Tensor, trackUpdate = false): void {
    const p = this.params;
    const before = trackUpdate ? p.kernels.map((k) => k.clone()) : null;
    const row = tf.tidy(() => {
      const labels = tf.broadcastTo(labelsOneHot, [this.runs, ...labelsOneHot.shape]);
      const kept: { losses?: tf.Tensor } = {};
      const { grads } = tf.variableGrads(() => {
        const f = stackedForward(p, x, 'batch', { hidden: false });
        // As tf.layers' BatchNormalization does, inside the training forward pass.
        p.norms.forEach((n, i) => updateMoving(n, f.batch[i], this.#keep));
        const perExample = tf.losses.softmaxCrossEntropy(labels, f.logits, undefined, undefined, tf.Reduction.NONE);
        kept.losses = tf.keep(tf.mean(perExample, 1));
        return tf.sum(kept.losses) as tf.Scalar;
      }, this.#vars);
      // Norms come from the gradients of this very step, before the optimizer consumes them.
      const squared = p.kernels.map((k) => stackedSquaredNorms(grads[k.name]));
      this.#optimizer.applyGradients(grads, this.#keep);
      const out = tf.stack([kept.losses!, ...squared], 1);
      kept.losses!.dispose();
      return out;
    });
    this.#pending.push(tf.keep(row));
    if (before) {
      this.#updateRatios?.dispose();
      this.#updateRatios = tf.keep(stackedUpdateRatios(p.kernels, before));
      tf.dispose(before);
    }
    this.#stepsDone++;
  }

  /** Starts the ONE transfer of every queued step of every run ([count, R, 1 + kernels]); null when nothing is queued. */
  startRead(): PendingRead | null {
    if (this.#pending.length === 0) return null;
    const count = this.#pending.length;
    const stacked = tf.stack(this.#pending);
    tf.dispose(this.#pending);
    this.#pending = [];
    return { stacked, values: stacked.data() as Promise<Float32Array>, firstStep: this.#stepsDone - count + 1, count };
  }

  /** Waits for a read and splits it into one block per run (switched-off runs included: the caller drops them). */
  async finishRead(read: PendingRead, batchSize: number): Promise<BlockResult[]> {
    const values = await settle(read);
    // One clock for the stack, from one read's arrival to the next.
    const elapsedMs = performance.now() - this.#blockStartMs;
    this.#blockStartMs += elapsedMs;
    const width = this.params.kernels.length + 1;
    return this.specs.map((spec, r) => {
      const rows = new Float32Array(read.count * width);
      for (let s = 0; s < read.count; s++)
        rows.set(values.subarray((s * this.runs + r) * width, (s * this.runs + r + 1) * width), s * width);
      return stepBlockOf(spec.id, rows, read.count, read.firstStep, batchSize, elapsedMs);
    });
  }

  resetClock(): void {
    this.#blockStartMs = performance.now();
  }

  /** One EvalPoint per run, from one pass over the stack and one read. */
  async evaluate(data: GpuData): Promise<EvalPoint[]> {
    const p = this.params;
    const bnStats = bnStatsAt(p.norms.length > 0, this.#stepsDone);
    const packed = stackedEvaluation(p, data, bnStats, this.#updateRatios);
    this.#updateRatios?.dispose();
    this.#updateRatios = null;
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    this.resetClock();
    const width = values.length / this.runs;
    return this.specs.map((spec, r) =>
      evalPointOf(spec.id, this.#stepsDone, values.subarray(r * width, (r + 1) * width), p.kernels.length, p.layout.hidden, bnStats),
    );
  }

  /** Variables, moving statistics and optimizer slots, stacked [R, ...] as they are. */
  #named(): NamedVariable[] {
    const { trainable, moving } = namedVariables(this.params);
    return withSlots([...trainable, ...moving], trainable, this.#optimizer);
  }

  /** Every value the stack needs to resume, in one read. */
  async snapshot(): Promise<GroupSnapshot> {
    const head = {
      key: this.key,
      runIds: this.specs.map((s) => s.id),
      active: [...this.#active],
      stepsDone: this.#stepsDone,
      optimizerSteps: this.#optimizer.stepCount,
    };
    return { ...head, ...(await readVariables(this.#named())) };
  }

  /** Loads a snapshot into this freshly built stack; runs that were off stay off (frozen, as they were). */
  restore(s: GroupSnapshot): void {
    if (this.#stepsDone !== 0 || this.#pending.length) throw new Error('only a fresh stack can be restored');
    writeVariables(s, this.key, this.#named());
    this.#optimizer.resumeAt(s.optimizerSteps);
    this.#stepsDone = s.stepsDone;
    s.active.forEach((on, r) => on || this.deactivate(r));
  }

  dispose(): void {
    this.#updateRatios?.dispose();
    this.#updateRatios = null;
    this.#keep?.dispose();
    this.#keep = null;
    tf.dispose(this.#pending);
    this.#pending = [];
    this.#optimizer.dispose();
    disposeParams(this.params);
  }
}
