/**
 * The Jacobian spectrum of the config on screen, computed in its own worker when a person
 * opens the view (it costs seconds of CPU, so never unasked). A newer config replaces the
 * worker mid-computation; a result for a config that has since changed is never shown.
 */
import { pixelMoments } from '../data/batches';
import type { Split } from '../data/dataset';
import type { VariantSpectrum } from '../engine/signal/spectrum';
import { errorMessage } from '../error-message';
import type { SpectrumObservation } from '../explain/context';
import type { Experiment } from '../experiment/config';
import { planVariants, variantLabel } from '../experiment/plan';
import { encodeExperiment } from '../experiment/url';
import type { SpectrumReply, SpectrumRequest } from '../worker/spectrum-protocol';

/** Digits the spectrum is computed at: enough to pool a few hundred values, few enough to take seconds. */
export const SPECTRUM_DIGITS = 2;

/** `count` validation digits spread over the split, standardised as the engine standardises them. */
export function spectrumInputs(split: Split, count = SPECTRUM_DIGITS): Float32Array[] {
  const { mean, std } = pixelMoments(split.train);
  const n = split.validation.count;
  return Array.from({ length: count }, (_, k) => {
    const i = Math.floor(((k + 0.5) * n) / count);
    return Float32Array.from(split.validation.images.subarray(i * 784, (i + 1) * 784), (p) => (p / 255 - mean) / std);
  });
}

export type SpectrumWorker = () => Worker;

/** The seed count does not change the first seed's draws, which is all the view computes. */
const keyOf = (e: Experiment) => encodeExperiment({ ...e, seeds: 1 });

const startWorker: SpectrumWorker = () =>
  new Worker(new URL('../worker/spectrum-worker.ts', import.meta.url), { type: 'module', name: 'init-lab-spectrum' });

export class SpectrumState {
  spectra = $state.raw<VariantSpectrum[]>([]);
  labels = $state.raw<string[]>([]);
  key = $state('');
  computing = $state(false);
  error = $state<string | null>(null);
  #wanted = '';
  #worker: Worker | null = null;
  #next = 1;
  #start: SpectrumWorker;

  constructor(start: SpectrumWorker = startWorker) {
    this.#start = start;
  }

  /** What the explanations quote: the spectrum of `e`, if it is the one computed, one entry per variant that has one. */
  observed(e: Experiment): SpectrumObservation[] | undefined {
    if (this.key === '' || this.key !== keyOf(e)) return undefined;
    return this.spectra
      .filter((s) => s.values.length > 0)
      .map((s) => ({
        label: this.labels[s.variant] ?? `variant ${s.variant + 1}`,
        variant: s.variant,
        meanSquare: s.meanSquare,
        theoryMeanSquare: s.theoryMeanSquare,
        smallest: s.values[s.values.length - 1],
        largest: s.values[0],
        count: s.values.length,
      }));
  }

  request(e: Experiment, split: Split): void {
    const key = keyOf(e);
    if (key === this.#wanted) return;
    this.#wanted = key;
    // A computation still going is for an older config: drop it with its worker.
    if (this.computing) this.release();
    this.computing = true;
    const id = this.#next++;
    const worker = (this.#worker ??= this.#start());
    worker.onmessage = (event: MessageEvent<SpectrumReply>) => {
      if (event.data.id !== id || key !== this.#wanted) return;
      this.computing = false;
      if ('error' in event.data) return void (this.error = event.data.error);
      this.spectra = event.data.spectra;
      this.labels = planVariants(e).map((v) => variantLabel(v, e));
      this.key = key;
      this.error = null;
    };
    worker.onerror = (event) => {
      if (key !== this.#wanted) return;
      this.computing = false;
      this.error = `the spectrum worker failed: ${event.message || errorMessage(event.error)}`;
      this.release();
    };
    const request: SpectrumRequest = { id, experiment: e, inputs: spectrumInputs(split) };
    worker.postMessage(request);
  }

  /** Stops the worker (a newer request, or the page going away). */
  release(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.computing = false;
  }
}
