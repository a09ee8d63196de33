/**
 * The journal a page writes as it goes mid-training: non-finite numbers survive the JSON,
 * and the next page's RunHistory moves the journalled run into IndexedDB, ahead of an older
 * throttled save of the same run, and never behind a newer one.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../history/record';
import { HistoryStore } from '../history/store';
import { sampleResults, sampleRun } from '../testing/results-fixture';
import { decodeJournal, encodeJournal, JOURNAL_KEY, takeJournal, writeJournal } from './history-journal';
import { RunHistory } from './history.svelte';

/** A Storage with a size limit, as a browser's localStorage has. */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  constructor(private limit = Infinity) {}
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.#items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    if (value.length > this.limit) throw new DOMException('full', 'QuotaExceededError');
    this.#items.set(key, value);
  }
}

function record(steps: number, savedAt: number, loss = Array.from({ length: steps }, () => 2)): HistoryRecord {
  const run = sampleRun({ status: 'running', loss, gradNorms: [loss, loss] });
  return { id: 'live', startedAt: 10, savedAt, live: true, results: sampleResults([run]) };
}

let n = 0;

describe('the live-run journal', () => {
  it('keeps NaN and ±Infinity through JSON (a diverged loss)', () => {
    const r = record(3, 20, [2, Number.NaN, Number.POSITIVE_INFINITY]);
    const back = decodeJournal(encodeJournal(r))!;
    expect(back.results.runs[0].loss).toEqual([2, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(back).toEqual(r);
    expect(decodeJournal('not json')).toBeNull();
  });

  it('is read once, and a record too big for the storage is refused, not half-written', () => {
    const storage = new MemoryStorage(200);
    expect(writeJournal(record(500, 20), storage)).toBe(false);
    expect(storage.getItem(JOURNAL_KEY)).toBeNull();
    const roomy = new MemoryStorage();
    expect(writeJournal(record(5, 20), roomy)).toBe(true);
    expect(takeJournal(roomy)!.results.runs[0].loss.length).toBe(5);
    expect(takeJournal(roomy)).toBeNull();
  });

  it('the next page moves it into the history ahead of an older save of the same run, never behind a newer one', async () => {
    const store = await HistoryStore.open(`journal-${n++}`);
    await store.put(record(100, 20));
    const storage = new MemoryStorage();
    writeJournal(record(160, 30), storage);
    const history = new RunHistory(async () => store, 1000, storage);
    await history.load();
    expect(history.list).toMatchObject([{ id: 'live', steps: 160 }]);
    expect(storage.getItem(JOURNAL_KEY)).toBeNull();
    // An older journal (a stale tab) does not overwrite a newer save.
    writeJournal(record(50, 25), storage);
    await new RunHistory(async () => store, 1000, storage).load();
    expect((await store.get('live'))!.results.runs[0].loss.length).toBe(160);
  });

  it('journalLive writes the live training’s latest state, and nothing once it has ended', async () => {
    const store = await HistoryStore.open(`journal-${n++}`);
    const storage = new MemoryStorage();
    const history = new RunHistory(async () => store, 60_000, storage);
    history.keep('live', 10, () => record(1, 20), false);
    history.keep('live', 10, () => record(7, 21), false);
    history.journalLive();
    expect(decodeJournal(storage.getItem(JOURNAL_KEY)!)!.results.runs[0].loss.length).toBe(7);
    storage.clear();
    history.keep('live', 10, () => ({ ...record(9, 22), live: false }), true);
    history.journalLive();
    expect(storage.getItem(JOURNAL_KEY)).toBeNull();
    await history.settle();
  });
});
