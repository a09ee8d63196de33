/**
 * Test-only: a small but complete results file, as the lab exports it, for the import tests
 * (unit, fuzz and browser). Two runs of two variants, three steps, two evaluations.
 */
import { DEFAULT_EXPERIMENT } from '../experiment/config';
import type { RunSeries } from '../state/run-series';
import { buildResults, type ResultsFile } from '../export/results';

export function sampleRun(over: Partial<RunSeries> = {}): RunSeries {
  const layers = ['L1', 'out'].map((label, i) => ({
    name: `dense${i + 1}`,
    label,
    shape: i === 0 ? [784, 8] : [8, 10],
    fanIn: i === 0 ? 784 : 8,
    fanOut: i === 0 ? 8 : 10,
    initStd: 0.05,
    initMean: 0,
    gain: Math.SQRT2,
  }));
  const act = (label: string) => ({
    label,
    mean: 0.5,
    std: 0.8,
    inactive: 0,
    min: 0,
    max: 3,
    histogram: Array.from({ length: 24 }, (_, i) => i),
  });
  return {
    runId: 'v0s0',
    label: 'he_normal',
    variantLabel: over.label ?? 'he_normal',
    variant: 0,
    repeat: 0,
    status: 'done',
    layers,
    activation: 'relu',
    notes: [],
    totalSteps: 3,
    stepsPerEpoch: 125,
    batchSize: 64,
    loss: [2.3, 1.9, 1.5],
    gradNorms: [
      [1, 0.9, 0.8],
      [0.5, 0.4, 0.3],
    ],
    // Built without an EvalRecord annotation so the bnStats field main's evaluations carry
    // (and the Python script writes) is there whichever version of EvalRecord this compiles against.
    evals: [0, 3].map((step) => {
      const record = {
        step,
        valLoss: 2.3 - step * 0.2,
        valAccuracy: 0.1 + step * 0.2,
        weightNorms: [22, 4],
        updateRatios: step ? [0.01, 0.02] : [Number.NaN, Number.NaN],
        unitSpread: [0.3, 0.2],
        activations: [act('L1')],
        bnStats: null,
      };
      return record;
    }),
    examplesPerSec: 1000,
    trainMs: 190,
    ...over,
  };
}

export function sampleResults(
  runs: RunSeries[] = [sampleRun(), sampleRun({ runId: 'v1s0', label: 'xavier_normal', variant: 1 })],
): ResultsFile {
  return buildResults({
    exportedAt: '2026-12-01T00:00:00.000Z',
    shareUrl: 'http://localhost/?v=1',
    experiment: DEFAULT_EXPERIMENT,
    environment: { backend: 'webgl', renderer: 'SwiftShader', tfjsVersion: '4.22.0', fallbackReason: null, userAgent: 'test' },
    dataset: { name: 'mnist10k', train: 8000, validation: 2000 },
    runs,
  });
}
