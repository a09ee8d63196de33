/**
 * The run history as the page shows it: the summaries (newest first), what went wrong with
 * the last write or read (shown, never swallowed: a run that could not be kept must be
 * said), and how much of the browser's storage the page uses. Training reports through
 * `keep`: a live experiment is written at most every SAVE_INTERVAL_MS, and at once when it
 * ends, each write replacing the last (same id). IndexedDB itself is history/store.ts.
 */
import { errorMessage } from '../error-message';
import type { HistoryRecord, HistorySummary } from '../history/record';
import { HistoryStore } from '../history/store';
import { localTime } from '../history/when';
import { takeJournal, writeJournal } from './history-journal';

/** A live run is written to IndexedDB this often at most (a page going away journals its latest state: history-journal.ts). */
export const SAVE_INTERVAL_MS = 2000;

export interface StorageUse {
  usage: number;
  quota: number;
}

export function storageProblem(error: unknown, what: string): string {
  if (error instanceof DOMException && error.name === 'QuotaExceededError')
    return `The browser's storage for this page is full: ${what} failed. Delete or prune old runs below to make room.`;
  return `${what[0].toUpperCase()}${what.slice(1)} failed: ${errorMessage(error)}`;
}

/** The BroadcastChannel on which this lab's tabs say that the shared history changed. */
export const HISTORY_CHANNEL = 'init-lab-history';

export class RunHistory {
  list = $state.raw<HistorySummary[]>([]);
  error = $state<string | null>(null);
  usage = $state.raw<StorageUse | null>(null);
  /** The record this page is still writing (its training goes on), so it is not called interrupted. */
  liveId = $state<string | null>(null);
  /** The list has been read once (until then an empty list says nothing). */
  loaded = $state(false);
  /** False where the browser has no IndexedDB (Node tests, some locked-down browsers): nothing is kept. */
  readonly available: boolean;
  #open: () => Promise<HistoryStore>;
  #store: Promise<HistoryStore> | null = null;
  #interval: number;
  #pending: { startedAt: number; build: () => HistoryRecord } | null = null;
  /** The live training's latest state, for the journal if the page goes away (history-journal.ts). */
  #live: (() => HistoryRecord) | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastWrite = -Infinity;
  /** Writes one after another, so a live snapshot can never land after the final record. */
  #writes: Promise<void> = Promise.resolve();
  #persistAsked = false;

  #storage: Storage | undefined;
  #channel: BroadcastChannel | null = null;

  constructor(
    open: () => Promise<HistoryStore> = () => HistoryStore.open(),
    interval = SAVE_INTERVAL_MS,
    storage: Storage | undefined = globalThis.localStorage,
  ) {
    this.#open = open;
    this.#interval = interval;
    this.#storage = storage;
    this.available = typeof indexedDB !== 'undefined';
  }

  #db(): Promise<HistoryStore> {
    this.#store ??= this.#open();
    return this.#store;
  }

  /** Runs one storage job; a failure is reported (and leaves the list as it was) instead of thrown. */
  async #job<T>(what: string, job: (store: HistoryStore) => Promise<T>): Promise<T | undefined> {
    if (!this.available) return undefined;
    try {
      return await job(await this.#db());
    } catch (error) {
      this.error = storageProblem(error, what);
      return undefined;
    }
  }

  /** Reads the list and the storage estimate (on page load, and after changes). */
  async load(): Promise<void> {
    // A run the last page was training when it went: into the history, before the list is read.
    const journalled = takeJournal(this.#storage);
    if (journalled) {
      const saved = await this.#job('reading the run history', (s) => s.get(journalled.id));
      if (!saved || saved.savedAt < journalled.savedAt)
        await this.#job('keeping the run the last page was training', (s) => s.put(journalled));
    }
    const list = await this.#job('reading the run history', (s) => s.list());
    if (list) this.list = list;
    this.loaded = true;
    await this.#estimate();
  }

  async #estimate(): Promise<void> {
    const storage = globalThis.navigator?.storage;
    if (!storage?.estimate) return;
    try {
      const { usage = 0, quota = 0 } = await storage.estimate();
      this.usage = { usage, quota };
    } catch {
      this.usage = null; // an estimate is a nicety; the list and its errors are what count
    }
  }

  /**
   * Keeps a training's latest state. `build` is called only when the write happens, so a
   * snapshot that a newer one replaces costs nothing; `ended` writes at once.
   */
  keep(id: string, startedAt: number, build: () => HistoryRecord, ended: boolean): void {
    if (!this.available) return;
    this.liveId = ended ? null : id;
    this.#live = ended ? null : build;
    this.#pending = { startedAt, build };
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const wait = ended ? 0 : Math.max(0, this.#lastWrite + this.#interval - performance.now());
    if (wait === 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = null;
    const pending = this.#pending;
    this.#pending = null;
    if (!pending) return;
    this.#lastWrite = performance.now();
    this.#writes = this.#writes.then(() => this.#write(pending.startedAt, pending.build));
  }

  /** Never rejects (a failure is in `error`), so one failed write cannot stop the ones after it. */
  async #write(startedAt: number, build: () => HistoryRecord): Promise<void> {
    let live = true;
    const summary = await this.#job(`saving the run of ${localTime(startedAt)}`, (s) => {
      const record = build();
      live = record.live;
      return s.put(record);
    });
    if (!summary) return;
    this.error = null;
    this.list = [summary, ...this.list.filter((s) => s.id !== summary.id)].sort((a, b) => b.startedAt - a.startedAt);
    if (!live) {
      this.#tellOtherTabs();
      await this.#estimate();
    }
    if (!this.#persistAsked) {
      this.#persistAsked = true;
      // Ask once that the browser not evict the history under storage pressure; it may say no.
      globalThis.navigator?.storage?.persist?.().catch(() => {});
    }
  }

  /** The page is going away: a live training's latest state goes to the journal, synchronously. */
  journalLive(): void {
    if (this.#live) writeJournal(this.#live(), this.#storage);
  }

  /** Waits for every write asked for so far (a pending throttled one included). */
  async settle(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#flush();
    }
    await this.#writes;
  }

  get(id: string): Promise<HistoryRecord | undefined> {
    return this.#job('reading a saved run', (s) => s.get(id));
  }

  async remove(id: string): Promise<void> {
    await this.#change('deleting a run', (s) => s.delete([id]));
  }

  /** Deletes all but the newest `keep` runs. */
  async prune(keep: number): Promise<void> {
    await this.#change('pruning the run history', (s) => s.prune(keep));
  }

  async clear(): Promise<void> {
    await this.#change('deleting the run history', (s) => s.clear());
  }

  /** Deletes every run started before `cutoff` (epoch ms), except the one this page is still writing. */
  async removeStartedBefore(cutoff: number): Promise<void> {
    const ids = this.list.filter((s) => s.startedAt < cutoff && s.id !== this.liveId).map((s) => s.id);
    if (ids.length) await this.#change('deleting older runs', (s) => s.delete(ids));
  }

  /**
   * Other tabs of this lab write to the same history: each says so on a BroadcastChannel when
   * a run ends or the list changes, and the others read the list again, so no tab shows a
   * stale one. Returns the unsubscribe.
   */
  listenToOtherTabs(): () => void {
    if (typeof BroadcastChannel === 'undefined' || !this.available) return () => {};
    const channel = new BroadcastChannel(HISTORY_CHANNEL);
    this.#channel = channel;
    channel.onmessage = () => void this.#reread();
    return () => {
      channel.close();
      this.#channel = null;
    };
  }

  async #reread(): Promise<void> {
    const list = await this.#job('reading the run history', (s) => s.list());
    if (list) this.list = list;
    await this.#estimate();
  }

  #tellOtherTabs(): void {
    this.#channel?.postMessage('changed');
  }

  async #change(what: string, job: (store: HistoryStore) => Promise<unknown>): Promise<void> {
    await this.#writes;
    const done = await this.#job(what, async (s) => {
      await job(s);
      return s.list();
    });
    if (done) {
      this.list = done;
      this.error = null;
      this.#tellOtherTabs();
    }
    await this.#estimate();
  }
}
