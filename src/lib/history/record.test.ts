import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT } from '../experiment/config';
import { describeExperiment } from '../experiment/url';
import { sampleResults, sampleRun } from '../testing/results-fixture';
import type { RunSeries } from '../state/run-series';
import { bestAccuracy, endingOf, settled, summarize, type HistoryRecord } from './record';

/** A run whose evaluations end at `final` accuracy. */
function run(over: Partial<RunSeries>, final?: number): RunSeries {
  const base = sampleRun(over);
  if (final === undefined) return base;
  return { ...base, evals: base.evals.map((e, i, all) => (i === all.length - 1 ? { ...e, valAccuracy: final } : e)) };
}

const record = (runs: RunSeries[], live = false): HistoryRecord => ({
  id: 'r1',
  startedAt: 1000,
  savedAt: 2000,
  live,
  results: sampleResults(runs),
});

describe('summarize', () => {
  it('takes the best final accuracy, counting a diverged run as 0 whatever it reached before', () => {
    // Finals 0.7 and 0.82; the diverged run's last evaluation (0.95) came before its blow-up.
    const runs = [run({ runId: 'a' }, 0.7), run({ runId: 'b' }, 0.82), run({ runId: 'c', status: 'diverged', divergedAt: 2 }, 0.95)];
    const s = summarize(record(runs));
    expect(s.bestAccuracy).toBe(0.82);
    expect(s).toMatchObject({ id: 'r1', startedAt: 1000, runs: 3, ending: 'diverged', diverged: 1, steps: 3, live: false });
    expect(s.description).toBe(describeExperiment(DEFAULT_EXPERIMENT));
  });

  it('has no accuracy before any evaluation, and 0 when every run diverged', () => {
    expect(bestAccuracy([run({ evals: [] })])).toBeNull();
    expect(bestAccuracy([run({ status: 'diverged', evals: [] })])).toBe(0);
  });

  it('says failed over stopped over diverged over done', () => {
    const ending = (...statuses: RunSeries['status'][]) =>
      summarize(record(statuses.map((status, i) => run({ runId: `r${i}`, status })))).ending;
    expect(ending('done', 'done')).toBe('done');
    expect(ending('done', 'diverged')).toBe('diverged');
    expect(ending('diverged', 'stopped')).toBe('stopped');
    expect(ending('stopped', 'failed', 'diverged')).toBe('failed');
  });
});

describe('a live record', () => {
  const cut = record([run({ runId: 'a', status: 'running', loss: [2.3, 2.1] }), run({ runId: 'b', status: 'pending', loss: [] })], true);

  it('is training for the page saving it and interrupted for any other', () => {
    const s = summarize(cut);
    expect(endingOf(s, 'r1')).toBe('training');
    expect(endingOf(s, null)).toBe('interrupted');
    expect(endingOf(s, 'another')).toBe('interrupted');
    expect(s.steps).toBe(2);
    expect(endingOf(summarize(record([run({})])), null)).toBe('done');
  });

  it('settles into stopped runs that say where they were cut off; a finished one is unchanged', () => {
    const runs = settled(cut).runs;
    expect(runs.map((r) => r.status)).toEqual(['stopped', 'stopped']);
    expect(runs[0].message).toBe('interrupted at step 2: the page was closed or reloaded while it trained');
    expect(runs[1].message).toMatch(/^interrupted at step 0/);
    const done = record([run({})]);
    expect(settled(done)).toBe(done.results);
  });
});
