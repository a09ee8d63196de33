import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import type { SignalProfile } from '../../engine/signal/probe';
import { theoryCurve } from '../../engine/signal/theory';
import { approximateVariants, signalDatasets, signalSummary, theoryName, theoryNotes } from './signal-datasets';

/** A profile as the probe returns it, with the measurement faked and the theory real. */
function profile(e: Experiment, v: Variant, variantIndex = 0): SignalProfile {
  const theory = theoryCurve(e, v);
  const n = theory?.forwardStd.length ?? e.depth;
  return {
    variantIndex,
    labels: Array.from({ length: n }, (_, i) => `L${i + 1}`),
    forwardStd: new Array(n).fill(1),
    forwardMean: new Array(n).fill(0),
    backwardStd: new Array(n).fill(0.1),
    deadFraction: new Array(n).fill(0),
    inputSecondMoment: 1,
    logitGradSecondMoment: 0.09,
    theory,
    noTheoryReason: null,
  };
}

const v = (o: Partial<Variant> = {}): Variant => ({ init: { scheme: 'he_normal' }, bn: 'none', zero: 'none', ...o });
const mlp: Experiment = { ...DEFAULT_EXPERIMENT, depth: 3 };
const cnn: Experiment = { ...DEFAULT_EXPERIMENT, arch: 'cnn', depth: 3 };

describe('signal chart labels', () => {
  it('a checked curve is "theory"; an unchecked one is "approximate theory" in the legend', () => {
    const checked = signalDatasets([profile(mlp, v())], ['he'], 'forward', true).map((d) => d.label);
    expect(checked).toEqual(['he measured', 'he theory']);
    const approx = signalDatasets([profile(cnn, v())], ['he'], 'backward', true).map((d) => d.label);
    expect(approx).toEqual(['he measured', 'he approximate theory']);
  });

  it('only the label changes, not the curve', () => {
    const p = profile(cnn, v());
    const [, dashed] = signalDatasets([p], ['he'], 'forward', false);
    expect(dashed.data.map((pt) => (pt as { y: number }).y)).toEqual(p.theory!.forwardStd);
  });

  it('the accessible summary, the notes and the caption list say which curves are approximate', () => {
    const profiles = [profile(cnn, v(), 0), profile(cnn, v({ bn: 'before' }), 1), profile(mlp, v(), 2)];
    const labels = ['cnn', 'cnn BN', 'mlp'];
    expect(signalSummary(profiles, labels, 'forward')).toMatch(/cnn: L1 1\.0 → L3 1\.0 \(approximate theory /);
    expect(signalSummary([profiles[2]], ['mlp'], 'forward')).toMatch(/\(theory /);
    const notes = theoryNotes(profiles, labels);
    expect(notes.some((n) => n.startsWith('Approximate: for convolutions'))).toBe(true);
    expect(notes.some((n) => n.startsWith('Checked:'))).toBe(true);
    // BN has no backward curve, so the backward chart has nothing approximate to flag for it.
    expect(approximateVariants(profiles, labels, 'forward')).toEqual(['cnn', 'cnn BN']);
    expect(approximateVariants(profiles, labels, 'backward')).toEqual(['cnn']);
    expect(theoryName(profiles[2])).toBe('theory');
  });
});
