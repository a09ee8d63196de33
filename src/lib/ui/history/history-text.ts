/** What the run history panel writes about a record: how it ended, the storage it uses, its names. */
import { endingOf, type HistorySummary } from '../../history/record';
import { isoTime, localTime } from '../../history/when';
import { percent } from '../../percent';

export function endingText(summary: HistorySummary, liveId: string | null): string {
  const ending = endingOf(summary, liveId);
  switch (ending) {
    case 'diverged':
      return `diverged ${summary.diverged}`;
    case 'interrupted':
      return `interrupted at step ${summary.steps}`;
    case 'training':
      return 'training…';
    default:
      return ending;
  }
}

/** 1000-based units, as browsers and disks report sizes. */
export function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

export function usageText({ usage, quota }: { usage: number; quota: number }): string {
  return quota > 0 ? `${bytes(usage)} of ${bytes(quota)} used (${percent(usage / quota, 1)})` : `${bytes(usage)} used`;
}

/** The record's name in buttons' labels and overlays: when it ran, and what. */
export const recordName = (s: HistorySummary): string => `run of ${localTime(s.startedAt)} (${s.description})`;

export const exportFileName = (s: HistorySummary): string => `init-lab-results-${isoTime(s.startedAt).replace(/[:.]/g, '-')}.json`;
