/**
 * connectTrainer in Node, where there is no Worker: it trains on this thread on the backend
 * the page's own TF.js starts, and says why. The trainer it returns is real (CPU backend).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Split } from '../data/dataset';
import { initBackend } from '../engine/backend';
import { GpuDataCache } from '../engine/gpu-data';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import { DEFAULT_EXPERIMENT } from '../experiment/config';
import type { BackendPreference } from '../experiment/page-settings';
import { planRuns, planVariants } from '../experiment/plan';
import type { RunEvent } from '../engine/events';
import { connectTrainer } from './connect';

let split: Split;
beforeAll(async () => {
  split = spreadSubset(await realMnistSplit(), 256, 128);
});
afterEach(() => vi.unstubAllGlobals());

/** The page's own backend, started on CPU whatever was asked, recording what was asked. */
function cpuBackend() {
  const asked: BackendPreference[] = [];
  return { asked, mainBackend: (p: BackendPreference) => (asked.push(p), initBackend('cpu')) };
}

describe('connectTrainer', () => {
  it("trains on the page's thread where no worker can run, and says so", async () => {
    const { asked, mainBackend } = cpuBackend();
    const trainer = await connectTrainer({ mainBackend, mainData: () => new GpuDataCache(), preference: 'cpu' });
    expect(asked).toEqual(['cpu']);
    expect(trainer.info).toMatchObject({ backend: 'cpu', thread: 'main', threadReason: 'this browser cannot run a worker' });
    expect(trainer.usable).toBe(true);
    // Real training and a real probe on it.
    const events: RunEvent[] = [];
    const experiment = { ...DEFAULT_EXPERIMENT, width: 16, bs: 32, steps: 4 };
    expect(await trainer.train(planRuns(experiment), split, (e) => events.push(e), new AbortController().signal)).toBe('finished');
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'done', steps: 4 });
    const [profile] = await trainer.probe(experiment, planVariants(experiment), split);
    expect(profile.forwardStd.every((s) => s > 0)).toBe(true);
  });

  it('skips the worker when the page asks for main-thread training', async () => {
    const { mainBackend } = cpuBackend();
    const trainer = await connectTrainer({ mainBackend, mainData: () => new GpuDataCache(), preference: 'cpu', forceMainThread: true });
    expect(trainer.info.threadReason).toBe('the page asked for main-thread training');
  });

  it('says why a worker could not start, and that WebGL in a worker needs OffscreenCanvas', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new Error('module workers are off in this browser');
        }
      },
    );
    const { asked, mainBackend } = cpuBackend();
    const cpu = await connectTrainer({ mainBackend, mainData: () => new GpuDataCache(), preference: 'cpu' });
    expect(cpu.info.threadReason).toBe('module workers are off in this browser');
    // auto wants WebGL, which a worker has only through OffscreenCanvas (none in Node).
    const auto = await connectTrainer({ mainBackend, mainData: () => new GpuDataCache() });
    expect(auto.info.threadReason).toBe('this browser cannot run WebGL in a worker (no OffscreenCanvas)');
    expect(asked).toEqual(['cpu', 'auto']);
  });
});
