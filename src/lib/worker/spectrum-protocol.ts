/** Messages between the page and the spectrum worker (spectrum-worker.ts). */
import type { VariantSpectrum } from '../engine/signal/spectrum';
import type { Experiment } from '../experiment/config';

export interface SpectrumRequest {
  id: number;
  experiment: Experiment;
  /** Standardised digits, 784 values each. */
  inputs: Float32Array[];
}

export type SpectrumReply = { id: number; spectra: VariantSpectrum[] } | { id: number; error: string };
