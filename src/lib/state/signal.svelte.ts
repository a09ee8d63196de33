/**
 * Signal propagation at init for the config on screen: re-measured whenever the config
 * changes (debounced), never while training runs (the probe would share the GPU with it).
 * A result for a config that has since changed is dropped, never shown.
 */
import type { Experiment } from '../experiment/config';
import { planVariants, variantLabel, type Variant } from '../experiment/plan';
import { encodeExperiment } from '../experiment/url';
import type { SignalProfile } from '../engine/signal/probe';
import { errorMessage } from '../error-message';

/** Measures the profiles (in the training worker, or on the page where it trains). */
export type SignalMeasure = (e: Experiment, variants: Variant[]) => Promise<SignalProfile[]>;

const DEBOUNCE_MS = 150;

export class SignalState {
  profiles = $state.raw<SignalProfile[]>([]);
  labels = $state.raw<string[]>([]);
  /** Key of the config the profiles belong to. */
  key = $state('');
  measuring = $state(false);
  error = $state<string | null>(null);
  #wanted = '';
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** Ask for the profile of `e`; measured after a short pause unless another request comes first. */
  request(e: Experiment, measure: SignalMeasure): void {
    const key = encodeExperiment(e);
    if (key === this.#wanted) return;
    this.#wanted = key;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#measure(e, key, measure), DEBOUNCE_MS);
  }

  /** Drops a pending measurement (training is about to use the GPU); the next request re-measures. */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.key !== this.#wanted) {
      this.#wanted = '';
      this.measuring = false;
    }
  }

  async #measure(e: Experiment, key: string, measure: SignalMeasure): Promise<void> {
    this.measuring = true;
    try {
      const variants = planVariants(e);
      const profiles = await measure(e, variants);
      if (key !== this.#wanted) return; // the config moved on while we measured
      this.profiles = profiles;
      this.labels = variants.map((v) => variantLabel(v, e));
      this.key = key;
      this.error = null;
    } catch (error) {
      if (key === this.#wanted) this.error = errorMessage(error);
    } finally {
      if (key === this.#wanted) this.measuring = false;
    }
  }
}
