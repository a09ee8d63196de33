import { describe, expect, it } from 'vitest';
import type { RunSeries } from '../state/run-series';
import { IDENTICAL_SPREAD, observeSeries, type SeriesLike } from './observe';

// Compile-time: the state layer's series can be passed in as they are.
const fromState = (s: RunSeries[]): SeriesLike[] => s;
void fromState;

const act = (label: string, std: number, inactive: number) => ({ label, std, inactive });

describe('observeSeries', () => {
  const zeros: SeriesLike = {
    label: 'zeros',
    variant: 0,
    status: 'done',
    layers: [{ label: 'L1' }, { label: 'L2' }, { label: 'out' }],
    evals: [
      { step: 0, valAccuracy: 0.1, unitSpread: [0, 0, 0], activations: [act('L1', 0, 1), act('L2', 0, 1)] },
      { step: 50, valAccuracy: 0.11, unitSpread: [0, IDENTICAL_SPREAD / 2, 0.3], activations: [act('L1', 0, 1), act('L2', 0, 0.5)] },
    ],
  };

  it('reads the last eval for accuracy, dead units and symmetry, the first for the signal at init', () => {
    const [obs] = observeSeries([zeros]);
    expect(obs.finalValAccuracy).toBe(0.11);
    expect(obs.inactiveFraction).toEqual([1, 0.5]);
    expect(obs.hiddenLabels).toEqual(['L1', 'L2']);
    expect(obs.activationStdAtInit).toEqual([0, 0]);
    expect(obs.bnStatsAtInit).toBeNull();
    // The head is left out: equal class rows are not the hidden-unit symmetry.
    expect(obs.identicalRows).toEqual([
      { layer: 'L1', identical: true },
      { layer: 'L2', identical: true },
    ]);
  });

  it('takes the at-init picture only from an evaluation at step 0, with the BN statistics it was measured with', () => {
    const bn: SeriesLike = { ...zeros, evals: [{ ...zeros.evals[0], bnStats: 'batch' }, zeros.evals[1]] };
    expect(observeSeries([bn])[0].bnStatsAtInit).toBe('batch');
    // A run whose first evaluation is not at init (an imported partial run) has no at-init picture.
    const late: SeriesLike = { ...zeros, evals: [zeros.evals[1]] };
    expect(observeSeries([late])[0].activationStdAtInit).toBeUndefined();
  });

  it('leaves out what was not measured, and NaN dead fractions (activations that cannot die)', () => {
    const tanh: SeriesLike = {
      label: 'xavier_normal',
      variant: 1,
      status: 'diverged',
      divergedAt: 4,
      evals: [{ step: 0, valAccuracy: 0.2, activations: [act('L1', 0.6, Number.NaN)] }],
    };
    const [obs] = observeSeries([tanh]);
    expect(obs).toMatchObject({ label: 'xavier_normal', variant: 1, status: 'diverged', divergedAt: 4 });
    expect(obs.inactiveFraction).toBeUndefined();
    expect(obs.identicalRows).toBeUndefined();
    expect(observeSeries([{ label: 'x', variant: 0, status: 'pending', evals: [] }])[0]).toEqual({
      label: 'x',
      variant: 0,
      status: 'pending',
    });
  });

  it('attaches a preset claim once', () => {
    const claim = { presetId: 'zeros-symmetry', holds: true, detail: 'ok' };
    const obs = observeSeries([zeros, { ...zeros, label: 'he' }], claim);
    expect(obs[0].presetClaim).toEqual(claim);
    expect(obs[1].presetClaim).toBeUndefined();
  });
});
