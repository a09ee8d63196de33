/**
 * The last moments of a live run, for a page that goes away mid-training. An IndexedDB
 * write begun in pagehide does not land in Chromium (measured: a reload kept the run at its
 * last throttled save, 145–236 steps short of what the page showed), but localStorage is
 * written synchronously. So pagehide puts the live record here, and the next page moves it
 * into the run history. JSON drops NaN and ±Infinity (a diverged loss), so they are encoded.
 * A record too big for localStorage's few MB is skipped: the throttled save is then what stays.
 */
import type { HistoryRecord } from '../history/record';

export const JOURNAL_KEY = 'init-lab:live-run';

const NON_FINITE = '$nonFinite';

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && NON_FINITE in value) return Number((value as Record<string, string>)[NON_FINITE]);
  return value;
}

export function encodeJournal(record: HistoryRecord): string {
  return JSON.stringify(record, replacer);
}

export function decodeJournal(text: string): HistoryRecord | null {
  try {
    const record = JSON.parse(text, reviver) as HistoryRecord;
    return record && typeof record.id === 'string' && typeof record.startedAt === 'number' && record.results ? record : null;
  } catch {
    return null;
  }
}

/** Writes the record; false when the browser refuses (no storage, or the record is too big). */
export function writeJournal(record: HistoryRecord, storage: Storage | undefined = globalThis.localStorage): boolean {
  if (!storage) return false;
  try {
    storage.setItem(JOURNAL_KEY, encodeJournal(record));
    return true;
  } catch {
    return false;
  }
}

/** The journalled record, if any, removed from the journal as it is read. */
export function takeJournal(storage: Storage | undefined = globalThis.localStorage): HistoryRecord | null {
  if (!storage) return null;
  try {
    const text = storage.getItem(JOURNAL_KEY);
    storage.removeItem(JOURNAL_KEY);
    return text ? decodeJournal(text) : null;
  } catch {
    return null;
  }
}
