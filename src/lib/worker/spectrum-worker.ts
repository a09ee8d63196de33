/**
 * A worker of its own for the Jacobian spectrum: plain JS (no TF.js, no GPU), so it runs
 * beside training without taking the GPU lock, and the page's thread never does the
 * seconds of Jacobi rotations. One request at a time; the page replaces the worker to
 * cancel one (terminate), since a sweep of rotations cannot be interrupted from inside.
 */
import { variantSpectra } from '../engine/signal/spectrum';
import { errorMessage } from '../error-message';
import type { SpectrumReply, SpectrumRequest } from './spectrum-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: SpectrumReply, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);

scope.onmessage = (event: MessageEvent<SpectrumRequest>) => {
  const { id, experiment, inputs } = event.data;
  try {
    const spectra = variantSpectra(experiment, inputs);
    post(
      { id, spectra },
      spectra.map((s) => s.values.buffer),
    );
  } catch (error) {
    post({ id, error: errorMessage(error) });
  }
};
