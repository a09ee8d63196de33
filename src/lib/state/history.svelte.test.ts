/**
 * RunHistory on a real (fake-indexeddb) store: throttled live writes replaced by the final
 * record, a full disk reported rather than lost, and deleting and pruning.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../history/record';
import { HistoryStore } from '../history/store';
import { sampleResults, sampleRun } from '../testing/results-fixture';
import { RunHistory } from './history.svelte';

let n = 0;
const fresh = () => HistoryStore.open(`state-${n++}`);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function record(id: string, startedAt: number, steps: number, live: boolean): HistoryRecord {
  const loss = Array.from({ length: steps }, () => 2);
  const run = sampleRun({ status: live ? 'running' : 'done', loss, gradNorms: [loss, loss] });
  return { id, startedAt, savedAt: startedAt, live, results: sampleResults([run]) };
}

describe('RunHistory', () => {
  it('writes a live run at most once per interval, and its final state at once, under one id', async () => {
    const store = await fresh();
    const puts: HistoryRecord[] = [];
    const put = store.put.bind(store);
    store.put = (r) => (puts.push(r), put(r));
    const history = new RunHistory(async () => store, 1000);
    for (let step = 1; step <= 5; step++) history.keep('a', 10, () => record('a', 10, step, true), false);
    expect(history.liveId).toBe('a');
    while (history.list.length === 0) await wait(5);
    // The first snapshot went at once; the next four were folded into one, still waiting.
    expect(puts.map((r) => r.results.runs[0].loss.length)).toEqual([1]);
    expect(history.list).toMatchObject([{ id: 'a', live: true, steps: 1 }]);
    history.keep('a', 10, () => record('a', 10, 6, false), true);
    await history.settle();
    expect(puts.map((r) => [r.live, r.results.runs[0].loss.length])).toEqual([
      [true, 1],
      [false, 6],
    ]);
    expect(history.liveId).toBeNull();
    expect(history.list).toMatchObject([{ id: 'a', live: false, ending: 'done', steps: 6 }]);
    await wait(1100); // the waiting snapshot was dropped: it would have overwritten the final record
    expect(puts).toHaveLength(2);
    const reopened = new RunHistory(async () => store);
    expect(reopened.loaded).toBe(false);
    await reopened.load();
    expect(reopened.loaded).toBe(true);
    expect(reopened.list.map((s) => [s.id, s.live])).toEqual([['a', false]]);
  });

  it('says so when the disk is full, keeps the list as it was, and clears the message on the next good write', async () => {
    const store = await fresh();
    const put = store.put.bind(store);
    let full = true;
    store.put = (r) => (full ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : put(r));
    const history = new RunHistory(async () => store, 0);
    history.keep('a', 10, () => record('a', 10, 3, false), true);
    await history.settle();
    expect(history.error).toMatch(/^The browser's storage for this page is full: saving the run of .+ failed\. Delete or prune old runs/);
    expect(history.list).toEqual([]);
    full = false;
    history.keep('a', 10, () => record('a', 10, 3, false), true);
    await history.settle();
    expect(history.error).toBeNull();
    expect(history.list).toHaveLength(1);
  });

  it('reports a record that could not be built, and still writes the next one', async () => {
    const history = new RunHistory(fresh, 0);
    history.keep(
      'a',
      10,
      () => {
        throw new Error('no backend');
      },
      true,
    );
    await history.settle();
    expect(history.error).toMatch(/^Saving the run of .+ failed: no backend$/);
    history.keep('b', 20, () => record('b', 20, 2, false), true);
    await history.settle();
    expect(history.error).toBeNull();
    expect(history.list.map((s) => s.id)).toEqual(['b']);
  });

  it('reports a store that cannot open instead of throwing', async () => {
    const history = new RunHistory(() => Promise.reject(new Error('IndexedDB is disabled')));
    await history.load();
    expect(history.error).toBe('Reading the run history failed: IndexedDB is disabled');
  });

  it('deletes one, prunes to the newest, and clears', async () => {
    const history = new RunHistory(fresh, 0);
    for (let i = 0; i < 4; i++) history.keep(`r${i}`, i, () => record(`r${i}`, i, 2, false), true);
    await history.settle();
    expect(history.list.map((s) => s.id)).toEqual(['r3', 'r2', 'r1', 'r0']);
    await history.remove('r2');
    expect(history.list.map((s) => s.id)).toEqual(['r3', 'r1', 'r0']);
    await history.prune(2);
    expect(history.list.map((s) => s.id)).toEqual(['r3', 'r1']);
    expect(await history.get('r0')).toBeUndefined();
    expect((await history.get('r1'))?.results.runs[0].loss).toHaveLength(2);
    await history.clear();
    expect(history.list).toEqual([]);
  });
});

describe('RunHistory across tabs and ages', () => {
  it('deletes the runs started before a cutoff, and no other', async () => {
    const store = await fresh();
    const history = new RunHistory(async () => store);
    for (const [id, at] of [
      ['old', 100],
      ['mid', 200],
      ['new', 300],
    ] as const)
      history.keep(id, at, () => record(id, at, 2, false), true);
    await history.settle();
    await history.removeStartedBefore(250);
    expect(history.list.map((s) => s.id)).toEqual(['new']);
    await history.removeStartedBefore(250); // nothing left before it: nothing changes
    expect(history.list.map((s) => s.id)).toEqual(['new']);
  });

  it('a run another tab saves appears in this tab’s list without a reload', async () => {
    const store = await fresh();
    const here = new RunHistory(async () => store);
    const there = new RunHistory(async () => store);
    const stopHere = here.listenToOtherTabs();
    const stopThere = there.listenToOtherTabs();
    try {
      await here.load();
      expect(here.list).toEqual([]);
      there.keep('b', 50, () => record('b', 50, 3, false), true);
      await there.settle();
      for (let i = 0; i < 100 && here.list.length === 0; i++) await wait(10);
      expect(here.list.map((s) => [s.id, s.steps])).toEqual([['b', 3]]);
      await there.remove('b');
      for (let i = 0; i < 100 && here.list.length > 0; i++) await wait(10);
      expect(here.list).toEqual([]);
    } finally {
      stopHere();
      stopThere();
    }
  });
});
