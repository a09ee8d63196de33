import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleResults, sampleRun } from '../testing/results-fixture';
import type { HistoryRecord } from './record';
import { HistoryStore } from './store';

let n = 0;
const stores: HistoryStore[] = [];
/** A fresh database per test: fake-indexeddb keeps them for the whole file. */
async function fresh(): Promise<HistoryStore> {
  const store = await HistoryStore.open(`test-${n++}`);
  stores.push(store);
  return store;
}
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const record = (id: string, startedAt: number, over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  id,
  startedAt,
  savedAt: startedAt + 5,
  live: false,
  results: sampleResults(),
  ...over,
});

describe('HistoryStore', () => {
  it('puts, lists newest first, gets the whole record back and deletes', async () => {
    const store = await fresh();
    await store.put(record('old', 100));
    await store.put(record('new', 300));
    await store.put(record('mid', 200));
    expect((await store.list()).map((s) => s.id)).toEqual(['new', 'mid', 'old']);
    const back = await store.get('mid');
    expect(back).toEqual(record('mid', 200));
    expect(back?.results.runs[0].loss).toEqual([2.3, 1.9, 1.5]);
    await store.delete(['mid']);
    expect(await store.get('mid')).toBeUndefined();
    expect((await store.list()).map((s) => s.id)).toEqual(['new', 'old']);
  });

  it('replaces a live snapshot by the final record with the same id', async () => {
    const store = await fresh();
    const running = sampleResults([sampleRun({ status: 'running', loss: [2.3], gradNorms: [[1], [0.5]] })]);
    const live = await store.put(record('r', 100, { live: true, results: running }));
    expect(live).toMatchObject({ live: true, steps: 1 });
    await store.put(record('r', 100));
    const list = await store.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 'r', live: false, ending: 'done', steps: 3, runs: 2, bestAccuracy: 0.1 + 3 * 0.2 });
    expect((await store.get('r'))?.live).toBe(false);
  });

  it('prunes all but the newest, and clears', async () => {
    const store = await fresh();
    for (let i = 0; i < 5; i++) await store.put(record(`r${i}`, i * 10));
    expect(await store.prune(2)).toBe(3);
    expect((await store.list()).map((s) => s.id)).toEqual(['r4', 'r3']);
    expect(await store.get('r0')).toBeUndefined();
    expect(await store.prune(2)).toBe(0);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it('keeps records across a reopen of the same database', async () => {
    const name = `test-${n++}`;
    const first = await HistoryStore.open(name);
    await first.put(record('kept', 1));
    first.close();
    const again = await HistoryStore.open(name);
    stores.push(again);
    expect((await again.list()).map((s) => s.id)).toEqual(['kept']);
  });

  it('rejects a write it cannot make, writing neither record nor summary', async () => {
    const store = await fresh();
    // A function cannot be structured-cloned: the put fails as a full disk would, inside the transaction.
    const bad = record('bad', 1, { results: { ...sampleResults(), extra: () => 1 } as never });
    await expect(store.put(bad)).rejects.toThrow();
    expect(await store.list()).toEqual([]);
    expect(await store.get('bad')).toBeUndefined();
  });
});
