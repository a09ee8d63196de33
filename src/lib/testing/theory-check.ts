/**
 * Test-only: what the measured-vs-theory tests share: the probe at width 512, the log gap,
 * a deliberately wrong curve to reject, and the band assertion.
 */
import { expect } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment, type InitChoice } from '../experiment/config';
import { planVariants, type Variant } from '../experiment/plan';
import { theoryLayers } from '../engine/signal/layers';
import { probeSignal, type SignalBatch, type SignalProfile } from '../engine/signal/probe';
import { theoryCurve } from '../engine/signal/theory';
import type { Band } from './finite-width-bands';

export const WIDTH = 512;
/** Standard deviations of the band a measurement may stray from its curve. */
export const K = 3;
export const exp = (o: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, width: WIDTH, ...o });
export const variantOf = (init: InitChoice): Variant => ({ init, bn: 'none', zero: 'none' });
export const logGap = (a: number, b: number) => Math.abs(Math.log(a / b));
export const probe = async (e: Experiment, seed: number, b: SignalBatch) => (await probeSignal(e, planVariants(e), b, seed))[0];
export const inputsOf = (p: SignalProfile) => ({ inputSecondMoment: p.inputSecondMoment, logitGradSecondMoment: p.logitGradSecondMoment });
/** The same net's curve with every kernel's std scaled by `factor`: a wrong curve to reject. */
export function scaledCurve(e: Experiment, init: InitChoice, factor: number, p: SignalProfile) {
  const std = (i: InitChoice) => theoryLayers(e, variantOf(i))[0].std;
  // normal:std=… takes no gain, so its std is scaled directly; the rest through an explicit
  // gain (a kernel's std over the std its scheme gives with gain 1 is the gain it used).
  const scaled: InitChoice =
    init.scheme === 'normal' ? { ...init, std: std(init) * factor } : { ...init, gain: (std(init) / std({ ...init, gain: 1 })) * factor };
  return theoryCurve(e, variantOf(scaled), inputsOf(p))!;
}

/** Rows for console.info: measured/predicted per layer. */
export const table = (name: string, m: number[], t: number[]) =>
  `${name}: ${m.map((x, i) => `L${i + 1} ${(x / t[i]).toFixed(3)}`).join(' ')}`;

/** Asserts the measured std within K standard deviations of the curve at every layer, both ways. */
export function expectWithinBand(p: SignalProfile, band: Band, what: string): void {
  const t = p.theory!;
  for (let l = 0; l < p.forwardStd.length; l++) {
    expect(logGap(p.forwardStd[l], t.forwardStd[l]), `${what} forward L${l + 1}`).toBeLessThan(K * band.forward[l]);
    expect(logGap(p.backwardStd[l], t.backwardStd![l]), `${what} backward L${l + 1}`).toBeLessThan(K * band.backward[l]);
  }
}
