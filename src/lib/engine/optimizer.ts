/**
 * The lab's optimizer: SGD, momentum or Adam over an explicit list of variables, with the
 * update done by fused WebGL passes on the WebGL backend and by ordinary TF.js ops
 * elsewhere (see optim/webgl-updates.ts for why). Same arithmetic as tf.train.* in both.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerId } from '../experiment/config';
import { slotCount, stepScalars } from './optim/update-rules';
import * as ops from './optim/tensor-updates';
import * as shaders from './optim/webgl-updates';

/** An [R] mask shaped [R, 1, …, 1] to broadcast over a variable of this rank with its run axis first. */
export function alongRuns(mask: tf.Tensor, rank: number): tf.Tensor {
  return mask.reshape([mask.size, ...new Array<number>(rank - 1).fill(1)]);
}

export class LabOptimizer {
  readonly rule: OptimizerId;
  readonly lr: number;
  /** Per variable name, a factor on `lr` (μP's per-layer rates, ./mup.ts); absent = 1. */
  readonly lrScale: ReadonlyMap<string, number>;
  /** Per variable name, its slots (momentum's velocity; Adam's m and v), created at first use. */
  #slots = new Map<string, tf.Variable[]>();
  #t = 0;
  #updates: typeof ops;

  /**
   * `fused`: use the WebGL passes where the backend is WebGL (false: op-by-op everywhere).
   * `lrScale`: per variable (by its TF.js name), the factor on `lr` it trains with.
   */
  constructor(rule: OptimizerId, lr: number, fused = true, lrScale: ReadonlyMap<string, number> = new Map()) {
    this.rule = rule;
    this.lr = lr;
    this.lrScale = lrScale;
    this.#updates = fused && tf.getBackend() === 'webgl' ? shaders : ops;
  }

  /**
   * One step over every variable named in `grads` (as tf.Optimizer.applyGradients). The
   * rules are elementwise, so a variable stacked over R runs gets each run's own update.
   * `keep`, [R] bool over the leading run axis of every variable (a stack's), picks the
   * runs whose update applies; the others' weights and slots stay as they are. It selects
   * rather than multiplies: 0 · NaN is NaN, and a diverged run's slice holds NaNs.
   */
  applyGradients(grads: tf.NamedTensorMap, keep: tf.Tensor | null = null): void {
    this.#t++;
    // TF.js's Adam takes the backend's epsilon when none is given (1e-7 on float32 devices).
    const epsilon = tf.backend().epsilon();
    tf.tidy(() => {
      for (const [name, g] of Object.entries(grads)) {
        const w = tf.engine().registeredVariables[name];
        if (!w) throw new Error(`no variable named ${name}`);
        // The lr is a uniform of the fused passes and a scalar of the op-by-op ones: a
        // per-variable factor costs no recompile and no extra pass.
        const scalars = stepScalars(this.lr * (this.lrScale.get(name) ?? 1), this.#t, epsilon);
        const slots = this.#slotsOf(w);
        const [next, ...nextSlots] =
          this.rule === 'sgd'
            ? this.#updates.sgdUpdate(w, g, scalars)
            : this.rule === 'momentum'
              ? this.#updates.momentumUpdate(w, g, slots[0], scalars)
              : this.#updates.adamUpdate(w, g, slots[0], slots[1], scalars);
        const runs = keep ? alongRuns(keep, w.rank) : null;
        w.assign(runs ? tf.where(runs, next, w) : next);
        nextSlots.forEach((s, i) => slots[i].assign(runs ? tf.where(runs, s, slots[i]) : s));
      }
    });
  }

  /** Steps taken: Adam's bias correction depends on it, so a resumed optimizer must carry it over. */
  get stepCount(): number {
    return this.#t;
  }

  /**
   * The slots of `vars`, in their order (none for SGD). Missing ones are created as zeros,
   * exactly as the first step would create them, so a snapshot taken before any step has
   * the same layout as one taken later (snapshot.ts).
   */
  slotsOf(vars: readonly tf.Variable[]): tf.Variable[] {
    return vars.flatMap((w) => this.#slotsOf(w));
  }

  /** Sets the step counter of a resumed optimizer (its slots are written through slotsOf). */
  resumeAt(stepCount: number): void {
    if (!Number.isInteger(stepCount) || stepCount < 0) throw new Error(`an optimizer cannot resume at step ${stepCount}`);
    this.#t = stepCount;
  }

  #slotsOf(w: tf.Variable): tf.Variable[] {
    let slots = this.#slots.get(w.name);
    if (!slots) {
      slots = Array.from({ length: slotCount(this.rule) }, () => tf.tidy(() => tf.zerosLike(w).variable(false)));
      this.#slots.set(w.name, slots);
    }
    return slots;
  }

  dispose(): void {
    for (const slots of this.#slots.values()) tf.dispose(slots);
    this.#slots.clear();
  }
}
