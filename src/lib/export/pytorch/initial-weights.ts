/**
 * "Optionally exact": every run's initial kernels exactly as the lab draws them
 * (engine/init/run-kernels.ts), in TF.js layout, as a .npz the exported script reads.
 * Pure JS: no TF.js, no DOM.
 */
import { strToU8, zipSync } from 'fflate';
import type { Experiment } from '../../experiment/config';
import { planRuns, type RunSpec } from '../../experiment/plan';
import { kernelShapes } from '../../experiment/shapes';
import { validateExperiment } from '../../experiment/sanitize';
import { assertExportable } from './refusal';
import { runKernels, type InitBatch } from '../../engine/init/run-kernels';
import { npyFloat32 } from './npy';

export const WEIGHTS_FILE_NAME = 'initial-weights.npz';
/** 64 M floats = 256 MB: beyond that a browser tab would struggle, and the script can draw them itself. */
export const MAX_WEIGHT_VALUES = 64 * 1024 * 1024;

export function weightValueCount(e: Experiment): number {
  const perRun = kernelShapes(e).reduce((n, k) => n + k.shape.reduce((a, b) => a * b, 1), 0);
  return perRun * planRuns(e).length;
}

/** Kernels of one run, keyed '<runId>/<label>', in TF.js layout. */
function keyedRunKernels(
  e: Experiment,
  run: RunSpec,
  initBatch?: InitBatch | null,
): { key: string; shape: number[]; values: Float32Array }[] {
  return runKernels(e, run, initBatch).map(({ label, shape, values }) => ({ key: `${run.id}/${label}`, shape, values }));
}

/**
 * The .npz (a zip of .npy files, stored: floats do not compress) plus init-lab.json naming
 * the experiment they belong to, which the script compares before using them. `yieldEvery`
 * lets the page breathe between runs (orthogonal draws of big layers take a moment).
 * `initBatch`: the LSUV batch of the page's data (engine/init/lsuv-batch.ts), without which
 * init=lsuv cannot be drawn: the .npz then holds the LSUV-scaled kernels the lab trains.
 */
export async function initialWeightsNpz(
  e: Experiment,
  yieldEvery: () => Promise<void> = async () => {},
  initBatch?: InitBatch | null,
): Promise<Uint8Array> {
  const problems = validateExperiment(e);
  if (problems.length) throw new Error(`cannot export an invalid experiment: ${problems.map((p) => p.message).join('; ')}`);
  assertExportable(e);
  const count = weightValueCount(e);
  if (count > MAX_WEIGHT_VALUES) {
    throw new RangeError(
      `the initial weights of this experiment are ${Math.round((count * 4) / 1e6)} MB, more than the ${Math.round((MAX_WEIGHT_VALUES * 4) / 1e6)} MB the lab writes; the script draws them itself without the .npz`,
    );
  }
  const files: Record<string, Uint8Array> = {
    'init-lab.json': strToU8(JSON.stringify({ format: 'init-lab-initial-weights', version: 1, layout: 'tfjs', experiment: e })),
  };
  for (const run of planRuns(e)) {
    for (const k of keyedRunKernels(e, run, initBatch)) files[`${k.key}.npy`] = npyFloat32(k.values, k.shape);
    await yieldEvery();
  }
  return zipSync(files, { level: 0 });
}
