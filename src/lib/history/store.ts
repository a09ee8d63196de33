/**
 * The run history in IndexedDB (through `idb`): database 'init-lab', one store of whole
 * records ('experiments') and one of their summaries ('summaries', indexed by start time).
 * A record and its summary are written in one transaction, so the list never names a record
 * that is not there; the list reads summaries only, never a series. Records are stored as
 * objects (structured clone), not JSON text: no stringify on the page's thread.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { summarize, type HistoryRecord, type HistorySummary } from './record';

export const HISTORY_DB = 'init-lab';
const VERSION = 1;

interface HistorySchema extends DBSchema {
  experiments: { key: string; value: HistoryRecord };
  summaries: { key: string; value: HistorySummary; indexes: { startedAt: number } };
}

const BOTH = ['experiments', 'summaries'] as const;

export class HistoryStore {
  #db: IDBPDatabase<HistorySchema>;

  private constructor(db: IDBPDatabase<HistorySchema>) {
    this.#db = db;
  }

  /** Opens (or creates) the database; rejects where IndexedDB is missing or refused (some private modes). */
  static async open(name = HISTORY_DB): Promise<HistoryStore> {
    const db = await openDB<HistorySchema>(name, VERSION, {
      upgrade(db) {
        db.createObjectStore('experiments', { keyPath: 'id' });
        db.createObjectStore('summaries', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
      },
      // Another tab opened a newer version: let it, this page's store just stops working.
      blocking() {
        db.close();
      },
    });
    return new HistoryStore(db);
  }

  /** Adds a record, or replaces the one with its id (a live snapshot by its final state); rejects on a full disk. */
  async put(record: HistoryRecord): Promise<HistorySummary> {
    const summary = summarize(record);
    const tx = this.#db.transaction(BOTH, 'readwrite');
    try {
      await Promise.all([tx.objectStore('experiments').put(record), tx.objectStore('summaries').put(summary), tx.done]);
    } catch (error) {
      // A full disk aborts the transaction: its requests then fail with a bare AbortError,
      // while the transaction's own error names the cause (QuotaExceededError).
      throw tx.error ?? error;
    }
    return summary;
  }

  /** Every record's summary, newest first. */
  async list(): Promise<HistorySummary[]> {
    return (await this.#db.getAllFromIndex('summaries', 'startedAt')).reverse();
  }

  get(id: string): Promise<HistoryRecord | undefined> {
    return this.#db.get('experiments', id);
  }

  async delete(ids: readonly string[]): Promise<void> {
    const tx = this.#db.transaction(BOTH, 'readwrite');
    await Promise.all([
      ...ids.flatMap((id) => [tx.objectStore('experiments').delete(id), tx.objectStore('summaries').delete(id)]),
      tx.done,
    ]);
  }

  /** Deletes all but the newest `keep` records; returns how many went. */
  async prune(keep: number): Promise<number> {
    const old = (await this.list()).slice(Math.max(0, keep)).map((s) => s.id);
    if (old.length) await this.delete(old);
    return old.length;
  }

  async clear(): Promise<void> {
    const tx = this.#db.transaction(BOTH, 'readwrite');
    await Promise.all([tx.objectStore('experiments').clear(), tx.objectStore('summaries').clear(), tx.done]);
  }

  close(): void {
    this.#db.close();
  }
}
