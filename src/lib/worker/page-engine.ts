/**
 * The page's own TF.js, for where training falls back to the page's thread (no WebGL in a
 * worker). It is imported on that first need only: the page's bundle carries no TF.js, so
 * a page whose worker trains never parses or evaluates it (over 200 ms of one task on a
 * slow machine). Once started it stays: one backend per page.
 */
import type { BackendInfo } from '../engine/backend';
import type { GpuDataCache } from '../engine/gpu-data';
import type { BackendPreference } from '../experiment/page-settings';

export class PageEngine {
  #backend: Promise<BackendInfo> | null = null;
  #data: GpuDataCache | null = null;

  /** Starts (once) the page's backend on this preference; auto means WebGL, the only one worth the page's thread. */
  backend(preference: BackendPreference): Promise<BackendInfo> {
    this.#backend ??= Promise.all([import('../engine/backend'), import('../engine/gpu-data')]).then(
      ([{ initBackend }, { GpuDataCache }]) => {
        this.#data = new GpuDataCache();
        return initBackend(preference === 'auto' ? 'webgl' : preference);
      },
    );
    return this.#backend;
  }

  /** The page's dataset cache; only asked for once backend() has settled. */
  data(): GpuDataCache {
    if (!this.#data) throw new Error("the page's TF.js has not been started");
    return this.#data;
  }

  release(): void {
    this.#data?.release();
  }
}
