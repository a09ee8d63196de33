/**
 * The coordinate check in the init-view worker, loaded only when that view is opened (it
 * brings TF.js; the other views are plain JS). It trains on the wasm backend, about 7×
 * faster than TF.js's CPU backend here (10.5 s against 77 s for the whole check on this
 * 2-core machine), and falls back to the CPU one where wasm cannot start. No GPU: the
 * training worker may hold it.
 */
import { switchBackend } from '../engine/backend';
import { coordCheck } from '../engine/signal/coord-check';
import type { CoordCheck } from '../engine/signal/coord-report';
import type { Experiment } from '../experiment/config';

export async function runCoordCheck(e: Experiment, inputs: Float32Array[], labels: number[]): Promise<CoordCheck> {
  const onWasm = await switchBackend('wasm').catch(() => false);
  if (!onWasm && !(await switchBackend('cpu'))) throw new Error('neither the wasm nor the CPU backend of TF.js could start');
  return coordCheck(e, inputs, labels);
}
