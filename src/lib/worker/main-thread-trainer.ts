/**
 * Training on the page's own thread, for browsers whose workers cannot have WebGL (Safari
 * without OffscreenCanvas WebGL2). It yields after every step so the page stays usable,
 * and it shares the page's TF.js and uploaded dataset with the signal probe.
 */
import type { Split } from '../data/dataset';
import { deviceLost, loseDevice, memorySnapshot, watchDeviceLoss, type MemorySnapshot } from '../engine/device';
import type { RunEvent } from '../engine/events';
import type { GpuDataCache } from '../engine/gpu-data';
import { probeSignal, type SignalProfile } from '../engine/signal/probe';
import type { Experiment } from '../experiment/config';
import { trainExperiment } from '../engine/train-experiment';
import type { RunSpec, Variant } from '../experiment/plan';
import type { Trainer, TrainerInfo, TrainOutcome } from './trainer';

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

  async train(runs: RunSpec[], split: Split, onEvent: (event: RunEvent) => void, signal: AbortSignal): Promise<TrainOutcome> {
    let unwatch = () => {};
    // A read pending when the context goes may never settle: the loss wins the race.
    const lost = new Promise<TrainOutcome>((resolve) => (unwatch = watchDeviceLoss(() => resolve('device-lost'))));
    try {
      const training = trainExperiment(runs, this.#data.for(split), {
        signal,
        onEvent: (event) => deviceLost() || onEvent(event),
        yieldEveryStep: true,
      }).then((): TrainOutcome => (deviceLost() ? 'device-lost' : 'finished'));
      return await Promise.race([training, lost]);
    } finally {
      unwatch();
    }
  }

  probe(experiment: Experiment, variants: Variant[], split: Split): Promise<SignalProfile[]> {
    const data = this.#data.for(split);
    return probeSignal(experiment, variants, { x: data.probeX, y: data.probeOneHot }, experiment.seed);
  }

  async memory(): Promise<MemorySnapshot> {
    return memorySnapshot();
  }

  loseDevice(): void {
    loseDevice();
  }

  dispose(): void {}
}
