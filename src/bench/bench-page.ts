/**
 * Benchmark page (bench.html): the lab's instrumented loop and plain `model.fit` on the
 * same model, batch size, data and page, so their ratio is free of machine noise that a
 * comparison across pages or runs would pick up; and the backend's own matMul peak, so the
 * loop's FLOP/s can be read as a fraction of what this GPU (or SwiftShader) can do.
 * Driven by scripts/bench.mjs.
 */
import * as tf from '@tensorflow/tfjs';
import { stratifiedSplit } from '../lib/data/dataset';
import { loadEmbeddedMnist } from '../lib/data/mnist-asset';
import { initBackend, switchBackend, type BackendInfo } from '../lib/engine/backend';
import { disposeGpuData, uploadSplit, type GpuData } from '../lib/engine/gpu-data';
import { buildModel } from '../lib/engine/model';
import { disposeTfjsOptimizer, makeTfjsOptimizer } from '../lib/engine/optim/tfjs-optimizer';
import { trainExperiment } from '../lib/engine/train-experiment';
import type { Stacking } from '../lib/engine/stack/policy';
import { DEFAULT_EXPERIMENT, type Experiment } from '../lib/experiment/config';
import { planRuns } from '../lib/experiment/plan';
import { layerCosts, trainingStepFlops } from '../lib/engine/flops';
import { optimizerAgreement, squaredNormAgreement } from './fused-check';
import { productStepsPerSec } from './product-ceiling';
import { divergenceIsolation, stackAgreement } from './stack-check';
import { snapshotCost } from './snapshot-cost';
import { compareBackends, convGradAgreement } from './backend-compare';
import { convnetjsRate } from './convnetjs-rate';
import { COMPARE_SCHEMES } from '../../scripts/bench/schemes.mjs';

let split: ReturnType<typeof stratifiedSplit>;
let data: GpuData;
let backend: BackendInfo;

async function setup(): Promise<BackendInfo> {
  backend = await initBackend('webgl');
  const ds = await loadEmbeddedMnist(`${import.meta.env.BASE_URL}data/mnist10k.bin.gz`);
  split = stratifiedSplit(ds, 0.2, 10_000);
  data = uploadSplit(split);
  return backend;
}

function experiment(overrides: Partial<Experiment>): Experiment {
  return { ...DEFAULT_EXPERIMENT, ...overrides };
}

/** Examples/s of the lab's loop over `steps` steps, warm-up and evaluations excluded. */
async function labLoop(
  overrides: Partial<Experiment>,
  steps: number,
  updates: 'fused' | 'op-by-op' = 'fused',
  stacking: Stacking = 'auto',
): Promise<number> {
  const e = experiment({ ...overrides, steps });
  let ms = 0;
  let examples = 0;
  await trainExperiment(planRuns(e), data, {
    evalEvery: steps,
    updates,
    stacking,
    onEvent: (ev) => {
      if (ev.type === 'steps') {
        ms += ev.elapsedMs;
        examples += ev.loss.length * e.bs;
      }
    },
  });
  return (examples * 1000) / ms;
}

/** Examples/s of plain model.fit on the same model (same init, optimizer, batch size). */
async function fit(overrides: Partial<Experiment>, steps: number, on: GpuData = data): Promise<number> {
  const e = experiment(overrides);
  const built = buildModel(e, { init: e.init[0], bn: e.bn[0], zero: e.zero[0] }, e.seed);
  const optimizer = makeTfjsOptimizer(e.opt, e.lr);
  built.model.compile({ optimizer, loss: (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits) });
  const n = steps * e.bs;
  const shape = built.model.inputs[0].shape;
  const [x, y] = tf.tidy(() => {
    const flat = on.trainX.slice([0, 0], [n, -1]);
    const input = shape.length === 4 ? flat.reshape([n, 28, 28, 1]) : flat;
    return [input, tf.oneHot(on.trainY.slice([0], [n]), 10)];
  });
  // Warm-up on one batch so shader compilation is not timed (as in the lab's loop).
  const warmX = x.slice(0, e.bs);
  const warmY = y.slice(0, e.bs);
  await built.model.fit(warmX, warmY, { batchSize: e.bs, epochs: 1, verbose: 0 });
  const start = performance.now();
  await built.model.fit(x, y, { batchSize: e.bs, epochs: 1, shuffle: true, verbose: 0 });
  const ms = performance.now() - start;
  tf.dispose([x, y, warmX, warmY]);
  disposeTfjsOptimizer(optimizer);
  built.model.dispose();
  return (n * 1000) / ms;
}

/**
 * `f` on another backend, with the split uploaded to it (a tensor read across backends is
 * not the lab's path), then back on WebGL; null where that backend does not start.
 */
async function onBackend<T>(name: 'wasm', f: (on: GpuData) => Promise<T>): Promise<T | null> {
  if (!(await switchBackend(name))) return null;
  const on = uploadSplit(split);
  try {
    return await f(on);
  } finally {
    disposeGpuData(on);
    await switchBackend('webgl');
  }
}

/**
 * What the real app's default run is compared against: plain model.fit on the default MLP
 * on WebGL and on wasm, and ConvNetJS on the CPU.
 */
async function baselines(steps: number): Promise<{ fitWebgl: number; fitWasm: number | null; convnetjs: number }> {
  const fitWebgl = await fit({}, steps);
  const fitWasm = await onBackend('wasm', (on) => fit({}, steps, on));
  // The lab's own standardised pixels, so every trainer sees the same numbers.
  const n = Math.min(steps * DEFAULT_EXPERIMENT.bs, data.trainCount);
  const rows = data.trainX.slice([0, 0], [n, -1]);
  const pixels = (await rows.data()) as Float32Array;
  rows.dispose();
  const convnetjs = convnetjsRate(pixels, Int32Array.from(split.train.labels.subarray(0, n)), steps, DEFAULT_EXPERIMENT.bs);
  return { fitWebgl, fitWasm, convnetjs };
}

interface EvalShare {
  evals: number;
  wallMs: number;
  trainMs: number;
  evalMs: number;
  share: number;
}

/** Wall time (ms) of a K-variant comparison on the default MLP, evaluation at the end only. */
async function comparison(variants: number, steps: number): Promise<number> {
  const e = experiment({ steps, init: COMPARE_SCHEMES.slice(0, variants).map((scheme) => ({ scheme })) });
  const start = performance.now();
  await trainExperiment(planRuns(e), data, { evalEvery: steps, warmUp: false, onEvent: () => {} });
  return performance.now() - start;
}

/**
 * What evaluation costs in a run with the scheduler's own cadence: the wall time from the
 * step-0 evaluation to the end, less the training blocks' time (each block's clock starts
 * after an evaluation), is the time spent evaluating after step 0.
 */
async function evalShare(overrides: Partial<Experiment>, on: GpuData = data): Promise<EvalShare> {
  const e = experiment(overrides);
  let t0 = 0;
  let evals = 0;
  let trainMs = 0;
  await trainExperiment(planRuns(e), on, {
    onEvent: (ev) => {
      if (ev.type === 'eval' && ev.step === 0) t0 = performance.now();
      else if (ev.type === 'eval') evals++;
      if (ev.type === 'steps') trainMs += ev.elapsedMs;
    },
  });
  const wallMs = performance.now() - t0;
  const evalMs = wallMs - trainMs;
  return { evals, wallMs, trainMs, evalMs, share: evalMs / trainMs };
}

/** The evaluation share on WebGL and on wasm (which `auto` picks on a software renderer). */
async function evalShares(overrides: Partial<Experiment>): Promise<{ webgl: EvalShare; wasm: EvalShare | null }> {
  return { webgl: await evalShare(overrides), wasm: await onBackend('wasm', (on) => evalShare(overrides, on)) };
}

/** FLOP/s of the step's matrix products alone, at the step's own shapes (product-ceiling.ts). */
async function productCeiling(overrides: Partial<Experiment>, steps: number): Promise<number> {
  const e = experiment(overrides);
  const layers = layerCosts(e);
  return (await productStepsPerSec(layers, e.bs, steps)) * trainingStepFlops(layers, e.bs);
}

/** Hand-counted matrix-product FLOPs of one training step (see flops.ts). */
function stepFlops(overrides: Partial<Experiment>): { flopsPerStep: number; bs: number } {
  const e = experiment(overrides);
  return { flopsPerStep: trainingStepFlops(layerCosts(e), e.bs), bs: e.bs };
}

/**
 * The backend's practical peak: chains of n×n matMuls (2·n³ FLOPs each), timed up to one
 * data() read of the result, after a warm-up that compiles the shader and allocates the
 * textures. The chain is sized to take ~`targetMs`, so a fast GPU is not timing its
 * read-back latency and SwiftShader is not kept busy for a minute. Returns the chain
 * length and the FLOP/s of every try; the caller takes the best.
 */
async function matMulPeak(n: number, tries: number, targetMs = 500): Promise<{ chain: number; rates: number[] }> {
  // std 1/sqrt(n) keeps the chain's values near unit scale (no overflow to Inf).
  const [a, b] = tf.tidy(() => [tf.randomNormal([n, n], 0, 1, 'float32', 1), tf.randomNormal([n, n], 0, 1 / Math.sqrt(n), 'float32', 2)]);
  const time = async (k: number): Promise<number> => {
    const start = performance.now();
    const out = tf.tidy(() => {
      let x = a;
      for (let i = 0; i < k; i++) x = tf.matMul(x, b);
      return x;
    });
    await out.data();
    out.dispose();
    return performance.now() - start;
  };
  await time(1);
  const perMatMul = (await time(2)) / 2;
  const chain = Math.min(64, Math.max(2, Math.round(targetMs / perMatMul)));
  const rates: number[] = [];
  for (let t = 0; t < tries; t++) rates.push((2 * n ** 3 * chain * 1000) / (await time(chain)));
  tf.dispose([a, b]);
  return { chain, rates };
}

declare global {
  interface Window {
    initLabBench: {
      setup: typeof setup;
      labLoop: typeof labLoop;
      fit: typeof fit;
      baselines: typeof baselines;
      comparison: typeof comparison;
      evalShare: typeof evalShare;
      evalShares: typeof evalShares;
      snapshotCost: (overrides: Partial<Experiment>, stacking: Stacking, evalEvery: number) => ReturnType<typeof snapshotCost>;
      stepFlops: typeof stepFlops;
      productCeiling: typeof productCeiling;
      matMulPeak: typeof matMulPeak;
      memory: () => tf.MemoryInfo;
      optimizerAgreement: typeof optimizerAgreement;
      squaredNormAgreement: typeof squaredNormAgreement;
      stackAgreement: (maxSteps?: number) => ReturnType<typeof stackAgreement>;
      divergenceIsolation: () => ReturnType<typeof divergenceIsolation>;
      compareBackends: typeof compareBackends;
      convGradAgreement: typeof convGradAgreement;
      /** Makes another backend current (the checks then run there; the dataset moves over on first use). */
      useBackend: typeof switchBackend;
    };
  }
}

window.initLabBench = {
  setup,
  labLoop,
  fit,
  baselines,
  comparison,
  evalShare,
  evalShares,
  snapshotCost: (overrides, stacking, evalEvery) => snapshotCost(data, experiment(overrides), stacking, evalEvery),
  stepFlops,
  productCeiling,
  matMulPeak,
  memory: () => tf.memory(),
  optimizerAgreement,
  squaredNormAgreement,
  stackAgreement: (maxSteps?: number) => stackAgreement(data, maxSteps),
  divergenceIsolation: () => divergenceIsolation(data),
  compareBackends,
  convGradAgreement,
  useBackend: switchBackend,
};
document.getElementById('state')!.textContent = 'ready';
