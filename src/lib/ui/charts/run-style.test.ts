import { describe, expect, it } from 'vitest';
import type { SignalProfile } from '../../engine/signal/probe';
import { importedRuns } from '../../state/imported-series';
import type { RunSeries } from '../../state/run-series';
import { sampleRun } from '../../testing/results-fixture';
import { lossBandDatasets, accuracyBandDatasets } from '../inside/band-datasets';
import { kernelDatasets, referenceLine } from '../inside/layer-datasets';
import { VARIANT_COLOURS } from './palette';
import { isImported, runStyle } from './run-style';
import { accuracyDatasets, gradNormDatasets, lossDatasets, type Series } from './series';
import { signalDatasets } from './signal-datasets';

/** Two variants, two seeds each: what a comparison over seeds plans. */
function runs(): RunSeries[] {
  return [0, 1].flatMap((variant) =>
    [0, 1].map((repeat) =>
      sampleRun({ runId: `v${variant}s${repeat}`, variant, repeat, label: `v${variant}`, variantLabel: `v${variant}` }),
    ),
  );
}

function profile(variantIndex: number): SignalProfile {
  return { variantIndex, labels: ['L1', 'L2'], forwardStd: [1, 1], backwardStd: [0.1, 0.1], theory: null } as unknown as SignalProfile;
}

/** Label prefix "v<k>" -> the colours that variant's lines (not band edges) were drawn in. */
function coloursByVariant(sets: Series[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of sets) {
    if (d.borderColor === 'transparent') continue;
    const key = /v\d/.exec(d.label ?? '')![0];
    out.set(key, (out.get(key) ?? new Set()).add(String(d.borderColor)));
  }
  return out;
}

describe('run style', () => {
  it('every dataset builder draws a variant in that variant’s one colour, every seed alike', () => {
    const all = runs();
    const builders: Series[][] = [
      lossDatasets(all),
      accuracyDatasets(all),
      lossBandDatasets(all, 'minmax'),
      accuracyBandDatasets(all, 'sd'),
      signalDatasets([profile(0), profile(1)], ['v0', 'v1'], 'forward', false),
    ];
    for (const sets of builders) {
      const byVariant = coloursByVariant(sets);
      expect([...byVariant.get('v0')!]).toEqual([VARIANT_COLOURS.light[0]]);
      expect([...byVariant.get('v1')!]).toEqual([VARIANT_COLOURS.light[1]]);
    }
  });

  it('the band of a variant is its own colour, see-through', () => {
    const [, lo, hi] = lossBandDatasets(runs(), 'minmax');
    expect(hi.backgroundColor).toBe('rgba(0, 114, 178, 0.22)');
    expect(lo.borderColor).toBe('transparent');
  });

  it('browser runs draw solid, imported runs dotted; each keeps a different dash for its validation line', () => {
    const own = runs()[0];
    const [imported] = importedRuns(1, 'PyTorch', [own]);
    expect(isImported(own)).toBe(false);
    expect(isImported(imported)).toBe(true);
    const [ownTrain, ownVal, impTrain, impVal] = lossDatasets([own, imported]);
    expect(ownTrain.borderDash).toBeUndefined();
    expect(impTrain.borderDash).toEqual(runStyle(imported).dash);
    expect(new Set([ownVal.borderDash, impTrain.borderDash, impVal.borderDash].map(String)).size).toBe(3);
    // The band chart's mean line agrees with the per-run chart.
    const [bandMean] = lossBandDatasets([imported], 'minmax');
    expect(bandMean.borderDash).toEqual(impTrain.borderDash);
  });

  it('dark scheme: the same variant gets its dark colour, black becoming light grey', () => {
    expect(runStyle({ variant: 7 }, 'dark').colour).toBe('#DDDDDD');
    expect(runStyle({ variant: 7 }, 'light').colour).toBe('#000000');
    expect(runStyle({ variant: 0 }, 'dark').colour).toBe(runStyle({ variant: 8 }, 'dark').colour);
  });

  it('per-layer charts use the layer ramp, and the reference line is neutral and dashed', () => {
    const run = runs()[0];
    const grads = gradNormDatasets(run).map((d) => d.borderColor);
    const kernels = kernelDatasets(run, 'weightNorms', false).map((d) => d.borderColor);
    expect(kernels).toEqual(grads);
    expect(new Set(grads).size).toBe(grads.length);
    const [ref] = referenceLine('rule', 1e-3, run);
    expect(ref.borderColor).toBe('#555555');
    expect(ref.borderDash).toEqual([5, 5]);
  });
});
