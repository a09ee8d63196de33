import { describe, expect, it } from 'vitest';
import type { ActivationStats } from '../../engine/events';
import { variantSummary } from '../../state/aggregate';
import { emptySeries, type EvalRecord, type RunSeries } from '../../state/run-series';
import { accuracyBandDatasets, bandSeries, isBandEdge, lossBandDatasets, translucent } from './band-datasets';
import { latestSummary } from './chart-summary';
import { percent } from '../../percent';
import { bnStatsLabel, bnStatsNote, layerTitle, short } from './format';
import { deadSummary, hasInactiveState, heatColour, HEAT_STOPS, inactiveGrid, offUnitsName } from './heatmap-data';
import { histogramBars } from './histogram-data';
import { lsuvRows } from './lsuv-rows';
import { kernelDatasets, referenceLine } from './layer-datasets';
import { accuracyCell, divergedCell, inactiveCell, stepsTo90Cell } from './summary-format';

function act(label: string, inactive: number): ActivationStats {
  return { label, mean: 0.1, std: 0.5, inactive, min: -1, max: 1, histogram: [1, 3, 0, 4] };
}
function evalAt(step: number, acc: number, inactive = [0, 0.35]): EvalRecord {
  return {
    step,
    valLoss: 1 - acc,
    valAccuracy: acc,
    weightNorms: [2, 0],
    updateRatios: step === 0 ? [Number.NaN, Number.NaN] : [1e-3, 1e-2],
    unitSpread: [0.5, 0.5],
    bnStats: null,
    activations: inactive.map((v, l) => act(`L${l + 1}`, v)),
  };
}
function run(variant: number, repeat: number, loss: number[], evals: EvalRecord[], extra: Partial<RunSeries> = {}): RunSeries {
  return { ...emptySeries(`v${variant}s${repeat}`, 'he_normal', variant, repeat, 2), status: 'done', loss, evals, ...extra };
}

describe('format', () => {
  it('names the BN statistics of each figure, and says nothing for runs without BN', () => {
    expect([bnStatsLabel('batch'), bnStatsLabel('moving'), bnStatsLabel(null), bnStatsLabel(undefined)]).toEqual([
      'BN: batch statistics',
      'BN: moving statistics',
      '',
      '',
    ]);
    expect(bnStatsNote([{ bnStats: null }, { bnStats: null }])).toBeNull();
    expect(bnStatsNote([{ bnStats: 'batch' }, { bnStats: 'moving' }])).toMatch(
      /^Batch norm: step 0 is measured with the probe batch’s own statistics/,
    );
  });

  it('keeps small values visible and says "–" for NaN', () => {
    expect([short(0.123), short(1.2e-5), short(0), short(Number.NaN), short(23456)]).toEqual(['0.12', '1.2e-5', '0', '–', '2.3e+4']);
    expect([percent(0.354), percent(Number.NaN)]).toEqual(['35%', '–']);
    expect(layerTitle('L3', 0.123, 0.54)).toBe('L3 · mean 0.12 · std 0.54');
  });
});

describe('band datasets', () => {
  const points = [
    { x: 1, mean: 2, sd: 1, min: 1, max: 4, n: 2 },
    { x: 2, mean: 1, sd: 2, min: 0, max: 3, n: 2 },
  ];
  it('draws mean, lower and upper edge (filled to the lower one), edges hidden from the legend', () => {
    const [mean, lo, hi] = bandSeries('he', '#0072B2', points, 'minmax');
    expect(mean.data.map((p) => p.y)).toEqual([2, 1]);
    expect(lo.data.map((p) => p.y)).toEqual([1, 0]);
    expect(hi.data.map((p) => p.y)).toEqual([4, 3]);
    expect(hi.fill).toBe('-1');
    expect([isBandEdge(mean.label), isBandEdge(lo.label), isBandEdge(hi.label)]).toEqual([false, true, true]);
    expect(translucent('#0072B2', 0.2)).toBe('rgba(0, 114, 178, 0.2)');
  });
  it('turns values a log axis cannot show into gaps, and skips the band for a single seed', () => {
    const [, lo] = bandSeries('he', '#000000', points, 'sd', { log: true });
    expect(lo.data.map((p) => p.y)).toEqual([1, Number.NaN]);
    expect(
      bandSeries(
        'he',
        '#000000',
        points.map((p) => ({ ...p, n: 1 })),
        'sd',
      ),
    ).toHaveLength(1);
  });
  it('builds loss (train band + dashed validation) and accuracy in percent per variant', () => {
    const runs = [run(0, 0, [3, 2], [evalAt(0, 0.1)]), run(0, 1, [1, 2], [evalAt(0, 0.3)])];
    const loss = lossBandDatasets(runs, 'minmax');
    expect(loss.map((d) => d.label)).toEqual(['he_normal train', 'he_normal train · min', 'he_normal train · max', 'he_normal validation']);
    expect(loss[0].data).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 2 },
    ]);
    const acc = accuracyBandDatasets(runs, 'minmax');
    expect(acc[0].data[0].y).toBeCloseTo(20, 10);
    expect(latestSummary('Acc', acc, (y) => y.toFixed(0))).toBe('Acc: he_normal 20 at step 0');
  });
});

describe('per-layer views', () => {
  const r = run(0, 0, [1], [evalAt(0, 0.1), evalAt(50, 0.5, [0.1, 0.6])], {
    layers: [
      { name: 'd1', label: 'L1', shape: [2, 2], fanIn: 2, fanOut: 2, initStd: 1, initMean: 0, gain: 1 },
      { name: 'out', label: 'out', shape: [2, 2], fanIn: 2, fanOut: 2, initStd: 1, initMean: 0, gain: 1 },
    ],
    activation: 'relu',
  });
  it('grids the inactive fraction by layer and step, and summarises the latest', () => {
    const grid = inactiveGrid(r);
    expect(grid.steps).toEqual(['0', '50']);
    expect(grid.layers).toEqual(['L1', 'L2']);
    expect(grid.cells).toContainEqual({ x: '50', y: 'L2', v: 0.6 });
    expect(deadSummary(r)).toBe('Dead units: L1 10%, L2 60% at step 50');
    // Below 0 a leaky ReLU unit still has slope a: it is inactive on the batch, not dead.
    expect(deadSummary({ ...r, activation: 'leaky_relu' })).toBe('Inactive units: L1 10%, L2 60% at step 50');
    expect(offUnitsName({ ...r, activation: 'gelu' })).toBe('Inactive units');
    expect(hasInactiveState(r)).toBe(true);
    expect(hasInactiveState(run(0, 0, [], [evalAt(0, 0.1, [Number.NaN])]))).toBe(false);
    expect(hasInactiveState(run(0, 0, [], []))).toBeNull();
    expect(inactiveGrid(run(0, 0, [], [evalAt(0, 0.1, [Number.NaN])])).cells).toEqual([]);
  });
  it('colours from the lightest to the darkest stop', () => {
    expect(heatColour(0)).toBe('rgb(255, 255, 217)');
    expect(heatColour(1)).toBe('rgb(8, 29, 88)');
    expect(heatColour(Number.NaN)).toBe(heatColour(0));
    expect(HEAT_STOPS).toHaveLength(9);
  });
  it('draws kernel lines with log gaps and a reference line over the evaluated steps', () => {
    const norms = kernelDatasets(r, 'weightNorms', true);
    expect(norms.map((d) => d.label)).toEqual(['L1', 'out']);
    expect(norms[1].data.map((p) => p.y)).toEqual([Number.NaN, Number.NaN]);
    expect(referenceLine('ref', 1e-3, r)[0].data).toEqual([
      { x: 0, y: 1e-3 },
      { x: 50, y: 1e-3 },
    ]);
    expect(referenceLine('ref', 1e-3, undefined)).toEqual([]);
  });
  it('turns histogram counts into shares and spots a constant layer', () => {
    const bars = histogramBars(act('L1', 0));
    expect(bars.shares).toEqual([12.5, 37.5, 0, 50]);
    expect(bars.labels).toEqual(['-0.75', '-0.25', '0.25', '0.75']);
    expect(histogramBars({ ...act('L1', 0), min: 0, max: 0 }).constant).toBe(true);
  });
});

describe('summary cells', () => {
  it('spells out accuracy range, never / not yet, divergence and dead units', () => {
    const a = run(0, 0, [1], [evalAt(0, 0.1), evalAt(50, 0.95)]);
    const b = run(0, 1, [1], [evalAt(0, 0.1), evalAt(50, 0.5)], { status: 'diverged', divergedAt: 12 });
    const s = variantSummary([a, b]);
    expect(accuracyCell(s)).toBe('72.5% (50.0–95.0)');
    expect(stepsTo90Cell(s)).toBe('never (1/2 seeds reached)');
    expect(stepsTo90Cell({ ...s, live: true })).toBe('not yet (1/2 seeds reached)');
    expect(divergedCell(s)).toBe('#2 at step 12');
    expect(inactiveCell(s)).toBe('35% (L2)');
    const one = variantSummary([a]);
    expect([stepsTo90Cell(one), divergedCell(one), accuracyCell(one)]).toEqual(['50', 'no', '95.0%']);
    expect(inactiveCell(variantSummary([run(0, 0, [1], [evalAt(0, 0.1, [Number.NaN])])]))).toBe('–');
  });
});

describe('lsuvRows', () => {
  const layer = (label: string, shape: number[], initStd: number, scale?: number) => ({
    name: label,
    label,
    shape,
    fanIn: shape[0],
    fanOut: shape[1],
    initStd,
    initMean: 0,
    gain: null,
    ...(scale === undefined ? {} : { lsuv: { scale, iterations: 1, varianceBefore: 1 / scale ** 2, variance: 1 } }),
  });
  it('lists each kernel’s scale, divisions and drawn std for an lsuv run, nothing for others', () => {
    // L1 784×256: σ = 1.5/√784 = 0.05357; out 256×10: σ = 0.8/√256 = 0.05.
    const rows = lsuvRows([layer('L1', [784, 256], 1.5 / 28, 1.5), layer('out', [256, 10], 0.05, 0.8)]);
    expect(rows).toEqual([
      { label: 'L1', shape: '784×256', scale: '×1.50', iterations: 1, initStd: '0.0536' },
      { label: 'out', shape: '256×10', scale: '×0.800', iterations: 1, initStd: '0.0500' },
    ]);
    expect(lsuvRows([layer('L1', [784, 256], 0.05)])).toEqual([]);
    expect(lsuvRows([])).toEqual([]);
  });
});
