import * as tf from '@tensorflow/tfjs';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { buildModel, kernelVariables } from '../../engine/model';
import { lsuvBatch } from '../../engine/init/lsuv-batch';
import { realMnistSplit } from '../../testing/mnist-split';
import { initialWeightsNpz, MAX_WEIGHT_VALUES, weightValueCount } from './initial-weights';
import { npyFloat32 } from './npy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Reads back what npyFloat32 wrote: header text and the floats. */
function readNpy(bytes: Uint8Array): { header: string; values: Float32Array } {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = strFromU8(bytes.subarray(10, 10 + len));
  const data = bytes.slice(10 + len);
  return { header, values: new Float32Array(data.buffer) };
}

describe('npyFloat32', () => {
  it('writes numpy’s v1.0 header, padded so the data starts on a 64-byte boundary', () => {
    const bytes = npyFloat32(Float32Array.from([1, -2.5, 3]), [3]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const { header, values } = readNpy(bytes);
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/);
    expect((10 + header.length) % 64).toBe(0);
    expect(Array.from(values)).toEqual([1, -2.5, 3]);
    expect(() => npyFloat32(new Float32Array(5), [2, 3])).toThrow(RangeError);
  });
});

describe('initialWeightsNpz', () => {
  it('holds every run’s kernels exactly as the lab’s model starts with them, zeroed branch ends included', async () => {
    const e: Experiment = {
      ...DEFAULT_EXPERIMENT,
      arch: 'resmlp',
      depth: 2,
      width: 16,
      init: [{ scheme: 'orthogonal' }, { scheme: 'he_uniform' }],
      bn: ['before'],
      zero: ['kernel', 'gamma'],
      seeds: 2,
    };
    const files = unzipSync(await initialWeightsNpz(e));
    expect(JSON.parse(strFromU8(files['init-lab.json']))).toMatchObject({ format: 'init-lab-initial-weights', version: 1, experiment: e });
    for (const run of planRuns(e)) {
      const built = buildModel(e, run, run.initSeed);
      kernelVariables(built).forEach((k, i) => {
        const { header, values } = readNpy(files[`${run.id}/${built.layers[i].label}.npy`]);
        expect(header).toContain(`'shape': (${k.shape.join(', ')}${k.shape.length === 1 ? ',' : ''})`);
        expect(Array.from(values)).toEqual(Array.from(k.dataSync()));
      });
      built.model.dispose();
    }
  });

  it('holds LSUV-scaled kernels for init=lsuv, the ones the lab trains, given the page’s LSUV batch; refuses without it', async () => {
    const initBatch = lsuvBatch(await realMnistSplit());
    const e: Experiment = { ...DEFAULT_EXPERIMENT, depth: 3, width: 24, act: 'tanh', init: [{ scheme: 'lsuv' }, { scheme: 'orthogonal' }] };
    const files = unzipSync(await initialWeightsNpz(e, undefined, initBatch));
    const [lsuvRun, orthRun] = planRuns(e);
    const built = buildModel(e, lsuvRun, lsuvRun.initSeed, { initBatch });
    kernelVariables(built).forEach((k, i) => {
      const label = built.layers[i].label;
      const lsuv = readNpy(files[`${lsuvRun.id}/${label}.npy`]).values;
      const orth = readNpy(files[`${orthRun.id}/${label}.npy`]).values;
      expect(Array.from(lsuv)).toEqual(Array.from(k.dataSync()));
      // Same seed, same orthonormal Q: the lsuv kernel is the orthogonal one times LSUV's scale, entry by entry.
      const scale = built.layers[i].lsuv!.scale;
      expect(scale).not.toBeCloseTo(1, 2);
      lsuv.forEach((v, j) => expect(v).toBeCloseTo(Math.fround(orth[j] * scale), 6));
    });
    built.model.dispose();
    await expect(initialWeightsNpz(e)).rejects.toThrow(/init=lsuv scales each layer on a batch of training digits/);
  });

  it('refuses experiments whose weights would not fit in a tab', async () => {
    const big: Experiment = {
      ...DEFAULT_EXPERIMENT,
      arch: 'resmlp',
      depth: 32,
      width: 1024,
      init: [{ scheme: 'he_normal' }, { scheme: 'xavier_normal' }],
      seeds: 5,
    };
    expect(weightValueCount(big)).toBeGreaterThan(MAX_WEIGHT_VALUES);
    await expect(initialWeightsNpz(big)).rejects.toThrow(/MB, more than the 268 MB the lab writes/);
  });
});
