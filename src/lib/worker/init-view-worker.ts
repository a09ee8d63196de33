/**
 * A worker for the views of the net at init that need no GPU: the Jacobian spectrum and the
 * edge of chaos (plain JS), and the coordinate check (TF.js on wasm or the CPU, loaded only
 * for it: coord-view.ts). They run beside training without the GPU lock,
 * and the page's thread never does their seconds of arithmetic. One request at a time; the
 * page replaces the worker to cancel one (terminate): a computation cannot be interrupted
 * from inside.
 */
import { chaosReport } from '../engine/signal/chaos-report';
import { variantSpectra } from '../engine/signal/spectrum';
import { errorMessage } from '../error-message';
import type { InitViewReply, InitViewRequest } from './init-view-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<InitViewRequest>) => {
  const { id, kind, experiment, inputs, labels, initBatch } = event.data;
  try {
    if (kind === 'spectrum') {
      const result = variantSpectra(experiment, inputs, initBatch);
      scope.postMessage(
        { id, result } satisfies InitViewReply<'spectrum'>,
        result.map((s) => s.values.buffer),
      );
    } else if (kind === 'coord') {
      const { runCoordCheck } = await import('./coord-view');
      scope.postMessage({ id, result: await runCoordCheck(experiment, inputs, labels) } satisfies InitViewReply<'coord'>);
    } else {
      scope.postMessage({ id, result: chaosReport(experiment, [inputs[0], inputs[1]], initBatch) } satisfies InitViewReply<'chaos'>);
    }
  } catch (error) {
    scope.postMessage({ id, error: errorMessage(error) } satisfies InitViewReply);
  }
};
