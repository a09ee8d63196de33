/**
 * The stacked plain-function model against the lab's tf.layers model (model.ts) built from
 * the same seeds: same logits and hidden activations, in training and inference mode, for
 * every arch × BN × zero-init combination the lab accepts; and a stack of several runs
 * computes for each exactly what that run computes alone.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isConv, ACTIVATIONS, BN_MODES, DEFAULT_EXPERIMENT, ZERO_MODES, type Experiment } from '../../experiment/config';
import { planRuns, type RunSpec } from '../../experiment/plan';
import { validateExperiment } from '../../experiment/sanitize';
import { buildModel } from '../model';
import { updateMoving } from './batch-norm';
import { stackedForward } from './forward';
import { buildStackedParams, disposeParams, type StackedParams } from './params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x = tf.tidy(() => tf.randomNormal([8, 784], 0, 1, 'float32', 11));
const base: Experiment = { ...DEFAULT_EXPERIMENT, depth: 2, width: 16, bias: 0.02, init: [{ scheme: 'he_normal' }] };

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** Logits and hidden activations of run r of the stack (train, then inference after one update). */
function stackOutputs(p: StackedParams, r: number) {
  return tf.tidy(() => {
    const train = stackedForward(p, x, 'batch');
    p.norms.forEach((n, i) => updateMoving(n, train.batch[i], null));
    const infer = stackedForward(p, x, 'moving');
    const pick = (t: tf.Tensor) => t.slice(r, 1).squeeze([0]);
    return [pick(train.logits), ...train.hidden.map(pick), pick(infer.logits), ...infer.hidden.map(pick)].map((t) => tf.keep(t));
  });
}

/** Back to the moving statistics at init: stackOutputs folds one batch into them. */
function resetMoving(p: StackedParams) {
  tf.tidy(() => {
    for (const n of p.norms) {
      n.movingMean.assign(tf.zerosLike(n.movingMean));
      n.movingVariance.assign(tf.onesLike(n.movingVariance));
    }
  });
}

/** The same from model.ts's tf.layers model: training mode (which updates its moving statistics), then inference. */
function layersOutputs(spec: RunSpec) {
  const built = buildModel(spec.experiment, spec, spec.initSeed);
  const probe = tf.model({ inputs: built.graph.input, outputs: [built.graph.logits, ...built.graph.hidden.map((h) => h.tensor)] });
  const input = isConv(spec.experiment.arch) ? x.reshape([-1, 28, 28, 1]) : x;
  const out = tf.tidy(() =>
    [...(probe.apply(input, { training: true }) as tf.Tensor[]), ...(probe.apply(input, { training: false }) as tf.Tensor[])].map((t) =>
      tf.keep(t),
    ),
  );
  built.model.dispose();
  return out;
}

const combos = (['mlp', 'resmlp', 'cnn', 'rescnn'] as const)
  .flatMap((arch) =>
    BN_MODES.flatMap((bn) => ZERO_MODES.map((zero) => ({ ...base, arch, channels: 4, bn: [bn], zero: [zero] }) as Experiment)),
  )
  .filter((e) => validateExperiment(e).length === 0);

describe('stacked forward = model.ts tf.layers model, R = 1', () => {
  it('covers every arch × BN × zero-init the lab accepts', () => {
    // The residual nets take bn none|before (5 zero modes each), the plain ones none|before|after (zero modes are no-ops there).
    expect(combos.filter((e) => e.arch === 'resmlp' || e.arch === 'rescnn').map((e) => e.bn[0])).not.toContain('after');
    expect(new Set(combos.map((e) => e.arch))).toEqual(new Set(['mlp', 'resmlp', 'cnn', 'rescnn']));
    expect(combos.length).toBeGreaterThanOrEqual(30);
  });

  it.each(combos.map((e) => [`${e.arch} bn=${e.bn[0]} zero=${e.zero[0]}`, e] as const))('%s', (_, e) => {
    const [spec] = planRuns(e);
    const p = buildStackedParams([spec]);
    const want = layersOutputs(spec);
    const got = stackOutputs(p, 0);
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      // A conv layer's maps come as [n·h·w, channels] (forward.ts).
      const w = want[i].rank === 4 ? want[i].reshape([-1, want[i].shape[3]!]) : want[i];
      expect(got[i].shape).toEqual(w.shape);
      expect(maxDiff(got[i], w)).toBeLessThan(1e-5);
      if (w !== want[i]) w.dispose();
    }
    tf.dispose([...want, ...got]);
    disposeParams(p);
  });

  it.each(ACTIVATIONS.map((act) => [act]))('activation %s, with BN before', (act) => {
    const [spec] = planRuns({ ...base, arch: 'resmlp', act, slope: 0.2, bn: ['before'] });
    const p = buildStackedParams([spec]);
    const want = layersOutputs(spec);
    const got = stackOutputs(p, 0);
    for (let i = 0; i < want.length; i++) expect(maxDiff(got[i], want[i])).toBeLessThan(1e-5);
    tf.dispose([...want, ...got]);
    disposeParams(p);
  });
});

/** Stacks `specs` and checks that each run's outputs equal those of its stack of one, bit for bit; returns the stack. */
function expectEachAsAlone(specs: RunSpec[]): StackedParams {
  const all = buildStackedParams(specs);
  specs.forEach((spec, r) => {
    const alone = buildStackedParams([spec]);
    const a = stackOutputs(alone, 0);
    const b = stackOutputs(all, r);
    for (let i = 0; i < a.length; i++) expect(maxDiff(a[i], b[i])).toBe(0);
    tf.dispose([...a, ...b]);
    disposeParams(alone);
    resetMoving(all);
  });
  return all;
}

describe('a stack of several runs', () => {
  it('computes for each run what it computes alone (different inits, seeds, zero-init)', () => {
    const e: Experiment = {
      ...base,
      arch: 'resmlp',
      init: [{ scheme: 'he_normal' }, { scheme: 'orthogonal' }],
      bn: ['before'],
      zero: ['none', 'gamma'],
      seeds: 2,
    };
    const specs = planRuns(e);
    expect(specs).toHaveLength(8);
    const baseline = tf.memory().numTensors;
    const all = expectEachAsAlone(specs);
    expect(all.layers[1][0].initStd).toBe(all.layers[0][0].initStd);
    disposeParams(all);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a conv net too: per-run convolutions, stacked head', () => {
    const e: Experiment = {
      ...base,
      arch: 'rescnn',
      channels: 4,
      init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }],
      bn: ['before'],
      zero: ['gamma'],
      seeds: 2,
    };
    disposeParams(expectEachAsAlone(planRuns(e)));
  });

  it('refuses a run of another shape', () => {
    const [a] = planRuns(base);
    const [b] = planRuns({ ...base, width: 32 });
    expect(() => buildStackedParams([a, b])).toThrow(/does not share the shape/);
  });
});
