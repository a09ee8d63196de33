/**
 * A view of the config on screen at init that is computed in a worker of its own (the
 * Jacobian spectrum, the edge of chaos), only once a person opens it: each costs seconds of
 * CPU. A newer config replaces the worker mid-computation; a result for a config that has
 * since changed is never shown.
 */
import { lsuvBatch } from '../engine/init/lsuv-batch';
import type { Split } from '../data/dataset';
import { viewDigits } from '../data/view-digits';
import { COORD_DIGITS } from '../engine/signal/coord-report';
import { errorMessage } from '../error-message';
import type { Experiment } from '../experiment/config';
import { planVariants, variantLabel } from '../experiment/plan';
import { encodeExperiment } from '../experiment/url';
import type { InitViewKind, InitViewReply, InitViewRequest, InitViewResults } from '../worker/init-view-protocol';

/**
 * Digits each view is computed at: the spectrum pools their values, the chaos view correlates
 * the pair, the coordinate check trains on its batch of 64 (COORD_DIGITS).
 */
export const VIEW_DIGITS: Record<InitViewKind, number> = { spectrum: 2, chaos: 2, coord: COORD_DIGITS };

export type StartWorker = () => Worker;

const startWorker: StartWorker = () =>
  new Worker(new URL('../worker/init-view-worker.ts', import.meta.url), { type: 'module', name: 'init-lab-init-view' });

/** The seed count does not change the first seed's draws, which is all a view computes. */
export const viewKey = (e: Experiment) => encodeExperiment({ ...e, seeds: 1 });

export class InitView<K extends InitViewKind> {
  result = $state.raw<InitViewResults[K] | null>(null);
  labels = $state.raw<string[]>([]);
  /** Key (viewKey) of the config `result` belongs to. */
  key = $state('');
  computing = $state(false);
  error = $state<string | null>(null);
  #kind: K;
  #wanted = '';
  #worker: Worker | null = null;
  #next = 1;
  #start: StartWorker;

  constructor(kind: K, start: StartWorker = startWorker) {
    this.#kind = kind;
    this.#start = start;
  }

  /** The result for `e`, if it is the one computed. */
  for(e: Experiment): InitViewResults[K] | null {
    return this.key !== '' && this.key === viewKey(e) ? this.result : null;
  }

  request(e: Experiment, split: Split): void {
    const key = viewKey(e);
    if (key === this.#wanted) return;
    this.#wanted = key;
    // A computation still going is for an older config: drop it with its worker.
    if (this.computing) this.release();
    this.computing = true;
    const id = this.#next++;
    const worker = (this.#worker ??= this.#start());
    worker.onmessage = (event: MessageEvent<InitViewReply<K>>) => {
      if (event.data.id !== id || key !== this.#wanted) return;
      this.computing = false;
      if ('error' in event.data) return void (this.error = event.data.error);
      this.result = event.data.result;
      this.labels = planVariants(e).map((v) => variantLabel(v, e));
      this.key = key;
      this.error = null;
    };
    worker.onerror = (event) => {
      if (key !== this.#wanted) return;
      this.computing = false;
      this.error = `the worker failed: ${event.message || errorMessage(event.error)}`;
      this.release();
    };
    const { inputs, labels } = viewDigits(split, VIEW_DIGITS[this.#kind]);
    const request: InitViewRequest = { id, kind: this.#kind, experiment: e, inputs, labels };
    // init=lsuv draws its kernels from training digits: the same batch the trainer measures on.
    if (e.init.some((c) => c.scheme === 'lsuv')) request.initBatch = lsuvBatch(split);
    worker.postMessage(request);
  }

  /** Stops the worker (a newer request, or the page going away). */
  release(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.computing = false;
  }
}
