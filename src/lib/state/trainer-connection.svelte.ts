/**
 * The page's one connection to whatever trains (normally a worker): started on first need,
 * replaced after a crash, a lost GPU context or a change of backend (one backend per worker,
 * so another choice is another worker). The main runs, the signal probe and the transfer
 * demo all get their trainer here; none of them owns it.
 */
import type { BackendPreference } from '../experiment/page-settings';
import type { Trainer, TrainerInfo } from '../worker/trainer';
import type { GpuLock } from './gpu-lock.svelte';

export type Connect = (preference: BackendPreference) => Promise<Trainer>;

export class TrainerConnection {
  /** Where and on what training runs; null until the trainer is up. */
  backend = $state.raw<TrainerInfo | null>(null);
  /** The backend the person chose; the trainer follows it when the GPU is free (setPreference). */
  preference = $state<BackendPreference>('auto');
  #connect: Connect;
  #lock: GpuLock;
  #trainer: Trainer | null = null;
  /** The preference the live trainer (or the one starting) was started on. */
  #trainerPreference: BackendPreference | null = null;
  #connecting: Promise<Trainer> | null = null;

  constructor(connect: Connect, lock: GpuLock) {
    this.#connect = connect;
    this.#lock = lock;
  }

  /** The live trainer, if any (debug hooks: memory, context loss). */
  get trainer(): Trainer | null {
    return this.#trainer;
  }

  /** The trainer on the current preference: the live one while usable, else a fresh one. */
  ensure(): Promise<Trainer> {
    const current = this.#trainerPreference === this.preference;
    // A trainer starting on a preference since changed: let it start, then replace it.
    if (this.#connecting && !current) return this.#connecting.catch(() => {}).then(() => this.ensure());
    if (this.#trainer?.usable && current) return Promise.resolve(this.#trainer);
    if (this.#trainer && !current) this.backend = null;
    this.#trainer?.dispose();
    this.#trainer = null;
    const preference = (this.#trainerPreference = this.preference);
    this.#connecting ??= this.#connect(preference)
      .then((trainer) => {
        // Only the page's own context can stay lost (a worker gets a fresh one).
        if (!trainer.usable) throw new Error("this page's GPU context was lost; reload the page to train again");
        this.#trainer = trainer;
        this.backend = trainer.info;
        trainer.watchInfo?.((info) => (this.backend = info));
        return trainer;
      })
      .finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  /**
   * Chooses the backend. The old trainer is closed and a fresh one started now (returned)
   * when the GPU is free and a trainer was asked for before; otherwise the change waits for
   * the next ensure() and this returns null.
   */
  setPreference(preference: BackendPreference): Promise<Trainer> | null {
    if (preference === this.preference) return null;
    this.preference = preference;
    if (this.#lock.busy || !this.#trainerPreference) return null;
    return this.ensure();
  }

  /** Closes the trainer (the page is going away); the worker and its GPU memory go with it. */
  release(): void {
    this.#trainer?.dispose();
    this.#trainer = null;
  }
}
