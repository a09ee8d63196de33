import { describe, expect, it } from 'vitest';
import type { HistorySummary } from '../../history/record';
import { bytes, endingText, exportFileName, usageText } from './history-text';

const summary = (over: Partial<HistorySummary>): HistorySummary => ({
  id: 'a',
  startedAt: Date.UTC(2026, 11, 2, 4, 50, 1, 5),
  savedAt: 0,
  live: false,
  description: 'MLP',
  ending: 'done',
  diverged: 0,
  steps: 40,
  bestAccuracy: 0.9,
  runs: 1,
  ...over,
});

describe('history text', () => {
  it('says how a run ended, counting diverged runs and where an interrupted one was cut off', () => {
    expect(endingText(summary({}), null)).toBe('done');
    expect(endingText(summary({ ending: 'diverged', diverged: 2 }), null)).toBe('diverged 2');
    expect(endingText(summary({ ending: 'stopped', live: true, steps: 37 }), null)).toBe('interrupted at step 37');
    expect(endingText(summary({ live: true }), 'a')).toBe('training…');
    expect(endingText(summary({ ending: 'failed' }), 'a')).toBe('failed');
  });

  it('writes sizes in 1000-based units and usage against the quota', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1_234_567)).toBe('1.2 MB');
    expect(bytes(25_000_000_000)).toBe('25 GB');
    expect(usageText({ usage: 2_000_000, quota: 200_000_000 })).toBe('2.0 MB of 200 MB used (1.0%)');
    expect(usageText({ usage: 2_000_000, quota: 0 })).toBe('2.0 MB used');
  });

  it('names the export after the start time, with no characters a file system refuses', () => {
    expect(exportFileName(summary({}))).toBe('init-lab-results-2026-12-02T04-50-01-005Z.json');
  });
});
