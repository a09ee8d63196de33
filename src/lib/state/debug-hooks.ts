/**
 * A small window API for the browser tests and `npm run bench`: what the training side
 * holds in memory, and a way to lose its GPU context on purpose. It reads and triggers
 * only; it cannot change an experiment or run code from a URL.
 */
import type { MemorySnapshot } from '../engine/device';
import type { Experiment } from '../experiment/config';
import type { RunSeries } from './run-series';
import type { RunsState } from './runs.svelte';
import type { TrainerConnection } from './trainer-connection.svelte';

export interface InitLabDebug {
  /** tf.memory() of the thread that trains (null before the trainer is up). */
  trainingMemory(): Promise<MemorySnapshot | null>;
  /** Loses the training thread's WebGL context via WEBGL_lose_context; false if none is up. */
  loseTrainingContext(): boolean;
  /** The last experiment's runs as the charts see them (tests check the page's claims against them). */
  runs(): { experiment: Experiment | null; series: RunSeries[] };
}

declare global {
  interface Window {
    __initLab?: InitLabDebug;
    /** Set before the app loads (tests) to train on the page's thread, as a browser without worker WebGL would. */
    __initLabMainThread?: boolean;
  }
}

export function installDebugHooks(connection: TrainerConnection, runs: RunsState): void {
  window.__initLab = {
    trainingMemory: async () => (connection.trainer ? connection.trainer.memory() : null),
    loseTrainingContext: () => {
      if (!connection.trainer) return false;
      connection.trainer.loseDevice();
      return true;
    },
    runs: () => ({ experiment: runs.experiment, series: runs.series }),
  };
}
