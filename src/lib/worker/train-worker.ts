/// <reference lib="webworker" />
/**
 * The training worker: TF.js on the backend the page asked for (WebGL through an
 * OffscreenCanvas by default), so shader compilation, steps and reads never take the
 * page's thread. It holds the dataset between jobs (a train or the transfer demo, one at a
 * time) and answers the page's messages (protocol.ts); the engine does the rest.
 */
import { BackendSession } from '../engine/backend-session';
import { deviceLost, loseDevice, memorySnapshot, watchDeviceLoss } from '../engine/device';
import { disposeGpuData, uploadSplit, type GpuData } from '../engine/gpu-data';
import { probeSignal } from '../engine/signal/probe';
import { transferablesOf } from '../engine/snapshot';
import { trainExperiment } from '../engine/train-experiment';
import { runTransferDemo } from '../engine/transfer/run-transfer-demo';
import type { Split } from '../data/dataset';
import { JobSlot } from './job-slot';
import { timed, type PhaseTiming } from './phases';
import type { FromWorker, ToWorker } from './protocol';
import { errorMessage } from '../error-message';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
/** The page shows the worker's phases as `init-lab:worker:<name>`. */
const reportPhase = (phase: PhaseTiming) => post({ type: 'phase', phase: { ...phase, name: `worker:${phase.name}` } });

/**
 * The last dataset the page sent. The split stays too: the transfer demo filters digits
 * from it and uploads its own tensors. The full upload waits for a train or a probe.
 */
let data: { key: number; split: Split; gpu: GpuData | null } | null = null;
/**
 * Auto's choice of backend, asked for early ('prepare': an autorun link, while the page
 * still loads its data). Everything that touches the backend waits for it first: the
 * measurement switches backends, and nothing may run on one mid-switch.
 */
let preparing: Promise<unknown> = Promise.resolve();
/** The running job's (train or transfer) abort: held while one runs, so a second is refused. */
const job = new JobSlot<AbortController>();

let session: BackendSession | null = null;
let begin: (init: Extract<ToWorker, { type: 'init' }>) => void = () => {};
// The backend starts on the page's first message, which says which one (protocol.ts).
const ready = new Promise<Extract<ToWorker, { type: 'init' }>>((resolve) => (begin = resolve)).then(
  async (init) => {
    session = await timed('backend-start', () => BackendSession.start(init.preference, init.measured), reportPhase);
    watchDeviceLoss(() => post({ type: 'device-lost' }));
    post({ type: 'ready', backend: session.info });
    return true;
  },
  (error) => {
    post({ type: 'fatal', message: errorMessage(error) });
    return false;
  },
);

/** The held dataset with this key, replaced by `split` when the page sends one (a new dataset). */
function heldData(key: number, split: Split | undefined): NonNullable<typeof data> {
  if (split) {
    if (data?.gpu) disposeGpuData(data.gpu);
    data = { key, split, gpu: null };
  }
  if (data?.key !== key) throw new Error('the worker does not hold this dataset');
  return data;
}

/** The dataset with this key on the device, uploaded on first need. */
function dataFor(key: number, split: Split | undefined): GpuData {
  const held = heldData(key, split);
  held.gpu ??= uploadSplit(held.split);
  return held.gpu;
}

async function probe(message: Extract<ToWorker, { type: 'probe' }>): Promise<void> {
  await preparing;
  // The page never asks mid-run; if it did, the probe must not swap the dataset under a run.
  if (job.current) return post({ type: 'probed', id: message.id, error: 'a run is in progress' });
  try {
    const gpu = dataFor(message.dataKey, message.split);
    const profiles = await probeSignal(
      message.experiment,
      message.variants,
      { x: gpu.probeX, y: gpu.probeOneHot, init: gpu.lsuv },
      message.experiment.seed,
    );
    post({ type: 'probed', id: message.id, profiles });
  } catch (error) {
    post({ type: 'probed', id: message.id, error: errorMessage(error) });
  }
}

/** Runs one job at a time, a train or a transfer, and reports its end with a `done` message. */
async function runJob(done: 'trained' | 'transferred', work: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  const abort = new AbortController();
  const refused = job.take(abort);
  if (refused) return post({ type: done, error: refused.message });
  try {
    await work(abort.signal);
    post({ type: done });
  } catch (error) {
    post({ type: done, error: errorMessage(error) });
  } finally {
    job.end();
  }
}

/** Auto on a software renderer: the faster of wasm and WebGL for these runs, before any of their tensors exist. */
async function useFastestBackend(runs: Extract<ToWorker, { type: 'train' }>['runs']): Promise<void> {
  const before = session?.info.backend;
  const changed = await session?.prepare(runs);
  if (!changed) return;
  // The held upload lives on the old backend: upload again on the new one.
  if (changed.info.backend !== before && data?.gpu) {
    disposeGpuData(data.gpu);
    data.gpu = null;
  }
  post({ type: 'backend', backend: changed.info, measured: changed.measured });
}

// After a context loss, reads return zeros or never settle: both jobs drop every event from then on.
const train = (message: Extract<ToWorker, { type: 'train' }>) =>
  runJob('trained', async (signal) => {
    await preparing;
    await timed('backend-choice', () => useFastestBackend(message.runs), reportPhase);
    const gpu = await timed('upload', () => dataFor(message.dataKey, message.split), reportPhase);
    // The engine's clock is this thread's performance.now(); the page needs epoch times.
    const origin = performance.timeOrigin;
    return trainExperiment(message.runs, gpu, {
      signal,
      onPhase: (name, start, end) => reportPhase({ name, start: origin + start, end: origin + end }),
      onEvent: (event) => deviceLost() || post({ type: 'event', event }),
      // A snapshot read as the context went may hold zeros: only one read before is worth keeping.
      onSnapshot: message.snapshots
        ? (snapshot) => deviceLost() || post({ type: 'snapshot', snapshot }, transferablesOf(snapshot))
        : undefined,
      resumeFrom: message.resumeFrom,
    });
  });

// The demo reports its own failures as an 'end' event; only what escapes it rejects.
const transfer = (message: Extract<ToWorker, { type: 'transfer' }>) =>
  runJob('transferred', async (signal) => {
    await preparing;
    return runTransferDemo(
      heldData(message.dataKey, message.split).split,
      message.options,
      (event) => deviceLost() || post({ type: 'transfer-event', event }),
      signal,
    );
  });

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') return begin(message);
  if (!(await ready)) return;
  switch (message.type) {
    case 'train':
      return train(message);
    case 'transfer':
      return transfer(message);
    case 'prepare':
      // A failed measurement is the train's to report (it measures again then).
      preparing = preparing.then(() => timed('early-backend-choice', () => useFastestBackend(message.runs), reportPhase)).catch(() => {});
      return;
    case 'stop':
      return job.current?.abort();
    case 'probe':
      return probe(message);
    case 'memory':
      return post({ type: 'memory', id: message.id, memory: memorySnapshot() });
    case 'lose-device':
      loseDevice();
      return;
  }
};
