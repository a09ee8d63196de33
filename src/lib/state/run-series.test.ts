import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../engine/events';
import { emptySeries, withEvent, withEvents } from './run-series';

const layers = [{ name: 'dense_1/kernel', label: 'L1', shape: [2, 2], fanIn: 2, fanOut: 2, initStd: 1, initMean: 0, gain: null }];
const start = (runId: string): RunEvent => ({
  type: 'start',
  runId,
  layers,
  totalSteps: 4,
  stepsPerEpoch: 4,
  batchSize: 2,
  activation: 'relu',
  notes: [],
});
const steps = (runId: string, firstStep: number, loss: number[]): RunEvent => ({
  type: 'steps',
  runId,
  firstStep,
  loss: Float32Array.from(loss),
  gradNorms: Float32Array.from(loss, (l) => l / 10),
  examplesPerSec: 100,
  elapsedMs: 10,
});

describe('withEvents', () => {
  it('folds a batch of events for several runs exactly as applying them one by one would', () => {
    const series = [emptySeries('a', 'A', 0, 0), emptySeries('b', 'B', 1, 0)];
    const events: RunEvent[] = [
      start('a'),
      start('b'),
      steps('a', 1, [2, 1.5]),
      steps('b', 1, [3]),
      steps('a', 3, [1.2, 1]),
      { type: 'end', runId: 'a', status: 'done', steps: 4 },
    ];
    const batched = withEvents(series, events);
    const oneByOne = events.reduce((acc, e) => acc.map((s) => (s.runId === e.runId ? withEvent(s, e) : s)), series);
    expect(batched).toEqual(oneByOne);
    expect(batched[0].loss).toEqual([2, 1.5, Math.fround(1.2), 1]);
    expect(batched[0].gradNorms[0]).toHaveLength(4);
    expect(batched[0].status).toBe('done');
    expect(batched[1].loss).toEqual([3]);
    expect(batched[1].status).toBe('running');
  });

  it('leaves runs without events untouched (same object: nothing downstream recomputes)', () => {
    const series = [emptySeries('a', 'A', 0, 0), emptySeries('b', 'B', 1, 0)];
    const next = withEvents(series, [start('a')]);
    expect(next[1]).toBe(series[1]);
    expect(next[0]).not.toBe(series[0]);
  });

  it('a resumed start drops what was reported after its step, and the run is running again', () => {
    const evalAt = (step: number): RunEvent => ({
      type: 'eval',
      runId: 'a',
      step,
      valLoss: 1,
      valAccuracy: 0.5,
      weightNorms: [1],
      updateRatios: [0],
      unitSpread: [1],
      activations: [],
      bnStats: null,
    });
    const before = withEvents(
      [emptySeries('a', 'A', 0, 0)],
      [
        start('a'),
        evalAt(0),
        steps('a', 1, [4, 3]),
        evalAt(2),
        steps('a', 3, [2, 1]),
        { type: 'end', runId: 'a', status: 'diverged', steps: 3, divergedAt: 4 },
      ],
    );
    const [resumed] = withEvents(before, [{ ...start('a'), resumedAt: 2 } as RunEvent]);
    expect(resumed.loss).toEqual([4, 3]);
    expect(resumed.gradNorms[0]).toEqual([Math.fround(0.4), Math.fround(0.3)]);
    expect(resumed.evals.map((e) => e.step)).toEqual([0, 2]);
    expect([resumed.status, resumed.divergedAt]).toEqual(['running', undefined]);
  });
});
