/**
 * Draws a layer's initial weights with the lab's seeded PRNG, from exactly the
 * distribution describeInit reports. Returned row-major in the TF.js layout of `shape`,
 * ready for variable.assign(tf.tensor(weights, shape)).
 */
import type { InitChoice } from '../../experiment/config';
import { Prng } from '../../random/prng';
import { describeInit } from './describe';
import { shapeSize } from './fans';
import type { InitContext } from './gains';
import { orthogonalDims, orthogonalMatrix } from './orthogonal';

/**
 * Same (choice, shape, ctx, seed) => bit-identical weights. The caller gives every layer
 * its own seed (deriveSeed(runSeed, 'layer', i)): one seed reused across layers would
 * give same-shaped layers identical kernels, which is what TF.js does with a fixed seed.
 */
export function generateWeights(choice: InitChoice, shape: readonly number[], ctx: InitContext, seed: number): Float32Array {
  const info = describeInit(choice, shape, ctx);
  const out = new Float32Array(shapeSize(shape));
  const rng = new Prng(seed);
  switch (info.distribution) {
    case 'zeros':
      return out;
    case 'constant':
      return out.fill(info.mean);
    case 'normal': {
      // Untruncated on purpose: TF.js's truncatedNormal-based initializers clip at 2 sigma
      // without rescaling, leaving ~0.77x the variance the formula promises.
      const std = info.std;
      for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
      return out;
    }
    case 'uniform': {
      const b = info.bound ?? 0;
      for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-b, b);
      return out;
    }
    case 'orthogonal': {
      const { rows, cols } = orthogonalDims(shape);
      out.set(orthogonalMatrix(rows, cols, info.gain ?? 1, rng));
      return out;
    }
  }
}
