/**
 * The translation, layer by layer: for every architecture, BN mode and zero-init mode the
 * lab accepts (and every activation), the exported script builds a net that, given the lab's
 * own initial weights (the .npz export) and the same input, computes the lab's logits, in
 * training mode (batch statistics) and then in inference mode (the moving statistics after
 * that one update). The lab side is the real TF.js model on the CPU backend. Needs PyTorch.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, ARCHS, BN_MODES, DEFAULT_EXPERIMENT, SCHEMES, ZERO_MODES, type Experiment } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { validateExperiment } from '../../experiment/sanitize';
import { buildModel } from '../../engine/model';
import { Prng } from '../../random/prng';
import { isBranchEnd } from '../../engine/zero-init';
import { initialWeightsNpz } from './initial-weights';
import { lsuvBatch, type InitBatch } from '../../engine/init/lsuv-batch';
import { realMnistSplit } from '../../testing/mnist-split';
import { npyFloat32 } from './npy';
import { hasTorch, runChecks, tempDir } from '../../testing/python';
import { pytorchScript } from './script';

const BATCH = 8;
const small: Experiment = {
  ...DEFAULT_EXPERIMENT,
  depth: 2,
  width: 12,
  channels: 4,
  bs: BATCH,
  init: [{ scheme: 'he_normal' }],
  slope: 0.2,
};

function cases(): Experiment[] {
  const grid = ARCHS.flatMap((arch) =>
    BN_MODES.flatMap((bn) => ZERO_MODES.map((zero): Experiment => ({ ...small, arch, bn: [bn], zero: [zero] }))),
  );
  const acts = ACTIVATIONS.flatMap((act) =>
    (['mlp', 'rescnn'] as const).map((arch): Experiment => ({ ...small, arch, act, bn: ['before'] })),
  );
  // Every scheme once, on a CNN (conv layouts) with a bias, all in one comparison.
  const schemes: Experiment = { ...small, arch: 'cnn', bias: 0.1, init: SCHEMES.slice(0, 8).map((scheme) => ({ scheme })) };
  // lsuv is dense-MLP only (validate.ts): it gets its own case, with a bias and BN, so its LSUV-scaled .npz is what the net holds.
  const rest: Experiment = {
    ...small,
    arch: 'resmlp',
    init: SCHEMES.slice(8)
      .filter((s) => s !== 'lsuv')
      .map((scheme) => ({ scheme })),
    seeds: 2,
  };
  const lsuv: Experiment[] = (['none', 'after'] as const).map((bn) => ({
    ...small,
    act: 'tanh',
    bias: 0.1,
    bn: [bn],
    init: [{ scheme: 'lsuv' }],
    seeds: 2,
  }));
  const all = [...grid, ...acts, schemes, rest, ...lsuv];
  // Only what the lab itself would train; every scheme in at least one case.
  const valid = all.filter((e) => validateExperiment(e).length === 0);
  expect(new Set(valid.flatMap((e) => e.init.map((c) => c.scheme)))).toEqual(new Set(SCHEMES));
  return valid;
}

let initBatch: InitBatch;
beforeAll(async () => {
  await tf.setBackend('cpu');
  initBatch = lsuvBatch(await realMnistSplit());
});

describe('the exported net computes what the lab’s net computes', () => {
  it('for every arch, BN mode, zero-init mode, activation and scheme the lab accepts', async () => {
    if (!hasTorch())
      throw new Error('PyTorch is not installed for /usr/bin/python3: apt-get install -y python3-torch libopenblas0-pthread');
    const dir = tempDir();
    const script = join(dir, 'experiment.py');
    writeFileSync(script, pytorchScript(small, { source: 'mnist10k', train: 8000, validation: 2000 }));
    const rng = new Prng(7);
    const x = Float32Array.from({ length: BATCH * 784 }, () => rng.normal());
    const input = join(dir, 'x.npy');
    writeFileSync(input, npyFloat32(x, [BATCH, 784]));
    const all = cases();
    const expected: { train: number[]; infer: number[]; hidden: string[]; shapes: number[][]; initStd: number[] }[][] = [];
    const specs = [];
    for (const [i, e] of all.entries()) {
      const weights = join(dir, `w${i}.npz`);
      writeFileSync(weights, await initialWeightsNpz(e, undefined, initBatch));
      const conv = e.arch === 'cnn' || e.arch === 'rescnn';
      specs.push({ experiment: e, weights, input, inShape: [1, 28, 28] });
      expected.push(
        planRuns(e).map((run) => {
          const built = buildModel(e, run, run.initSeed, { initBatch });
          const xt = tf.tensor(x, conv ? [BATCH, 28, 28, 1] : [BATCH, 784]);
          const train = (built.model.apply(xt, { training: true }) as tf.Tensor).dataSync();
          const infer = (built.model.apply(xt, { training: false }) as tf.Tensor).dataSync();
          const kernels = built.graph.kernelLayers;
          // The .npz's notion of a branch end is the graph's.
          kernels.forEach((k, index) => expect(isBranchEnd(e, index, kernels.length)).toBe(built.graph.branchEndKernels.has(k)));
          const out = {
            train: Array.from(train),
            infer: Array.from(infer),
            hidden: built.graph.hidden.map((h) => h.label),
            shapes: built.layers.map((l) => l.shape),
            initStd: built.layers.map((l) => l.initStd),
          };
          tf.dispose(xt);
          built.model.dispose();
          return out;
        }),
      );
    }
    const py = runChecks<{ train: number[]; infer: number[]; hidden: string[]; shapes: number[][]; initStd: number[] }[][]>(
      'forward',
      { script, cases: specs },
      dir,
    );
    let worst = 0;
    py.forEach((runs, i) => {
      const where = `case ${i}: arch=${all[i].arch} bn=${all[i].bn} zero=${all[i].zero} act=${all[i].act} init=${all[i].init.map((c) => c.scheme)}`;
      expect(runs.length, where).toBe(expected[i].length);
      runs.forEach((run, r) => {
        const lab = expected[i][r];
        expect(run.hidden, where).toEqual(lab.hidden);
        expect(run.shapes, where).toEqual(lab.shapes);
        // The std each kernel was drawn with, as the results file reports it: LSUV's scaled one for lsuv.
        run.initStd.forEach((std, k) => expect(std, `${where} initStd ${k}`).toBeCloseTo(lab.initStd[k], 6));
        for (const mode of ['train', 'infer'] as const) {
          const diff = Math.max(...run[mode].map((v, k) => Math.abs(v - lab[mode][k])));
          worst = Math.max(worst, diff);
          expect(diff, `${where} ${mode}`).toBeLessThan(1e-4);
        }
      });
    });
    expect(worst).toBeLessThan(1e-4);
  }, 240_000);
});

describe('an lsuv experiment without the lab’s weights', () => {
  it('is refused by the script with a sentence naming LSUV and the .npz, both per run and at the start', () => {
    if (!hasTorch())
      throw new Error('PyTorch is not installed for /usr/bin/python3: apt-get install -y python3-torch libopenblas0-pthread');
    const dir = tempDir();
    const script = join(dir, 'experiment.py');
    writeFileSync(script, pytorchScript(small, { source: 'mnist10k', train: 8000, validation: 2000 }));
    const e: Experiment = { ...small, init: [{ scheme: 'lsuv' }, { scheme: 'he_normal' }] };
    const said = runChecks<{ initialise: string; start: string }>('no_weights', { script, experiment: e, here: dir }, dir);
    expect(said.initialise).toMatch(
      /^init=lsuv: LSUV scales every layer .* cannot draw lsuv weights itself\. Export the lab's initial weights/,
    );
    expect(said.start).toContain('init=lsuv: LSUV scales every layer');
    expect(said.start).toContain('(here: drawn by PyTorch');
    const plain = runChecks<{ initialise: string; start: string }>('no_weights', { script, experiment: small, here: dir }, dir);
    expect(plain).toEqual({ initialise: 'ok', start: 'ok' });
  });
});
