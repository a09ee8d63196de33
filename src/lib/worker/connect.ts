/**
 * Chooses where training runs: a worker on the chosen backend when the browser allows it,
 * else the page's thread with WebGL, else a worker on whatever backend it could start
 * (slow, but the page stays responsive). The reason for any step down is kept so the page
 * can say it.
 */
import type { BackendInfo } from '../engine/backend';
import type { GpuDataCache } from '../engine/gpu-data';
import type { BackendPreference } from '../experiment/page-settings';
import type { Trainer } from './trainer';
import { WorkerTrainer } from './worker-trainer';
import { errorMessage } from '../error-message';

export interface ConnectOptions {
  /**
   * Starts (once) the page's own TF.js backend on this preference: only needed when
   * training falls back to the page. Once started it stays: one backend per page.
   */
  mainBackend: (preference: BackendPreference) => Promise<BackendInfo>;
  /** The page's dataset cache, asked for only once mainBackend has settled (page-engine.ts loads both lazily). */
  mainData: () => GpuDataCache;
  /** The person's choice of backend (page-settings.ts); default auto. */
  preference?: BackendPreference;
  /** Skip the worker (tests of the fallback path). */
  forceMainThread?: boolean;
}

export async function connectTrainer({
  mainBackend,
  mainData,
  preference = 'auto',
  forceMainThread = false,
}: ConnectOptions): Promise<Trainer> {
  // Only WebGL needs an OffscreenCanvas in a worker; only a WebGL choice is worth the page's thread.
  const wantsWebgl = preference === 'auto' || preference === 'webgl';
  let reason: string;
  if (forceMainThread) reason = 'the page asked for main-thread training';
  else if (typeof Worker === 'undefined') reason = 'this browser cannot run a worker';
  else if (wantsWebgl && typeof OffscreenCanvas === 'undefined') reason = 'this browser cannot run WebGL in a worker (no OffscreenCanvas)';
  else {
    try {
      const worker = await WorkerTrainer.start(preference);
      if (worker.info.backend === 'webgl' || !wantsWebgl) return worker;
      const main = await mainBackend(preference);
      // No WebGL on either thread: the worker's wasm or CPU backend at least keeps the page responsive.
      if (main.backend !== 'webgl') return worker;
      worker.dispose();
      reason = `WebGL is not available in a worker here (${worker.info.fallbackReason ?? 'unknown reason'})`;
    } catch (error) {
      reason = errorMessage(error);
    }
  }
  const info = await mainBackend(preference);
  // Imported here, not at the top: it pulls the whole engine (and TF.js) into the page's bundle.
  const { MainThreadTrainer } = await import('./main-thread-trainer');
  return new MainThreadTrainer({ ...info, thread: 'main', threadReason: reason }, mainData());
}
