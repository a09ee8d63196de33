/**
 * Training (and the transfer demo) on the page's own thread, for browsers whose workers
 * cannot have WebGL (Safari without OffscreenCanvas WebGL2). It yields after every step so
 * the page stays usable, and it shares the page's TF.js and uploaded dataset with the
 * signal probe.
 */
import type { Split } from '../data/dataset';
import { deviceLost, loseDevice, memorySnapshot, watchDeviceLoss, type MemorySnapshot } from '../engine/device';
import type { RunEvent } from '../engine/events';
import type { GpuDataCache } from '../engine/gpu-data';
import { probeSignal, type SignalProfile } from '../engine/signal/probe';
import { DEFAULT_TRANSFER_OPTIONS, type TransferEvent, type TransferOptions } from '../engine/transfer/events';
import { runTransferDemo } from '../engine/transfer/run-transfer-demo';
import type { Experiment } from '../experiment/config';
import { trainExperiment } from '../engine/train-experiment';
import type { RunSpec, Variant } from '../experiment/plan';
import type { ResumeOptions, Trainer, TrainerInfo, TrainOutcome } from './trainer';

/**
 * The transfer demo has no per-step yield; its only lever is how much wall time a block of
 * queued steps may take before the read that hands the thread back. Under the 50 ms a task
 * may take before it counts as long, at the price of more reads than in a worker.
 */
const MAIN_THREAD_BLOCK_MS = 40;

export class MainThreadTrainer implements Trainer {
  readonly info: TrainerInfo;
  #data: GpuDataCache;

  constructor(info: TrainerInfo, data: GpuDataCache) {
    this.info = info;
    this.#data = data;
  }

  /** The page's context cannot be replaced without a reload, so a lost one stays lost. */
  get usable(): boolean {
    return !deviceLost();
  }

  /** Runs `job` with events dropped once the context is lost; a loss ends it as 'device-lost'. */
  async #guarded(job: (keep: () => boolean) => Promise<unknown>): Promise<TrainOutcome> {
    let unwatch = () => {};
    // A read pending when the context goes may never settle: the loss wins the race.
    const lost = new Promise<TrainOutcome>((resolve) => (unwatch = watchDeviceLoss(() => resolve('device-lost'))));
    try {
      const running = job(() => !deviceLost()).then((): TrainOutcome => (deviceLost() ? 'device-lost' : 'finished'));
      return await Promise.race([running, lost]);
    } finally {
      unwatch();
    }
  }

  /**
   * No snapshots here: a lost context on the page's thread cannot be re-made without a
   * reload, so there would be nothing to resume them on (the page ends the runs instead).
   * A snapshot from elsewhere can still be resumed.
   */
  train(
    runs: RunSpec[],
    split: Split,
    onEvent: (event: RunEvent) => void,
    signal: AbortSignal,
    resume: ResumeOptions = {},
  ): Promise<TrainOutcome> {
    return this.#guarded((keep) =>
      trainExperiment(runs, this.#data.for(split), {
        signal,
        onEvent: (event) => keep() && onEvent(event),
        yieldEveryStep: true,
        resumeFrom: resume.resumeFrom,
      }),
    );
  }

  transfer(
    split: Split,
    options: Partial<TransferOptions>,
    onEvent: (event: TransferEvent) => void,
    signal: AbortSignal,
  ): Promise<TrainOutcome> {
    const blockTargetMs = Math.min(options.blockTargetMs ?? DEFAULT_TRANSFER_OPTIONS.blockTargetMs, MAIN_THREAD_BLOCK_MS);
    // The demo filters digits from the split and uploads its own tensors: #data is not used.
    return this.#guarded((keep) => runTransferDemo(split, { ...options, blockTargetMs }, (event) => keep() && onEvent(event), signal));
  }

  probe(experiment: Experiment, variants: Variant[], split: Split): Promise<SignalProfile[]> {
    const data = this.#data.for(split);
    return probeSignal(experiment, variants, { x: data.probeX, y: data.probeOneHot, init: data.lsuv }, experiment.seed);
  }

  async memory(): Promise<MemorySnapshot> {
    return memorySnapshot();
  }

  loseDevice(): void {
    loseDevice();
  }

  dispose(): void {}
}
