/**
 * Chooses where training runs: a worker with WebGL when the browser allows it, else the
 * page's thread with WebGL, else a worker on the CPU backend (slow, but the page stays
 * responsive). The reason for any step down is kept so the page can say it.
 */
import type { BackendInfo } from '../engine/backend';
import type { GpuDataCache } from '../engine/gpu-data';
import { MainThreadTrainer } from './main-thread-trainer';
import type { Trainer } from './trainer';
import { WorkerTrainer } from './worker-trainer';
import { errorMessage } from '../error-message';

export interface ConnectOptions {
  /** Starts (once) the page's own TF.js backend: only needed when training falls back to the page. */
  mainBackend: () => Promise<BackendInfo>;
  mainData: GpuDataCache;
  /** Skip the worker (tests of the fallback path). */
  forceMainThread?: boolean;
}

export async function connectTrainer({ mainBackend, mainData, forceMainThread = false }: ConnectOptions): Promise<Trainer> {
  let reason: string;
  if (forceMainThread) reason = 'the page asked for main-thread training';
  else if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') reason = 'this browser cannot run WebGL in a worker (no OffscreenCanvas)';
  else {
    try {
      const worker = await WorkerTrainer.start();
      if (worker.info.backend === 'webgl') return worker;
      const main = await mainBackend();
      // No WebGL on either thread: the worker's CPU backend at least keeps the page responsive.
      if (main.backend !== 'webgl') return worker;
      worker.dispose();
      reason = `WebGL is not available in a worker here (${worker.info.fallbackReason ?? 'unknown reason'})`;
    } catch (error) {
      reason = errorMessage(error);
    }
  }
  return new MainThreadTrainer({ ...(await mainBackend()), thread: 'main', threadReason: reason }, mainData);
}
