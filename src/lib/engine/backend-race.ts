/**
 * How long one lockstep training step of these runs takes on the current backend: the
 * experiment's own groups (stacked or not, as the policy decides on this device), one
 * untimed step that compiles shaders and sizes buffers, then timed steps, each ended by
 * the read training does. The batch is random numbers of the real shape: the time of a
 * dense or convolutional step does not depend on the values. Everything it makes is
 * disposed before it returns, so the backend that loses holds nothing.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunSpec } from '../experiment/plan';
import { webglRenderer } from './backend';
import { NUM_CLASSES } from './model';
import { makeGroups } from './run-group';
import { stackingDevice, type Stacking } from './stack/policy';

const PIXELS = 28 * 28;

export interface StepTiming {
  msPerStep: number;
  /** The untimed first step: compilation and first allocation. */
  firstStepMs: number;
  steps: number;
}

/**
 * Times up to `maxSteps` steps, stopping early once `budgetMs` is spent (at least one
 * timed step). The first step is never timed: on WebGL it compiles every shader.
 * `stacking` is the policy's (auto) unless the benchmark forces it.
 */
export async function timeTrainingStep(runs: RunSpec[], budgetMs = 400, maxSteps = 4, stacking: Stacking = 'auto'): Promise<StepTiming> {
  const bs = runs[0].experiment.bs;
  // The time of a step does not depend on the weights' values: lsuv, which needs data to
  // draw its kernels, is timed with its orthonormal draw (the same shapes).
  const timed = runs.map((s) => (s.init.scheme === 'lsuv' ? { ...s, init: { scheme: 'orthogonal' as const } } : s));
  const groups = makeGroups(timed, true, stacking, stackingDevice(tf.getBackend(), webglRenderer()));
  const x = tf.randomNormal([bs, PIXELS], 0, 1, 'float32', 7) as tf.Tensor2D;
  const y = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          Int32Array.from({ length: bs }, (_, i) => i % NUM_CLASSES),
          'int32',
        ),
        NUM_CLASSES,
      )
      .toFloat(),
  );
  const step = async () => {
    tf.tidy(() => groups.forEach((g) => g.step(x, y, false)));
    for (const g of groups) {
      const read = g.startRead();
      if (read) await g.finishRead(read, bs);
    }
  };
  try {
    let start = performance.now();
    await step();
    const firstStepMs = performance.now() - start;
    start = performance.now();
    let steps = 0;
    while (steps < maxSteps && (steps === 0 || performance.now() - start < budgetMs)) {
      await step();
      steps++;
    }
    return { msPerStep: (performance.now() - start) / steps, firstStepMs, steps };
  } finally {
    groups.forEach((g) => g.dispose());
    tf.dispose([x, y]);
  }
}
