/**
 * Measured signal at init against the mean-field curve, layer by layer, on real MNIST, and
 * the dead-unit count. Tolerances come from finite-width theory (testing/mnist-batch.ts), and each
 * test also checks that its tolerance is tight enough to reject a wrong curve.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type InitChoice } from '../../experiment/config';
import { planVariants } from '../../experiment/plan';
import { probeSignal, type SignalBatch } from './probe';
import { finiteWidthBand, mnistBatch, sliceBatch } from '../../testing/mnist-batch';
import { theoryCurve } from './theory';

let batch: SignalBatch;
let dispose: () => void;
beforeAll(async () => ({ batch, dispose } = await mnistBatch(256)));
afterAll(() => dispose());

const mlp = (o: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, width: 256, ...o });
const probe = async (e: Experiment, seed = 1) => probeSignal(e, planVariants(e), batch, seed);
const logGap = (a: number, b: number) => Math.abs(Math.log(a / b));
const he: InitChoice = { scheme: 'he_normal' };

it('10-layer He ReLU MLP: every layer within the finite-width band of theory; Xavier’s curve falls outside it', async () => {
  const e = mlp({ depth: 10, init: [he] });
  const [p] = await probe(e);
  const theory = p.theory!;
  const inputs = { inputSecondMoment: p.inputSecondMoment, logitGradSecondMoment: p.logitGradSecondMoment };
  const xavier = theoryCurve(mlp({ depth: 10 }), { init: { scheme: 'xavier_normal' }, bn: 'none', zero: 'none' }, inputs)!;
  const rows = p.forwardStd.map((s, i) => `L${i + 1} ${s.toFixed(3)}/${theory.forwardStd[i].toFixed(3)}`);
  console.info(`He depth 10, measured/theory forward std: ${rows.join(', ')}`);
  for (let l = 0; l < 10; l++) {
    // Layer l+1 has l+1 random layers below it; the gradient there has 10-l above it.
    expect(logGap(p.forwardStd[l], theory.forwardStd[l])).toBeLessThan(finiteWidthBand(l + 1, 256));
    expect(logGap(p.backwardStd[l], theory.backwardStd![l])).toBeLessThan(finiteWidthBand(10 - l, 256));
    if (l >= 1) expect(logGap(p.forwardStd[l], xavier.forwardStd[l])).toBeGreaterThan(finiteWidthBand(l + 1, 256));
  }
  // Layer to layer, the measured factor matches theory's (1 for He) within one layer's band.
  for (let l = 1; l < 10; l++) {
    const measured = p.forwardStd[l] / p.forwardStd[l - 1];
    expect(logGap(measured, theory.forwardStd[l] / theory.forwardStd[l - 1])).toBeLessThan(finiteWidthBand(1, 256));
  }
  // Few dead units near the input; deeper, examples grow alike and a few units go off for all.
  for (let l = 0; l < 3; l++) expect(p.deadFraction[l]).toBeLessThan(0.05);
});

it('a bias of −1 kills most ReLU units at init; theory sees the collapse too', async () => {
  const [p] = await probe(mlp({ depth: 6, bias: -1, init: [he] }));
  const mean = p.deadFraction.reduce((a, b) => a + b, 0) / p.deadFraction.length;
  console.info(`bias −1, dead fraction by layer: ${p.deadFraction.map((d) => d.toFixed(2)).join(' ')}`);
  expect(mean).toBeGreaterThan(0.5);
  expect(p.deadFraction[5]).toBe(1);
  expect(p.theory!.forwardStd[2]).toBeLessThan(1e-3 * p.theory!.forwardStd[0]);
});

it('tanh (LeCun): forward within 8% and backward within 20% of theory at every layer', async () => {
  // tanh contracts toward its fixed point, so finite-width errors do not compound as in ReLU.
  const [p] = await probe(mlp({ depth: 10, act: 'tanh', init: [{ scheme: 'lecun_normal' }] }));
  for (let l = 0; l < 10; l++) {
    expect(logGap(p.forwardStd[l], p.theory!.forwardStd[l])).toBeLessThan(Math.log(1.08));
    expect(logGap(p.backwardStd[l], p.theory!.backwardStd![l])).toBeLessThan(Math.log(1.2));
  }
  // The curve is not flat, so agreement is not trivial: it falls by a third over the net.
  expect(p.theory!.forwardStd[9]).toBeLessThan(0.4 * p.theory!.forwardStd[0]);
  expect(p.deadFraction.every(Number.isNaN)).toBe(true);
});

it('batch norm pins the forward std where theory says, whatever the init scale', async () => {
  // 128 examples are plenty for BN's batch statistics, and halve the CPU time.
  const half = sliceBatch(batch, 128);
  const e = mlp({ depth: 3, init: [{ scheme: 'normal', std: 0.5 }], bn: ['before', 'after'] });
  const [before, after] = await probeSignal(e, planVariants(e), half, 1);
  tf.dispose([half.x, half.y]);
  for (let l = 0; l < 3; l++) {
    // BN before the activation standardises each unit over the batch: no weight draw is left to fluctuate.
    expect(logGap(before.forwardStd[l], before.theory!.forwardStd[l])).toBeLessThan(Math.log(1.03));
    // BN after it resets the scale for the next layer, so only one random layer's spread remains.
    expect(logGap(after.forwardStd[l], after.theory!.forwardStd[l])).toBeLessThan(finiteWidthBand(1, 256));
  }
  // The init's own scale (std 0.5 ≫ He's 0.05) is visible only where BN has not yet acted.
  expect(after.forwardStd[0]).toBeGreaterThan(5);
  for (const p of [before, after]) expect(p.theory!.backwardStd).toBeNull();
});

it('resmlp with zeroed branch ends: blocks pass the trunk through, and gradients agree with theory', async () => {
  const [p] = await probe(mlp({ arch: 'resmlp', depth: 3, width: 128, init: [he], zero: ['kernel'] }));
  // Hidden order: stem, then (branch activation, block output) per block.
  for (const i of [2, 4, 6]) expect(p.forwardStd[i]).toBeCloseTo(p.forwardStd[0], 5);
  for (const i of [1, 3, 5]) expect(p.backwardStd[i]).toBe(0);
  // Only the head (and the ReLU mask of 128 units) is random on the way down: one layer's band.
  for (const i of [0, 2, 4, 6]) expect(logGap(p.backwardStd[i], p.theory!.backwardStd![i])).toBeLessThan(finiteWidthBand(1, 128));
  // Theory's signature of the skip: the ReLU mask acts once, not once per block.
  expect(p.backwardStd[4] / p.backwardStd[6]).toBeCloseTo(p.theory!.backwardStd![4] / p.theory!.backwardStd![6], 1);
  expect(p.backwardStd[0] / p.backwardStd[4]).toBeCloseTo(1, 5);
});

it('CNN: inputs reshaped to images; measured std within a factor 2 of the (approximate) theory', async () => {
  // CPU convolutions are slow, so the net is tiny (8 images, 16 channels). One draw of 16
  // channels strays from the average over draws by up to ~1.7x by conv 3 (12 seeds tried),
  // and pooling is approximate: this checks the plumbing and the scale. theory.test.ts
  // checks the CNN arithmetic itself.
  const small = sliceBatch(batch, 8);
  const e: Experiment = { ...DEFAULT_EXPERIMENT, arch: 'cnn', depth: 3, channels: 16, init: [he] };
  const [p] = await probeSignal(e, planVariants(e), small, 2);
  tf.dispose([small.x, small.y]);
  expect(p.labels).toEqual(['L1', 'L2', 'L3']);
  for (let l = 0; l < 3; l++) {
    expect(logGap(p.forwardStd[l], p.theory!.forwardStd[l])).toBeLessThan(Math.log(2));
    expect(logGap(p.backwardStd[l], p.theory!.backwardStd![l])).toBeLessThan(Math.log(2));
    expect(p.deadFraction[l]).toBeGreaterThanOrEqual(0);
  }
});
