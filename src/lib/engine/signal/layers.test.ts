/**
 * The theory reads the network from the config alone; these tests hold it to the network
 * buildModel actually builds (fans, stds, residual zero-init), so the two cannot drift apart.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { buildModel } from '../model';
import { theoryLayers } from './layers';
import { theoryCurve } from './theory';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const exp = (o: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, width: 16, channels: 4, ...o });

it.each([
  exp({ arch: 'mlp', depth: 3 }),
  exp({ arch: 'cnn', depth: 4, kernel: 5 }),
  exp({ arch: 'resmlp', depth: 2 }),
  exp({ arch: 'rescnn', depth: 3 }),
])('theoryLayers matches the built $arch (depth $depth) kernel by kernel, zeroed branch ends included', (e) => {
  const v: Variant = { init: { scheme: 'xavier_uniform' }, bn: 'none', zero: 'kernel' };
  const built = buildModel(e, v, 1, { taps: true });
  const layers = theoryLayers(e, v);
  expect(layers.map((l) => [l.label, l.fanIn, l.fanOut, l.std, l.mean])).toEqual(
    built.layers.map((l) => [l.label, l.fanIn, l.fanOut, l.initStd, l.initMean]),
  );
  // One theory value per recorded hidden activation, in the model's order.
  const curve = theoryCurve(e, v)!;
  expect(curve.forwardStd).toHaveLength(built.graph.hidden.length);
  expect(curve.backwardStd).toHaveLength(built.graph.hidden.length);
  built.model.dispose();
});

it.each([exp({ arch: 'mlp', depth: 3, width: 64, base: 16 }), exp({ arch: 'cnn', depth: 2, channels: 16, base: 4 })])(
  'under μP ($arch, r = 4) theoryLayers and the tf.layers model both take the output kernel at half its SP std',
  (e) => {
    const v: Variant = { init: { scheme: 'he_normal' }, bn: 'none', zero: 'none', param: 'mup' };
    const built = buildModel(e, v, 1);
    const [layers, sp] = [theoryLayers(e, v), theoryLayers(e, { ...v, param: 'sp' })];
    expect(layers.map((l) => l.std)).toEqual(built.layers.map((l) => l.initStd));
    expect(layers.at(-1)!.std).toBeCloseTo(sp.at(-1)!.std / 2, 12);
    expect(layers.slice(0, -1)).toEqual(sp.slice(0, -1));
    built.model.dispose();
  },
);
