/**
 * The residual MLP at width 512, and plain MLPs of every activation at width 256, against the
 * lab's mean-field curves: the rest of what theory-exactness.ts calls "checked" (the bands
 * are derived in testing/finite-width-bands.ts; theory-wide.test.ts has the plain MLPs at 512).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type InitChoice } from '../../experiment/config';
import { deltaMethodSd, residualSd } from '../../testing/finite-width-bands';
import { exp, expectWithinBand, K, logGap, probe as probeOn, scaledCurve, table, variantOf } from '../../testing/theory-check';
import type { SignalBatch } from './probe';
import { finiteWidthBand, mnistBatch, sliceBatch } from '../../testing/mnist-batch';
import { theoryExactness } from './theory-exactness';

let batch: SignalBatch;
let small: SignalBatch;
let dispose: () => void;
beforeAll(async () => {
  ({ batch, dispose } = await mnistBatch(256));
  small = sliceBatch(batch, 128);
});
afterAll(() => {
  tf.dispose([small.x, small.y]);
  dispose();
});

describe('residual MLP at width 512 (6 blocks, He, no BN)', () => {
  it('every trunk and branch tensor within the band, both ways; σ ± 10% is rejected', async () => {
    const init: InitChoice = { scheme: 'he_normal' };
    const e = exp({ arch: 'resmlp', depth: 6, init: [init] });
    const p = await probeOn(e, 1, batch);
    const t = p.theory!;
    const band = residualSd(e, variantOf(init), p.inputSecondMoment);
    console.info(`resmlp band (log std, 1 sd): forward ${band.forward.map((x) => x.toFixed(3)).join(' ')}`);
    console.info(table('resmlp forward, measured/theory', p.forwardStd, t.forwardStd));
    console.info(table('resmlp backward, measured/theory', p.backwardStd, t.backwardStd!));
    expect(p.labels).toHaveLength(13);
    expectWithinBand(p, band, 'resmlp');
    for (const factor of [0.9, 1.1]) {
      const off = scaledCurve(e, init, factor, p);
      expect(logGap(p.forwardStd[12], off.forwardStd[12])).toBeGreaterThan(K * band.forward[12]);
      expect(logGap(p.backwardStd[0], off.backwardStd![0])).toBeGreaterThan(K * band.backward[0]);
    }
  });
});

/**
 * What theory-exactness.ts calls "checked" for plain MLPs rests on these too: every
 * activation, a bias, and uniform and orthogonal draws, at width 256 (4 layers, 128 examples:
 * cheap), each within the same delta-method band (conservative for uniform and orthogonal
 * draws, whose sums fluctuate less than Gaussian ones), each with a σ 25% off rejected at
 * some layer.
 */
describe('plain MLPs at width 256: every activation', () => {
  const cases: [string, Partial<Experiment>, InitChoice][] = [
    ['relu', { act: 'relu' }, { scheme: 'he_normal' }],
    ['leaky_relu 0.2', { act: 'leaky_relu', slope: 0.2 }, { scheme: 'he_normal' }],
    ['elu', { act: 'elu' }, { scheme: 'he_normal' }],
    ['gelu', { act: 'gelu' }, { scheme: 'he_normal' }],
    ['selu', { act: 'selu' }, { scheme: 'lecun_normal' }],
    ['linear', { act: 'linear' }, { scheme: 'lecun_normal' }],
    ['sigmoid', { act: 'sigmoid' }, { scheme: 'xavier_normal' }],
    ['tanh, xavier_uniform', { act: 'tanh' }, { scheme: 'xavier_uniform' }],
    ['relu, he_uniform, bias 0.1', { act: 'relu', bias: 0.1 }, { scheme: 'he_uniform' }],
    ['tanh, orthogonal, bias −0.2', { act: 'tanh', bias: -0.2 }, { scheme: 'orthogonal' }],
  ];
  it.each(cases)('%s', async (name, o, init) => {
    const e: Experiment = { ...DEFAULT_EXPERIMENT, width: 256, depth: 4, ...o, init: [init] };
    const p = await probeOn(e, 3, small);
    const t = p.theory!;
    const band = deltaMethodSd(e, variantOf(init), p.inputSecondMoment);
    console.info(`${table(`${name} forward`, p.forwardStd, t.forwardStd)} | ${table('backward', p.backwardStd, t.backwardStd!)}`);
    expectWithinBand(p, band, name);
    const off = scaledCurve(e, init, 1.25, p);
    const rejected =
      p.forwardStd.some((m, l) => logGap(m, off.forwardStd[l]) > K * band.forward[l]) ||
      p.backwardStd.some((m, l) => logGap(m, off.backwardStd![l]) > K * band.backward[l]);
    expect(rejected).toBe(true);
    expect(theoryExactness(e, variantOf(init)).level).toBe('checked');
  });

  it('residual MLP with ReZero-style alpha = 0: blocks pass the trunk through, gradients as theory says', async () => {
    const e: Experiment = { ...DEFAULT_EXPERIMENT, arch: 'resmlp', width: 256, depth: 3, init: [{ scheme: 'he_normal' }], zero: ['alpha'] };
    const p = await probeOn(e, 3, small);
    const t = p.theory!;
    for (const i of [2, 4, 6]) expect(p.forwardStd[i] / p.forwardStd[0]).toBeCloseTo(1, 5);
    for (const i of [1, 3, 5]) expect(p.backwardStd[i]).toBe(0);
    // Only the head and the stem's ReLU mask (once: the skip keeps a unit's gradient tied to it) are random.
    for (const i of [0, 2, 4, 6]) expect(logGap(p.backwardStd[i], t.backwardStd![i])).toBeLessThan(finiteWidthBand(1, 256));
    expect(logGap(p.forwardStd[0], t.forwardStd[0])).toBeLessThan(finiteWidthBand(1, 256));
    // A curve that re-applied the mask at every block (√½ per block) is rejected at the stem.
    expect(logGap(p.backwardStd[0], t.backwardStd![6] * Math.SQRT1_2 ** 3)).toBeGreaterThan(finiteWidthBand(1, 256));
    expect(theoryExactness(e, { init: e.init[0], bn: 'none', zero: 'alpha' }).level).toBe('checked');
  });
});
