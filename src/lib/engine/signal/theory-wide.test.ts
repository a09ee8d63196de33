/**
 * Wide layers: the measured at-init std of every hidden layer, forward and backward, against
 * the lab's own mean-field curve, at width 512 on a real MNIST batch of 256, with a tolerance
 * per layer derived from finite-width theory — and, each time, a wrong curve that the same
 * tolerance rejects, so that agreement is not an accident of a loose band.
 *
 * The bands are derived in testing/finite-width-bands.ts (one draw of the weights, 3 standard
 * deviations of log(measured/theory) allowed); this header records how close they are.
 *
 * Measured spread, to show how close the bounds are (this batch, seeds 1–8 or 1–24, sd of
 * log(measured/theory) per layer, first → last hidden layer):
 *   ReLU He, 8 seeds:        forward 0.011 → 0.17 (bound 0.046 → 0.155; layer 1 over 30
 *                            seeds: 0.026), backward 0.070 → 0.029 (bound 0.151 → 0.031)
 *   tanh Xavier, 24 seeds:   forward 0.007 → 0.025 (bound 0.017 → 0.055), backward 0.097 →
 *                            0.038 (bound 0.117 → 0.031: near the top, 10–20% above the
 *                            bound, within the ±15% sampling error of an sd from 24 draws)
 *   residual MLP, 8 seeds:   forward 0.011 → 0.139 (bound 0.046 → 0.14), backward ≤ 0.046
 *                            (bound 0.031 → 0.17, see residualSd)
 * The means of the same logs are within ~2 standard errors of 0 (ReLU drifts down by ~0.05
 * at layer 10, as the log of a fluctuating product should: −½·Var), with one small known
 * bias: at layer 1 of a tanh net the curve is 0.5% high (Xavier; 0.05% at σ = 1), because it
 * treats the input as one Gaussian of the pooled E[x²] while each digit has its own ‖x‖²
 * (CV 0.21 over this batch, and E[tanh²] is concave in the scale: the mixture gives 0.47%
 * less, computed from the batch). The chaotic tanh net (σ = 1) gets its own band below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitChoice } from '../../experiment/config';
import { chaoticBackwardSd, deltaMethodSd } from '../../testing/finite-width-bands';
import {
  exp,
  expectWithinBand,
  inputsOf,
  K,
  logGap,
  probe as probeOn,
  scaledCurve,
  table,
  variantOf,
  WIDTH,
} from '../../testing/theory-check';
import { actMoments } from './act-math';
import { theoryLayers } from './layers';
import type { SignalBatch } from './probe';
import { finiteWidthBand, mnistBatch } from '../../testing/mnist-batch';
import { theoryCurve } from './theory';

let batch: SignalBatch;
let dispose: () => void;
beforeAll(async () => {
  ({ batch, dispose } = await mnistBatch(256));
});
afterAll(() => {
  dispose();
});
const probe = (e: Parameters<typeof probeOn>[0], seed: number) => probeOn(e, seed, batch);

describe('plain MLPs at width 512 (depth 10)', () => {
  it('the delta-method band reduces to the Hanin–Nica ReLU figure: 5/n per layer', () => {
    const e = exp({ depth: 10 });
    const band = deltaMethodSd(e, variantOf({ scheme: 'he_normal' }), 1);
    // Forward layer l: 5(l−1)/n carried, plus the layer's own std noise: for relu(N(0, 1)),
    // E(f − Ef)⁴/Var(f)² − 1 = (3/2 − 5/(2π) − 3/(4π²))/(1/2 − 1/(2π))² − 1 = 4.40764.
    const own = (1.5 - 5 / (2 * Math.PI) - 3 / (4 * Math.PI ** 2)) / (0.5 - 1 / (2 * Math.PI)) ** 2 - 1;
    expect(own).toBeCloseTo(4.40764, 5);
    for (let l = 1; l <= 10; l++) expect(band.forward[l - 1]).toBeCloseTo(0.5 * Math.sqrt((5 * (l - 1) + own) / WIDTH), 6);
    // Backward at layer l: the head's 2/n plus 5/n per layer above.
    for (let l = 1; l <= 10; l++) expect(band.backward[l - 1]).toBeCloseTo(0.5 * Math.sqrt((2 + 5 * (10 - l)) / WIDTH), 6);
    for (let l = 1; l <= 10; l++) expect(K * band.forward[l - 1]).toBeLessThanOrEqual(finiteWidthBand(l, WIDTH));
  });

  it.each([
    ['he_normal', 'xavier_normal', 1],
    ['xavier_normal', 'he_normal', 2],
  ] as const)('ReLU, %s: every layer within the band, both ways; %s’s curve and σ ± 10% are rejected', async (scheme, other, seed) => {
    const e = exp({ depth: 10, init: [{ scheme }] });
    const p = await probe(e, seed);
    const t = p.theory!;
    const band = deltaMethodSd(e, variantOf({ scheme }), p.inputSecondMoment);
    console.info(table(`ReLU ${scheme} forward, measured/theory`, p.forwardStd, t.forwardStd));
    console.info(table(`ReLU ${scheme} backward, measured/theory`, p.backwardStd, t.backwardStd!));
    expectWithinBand(p, band, scheme);
    // Layer to layer, the measured factor is theory's (1 for He, √½ for Xavier) within one layer's band.
    for (let l = 1; l < 10; l++) {
      expect(logGap(p.forwardStd[l] / p.forwardStd[l - 1], t.forwardStd[l] / t.forwardStd[l - 1])).toBeLessThan(finiteWidthBand(1, WIDTH));
    }
    // The other scheme's curve is outside the band at every layer, forward and backward.
    const wrong = theoryCurve(e, variantOf({ scheme: other }), inputsOf(p))!;
    for (let l = 0; l < 10; l++) {
      expect(logGap(p.forwardStd[l], wrong.forwardStd[l])).toBeGreaterThan(K * band.forward[l]);
      if (l < 9) expect(logGap(p.backwardStd[l], wrong.backwardStd![l])).toBeGreaterThan(K * band.backward[l]);
    }
    // σ 10% off compounds to 1.1¹⁰ = 2.6 by layer 10 (forward) and at layer 1 (backward).
    for (const factor of [0.9, 1.1]) {
      const off = scaledCurve(e, { scheme }, factor, p);
      expect(logGap(p.forwardStd[9], off.forwardStd[9])).toBeGreaterThan(K * band.forward[9]);
      expect(logGap(p.backwardStd[0], off.backwardStd![0])).toBeGreaterThan(K * band.backward[0]);
    }
  });

  it('tanh, xavier_normal: every layer within the band; σ ± 10% is rejected', async () => {
    const init: InitChoice = { scheme: 'xavier_normal' };
    const e = exp({ depth: 10, act: 'tanh', init: [init] });
    const p = await probe(e, 1);
    const t = p.theory!;
    const band = deltaMethodSd(e, variantOf(init), p.inputSecondMoment);
    console.info(table('tanh Xavier forward, measured/theory', p.forwardStd, t.forwardStd));
    console.info(table('tanh Xavier backward, measured/theory', p.backwardStd, t.backwardStd!));
    expectWithinBand(p, band, 'tanh Xavier');
    // Xavier on tanh is critical (n·σ² = 1): the curve decays slowly (0.66 → 0.23), and a
    // σ 10% off either way leaves the critical line — outside the band from layer 4 on.
    for (const factor of [0.9, 1.1]) {
      const off = scaledCurve(e, init, factor, p);
      for (let l = 3; l < 10; l++) expect(logGap(p.forwardStd[l], off.forwardStd[l])).toBeGreaterThan(K * band.forward[l]);
      expect(logGap(p.backwardStd[0], off.backwardStd![0])).toBeGreaterThan(K * band.backward[0]);
    }
  });
});

/**
 * The chaotic phase (tanh, σ = 1: n·σ² = 512). Forward, every unit saturates, the std sits
 * at 0.98 whatever σ is (a σ 10% off moves it by 0.17%), and the single-input band above
 * (≈ 0.0034 in log std) holds with room to spare. Backward, the single-input band is valid
 * but useless: tanh′(z)² = sech⁴(z) is near 0 except for |z| ≲ 1 out of a std of ~22, so
 * one input's mask has Var(f′²)/(E f′²)² ≈ 28 and the band reaches 0.6 at layer 1. A batch
 * averages that away, because chaos decorrelates the examples: the correlation map's slope
 * at c = 0 is n·σ²·(E tanh′(z))² < 1 (checked below), so c = 0 is a stable fixed point and
 * the B examples reach each mask as nearly independent draws. The band then takes per layer
 *   2/n (the χ² of the weights, not reduced: bounded as for one input)
 *   + 3·Var(f′²)/(E f′²)²/(n·B) (the mask, averaged over B independent examples),
 * ≈ 2.3/n per layer. Measured over 24 seeds the per-layer increment of log std has sd
 * 0.014–0.024 (≈ 0.8/n in log second moment) and layer 1 sd 0.063, so this band (0.106 at
 * layer 1) is about 1.6× the measured spread.
 */
describe('the chaotic phase: tanh, σ = 1, width 512', () => {
  it('forward saturates where theory says; backward grows by χ per layer as theory says; σ ± 10% is rejected', async () => {
    const init: InitChoice = { scheme: 'normal', std: 1 };
    const e = exp({ depth: 10, act: 'tanh', init: [init] });
    const p = await probe(e, 1);
    const t = p.theory!;
    const single = deltaMethodSd(e, variantOf(init), p.inputSecondMoment);
    const chaos = chaoticBackwardSd(e, variantOf(init), p.inputSecondMoment, batch.x.shape[0]);
    console.info(
      `tanh σ=1 bands (log std, 1 sd): single-input forward ${single.forward.map((x) => x.toFixed(4)).join(' ')}; single-input backward ${single.backward.map((x) => x.toFixed(3)).join(' ')}; batch backward ${chaos.backward.map((x) => x.toFixed(3)).join(' ')}; correlation slope ${chaos.corrSlope.map((x) => x.toFixed(2)).join(' ')}`,
    );
    console.info(table('tanh σ=1 forward, measured/theory', p.forwardStd, t.forwardStd));
    console.info(table('tanh σ=1 backward, measured/theory', p.backwardStd, t.backwardStd!));
    // The premise of the backward band: examples decorrelate from layer 2 on.
    for (let l = 1; l < 10; l++) expect(chaos.corrSlope[l]).toBeLessThan(1);
    for (let l = 0; l < 10; l++) {
      expect(logGap(p.forwardStd[l], t.forwardStd[l]), `forward L${l + 1}`).toBeLessThan(K * single.forward[l]);
      expect(logGap(p.backwardStd[l], t.backwardStd![l]), `backward L${l + 1}`).toBeLessThan(K * chaos.backward[l]);
    }
    // χ_l = n_out·σ²·E[tanh′(z_l)²], the factor on E[δ²] from layer l to layer l − 1.
    const rows: string[] = [];
    let m2 = p.inputSecondMoment;
    const layers = theoryLayers(e, variantOf(init));
    const chi: number[] = [];
    for (let l = 0; l < 10; l++) {
      const vz = layers[l].fanIn * layers[l].std ** 2 * m2;
      const m = actMoments('tanh', 0, 0, vz);
      chi.push(layers[l].fanOut * layers[l].std ** 2 * m.d2);
      m2 = m.m2;
    }
    for (let l = 1; l < 10; l++) {
      const theory = (t.backwardStd![l - 1] / t.backwardStd![l]) ** 2;
      const measured = (p.backwardStd[l - 1] / p.backwardStd[l]) ** 2;
      rows.push(`L${l + 1}→L${l}: χ ${chi[l].toFixed(2)}, curve ${theory.toFixed(2)}, measured ${measured.toFixed(2)}`);
      // The curve's step is exactly χ (no pooling here), and well above 1.
      expect(theory / chi[l]).toBeCloseTo(1, 9);
      expect(chi[l]).toBeGreaterThan(10);
      // One layer's step: log χ is twice a log-std increment, whose sd is ½√(perLayer).
      expect(Math.abs(Math.log(measured / theory))).toBeLessThan(K * Math.sqrt(chaos.perLayer[l]));
    }
    const growth = p.backwardStd[0] / p.backwardStd[9];
    const predicted = t.backwardStd![0] / t.backwardStd![9];
    console.info(`tanh σ=1 backward: ${rows.join('; ')}; L1/L10 measured ${growth.toExponential(3)}, theory ${predicted.toExponential(3)}`);
    expect(growth).toBeGreaterThan(1e4);
    // σ 10% off: χ ∝ σ in saturation (σ² times a slope mass ∝ 1/σ), so 1.1^4.5 by layer 1, and the head.
    for (const factor of [0.9, 1.1]) {
      const off = scaledCurve(e, init, factor, p);
      expect(logGap(p.backwardStd[0], off.backwardStd![0])).toBeGreaterThan(K * chaos.backward[0]);
    }
  });
});
