/**
 * SignalState against the real probe (TF.js CPU backend, the page's main-thread trainer):
 * a request is measured after its debounce, a result for a config since changed is never
 * shown, and cancel drops what was pending.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../data/dataset';
import type { SignalProfile } from '../engine/signal/probe';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { encodeExperiment } from '../experiment/url';
import { cpuTrainer } from '../testing/cpu-trainer';
import type { Trainer } from '../worker/trainer';
import { SignalState, type SignalMeasure } from './signal.svelte';

let split: Split;
let trainer: Trainer;
const small: Experiment = { ...DEFAULT_EXPERIMENT, width: 32, depth: 3 };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  split = spreadSubset(await realMnistSplit(), 256, 256);
  trainer = await cpuTrainer();
});

/** The real probe, counting its calls. */
function probe() {
  const calls: Experiment[] = [];
  const measure: SignalMeasure = (e, variants) => {
    calls.push(e);
    return trainer.probe(e, variants, split);
  };
  return { measure, calls };
}

async function settled(signal: SignalState) {
  await wait(200);
  while (signal.measuring) await wait(10);
}

describe('SignalState', () => {
  it('measures every variant of the config, labelled, once per config', async () => {
    const signal = new SignalState();
    const { measure, calls } = probe();
    const two: Experiment = { ...small, init: [{ scheme: 'he_normal' }, { scheme: 'zeros' }] };
    signal.request(two, measure);
    signal.request(two, measure);
    await settled(signal);
    expect(calls).toHaveLength(1);
    expect(signal.labels).toEqual(['he_normal', 'zeros']);
    expect(signal.profiles.map((p) => p.variantIndex)).toEqual([0, 1]);
    // One std per hidden layer; zero weights pass no signal past the first layer.
    expect(signal.profiles[0].forwardStd).toHaveLength(3);
    expect(signal.profiles[1].forwardStd.at(-1)).toBe(0);
    expect(signal.key).toBe(encodeExperiment(two));
    expect(signal.error).toBeNull();
  });

  it('keeps only the latest of requests made in quick succession, and drops a result that arrives for an old config', async () => {
    const signal = new SignalState();
    const { measure, calls } = probe();
    signal.request({ ...small, width: 16 }, measure);
    signal.request({ ...small, width: 24 }, measure);
    await settled(signal);
    expect(calls.map((e) => e.width)).toEqual([24]);

    // A request made while another is measured: the older result, arriving first, is never shown.
    const gate = () => {
      let open!: () => void;
      return { shut: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
    };
    const olderGate = gate();
    const newerGate = gate();
    let older!: Promise<SignalProfile[]>;
    signal.request({ ...small, depth: 2 }, (e, variants) => (older = olderGate.shut.then(() => trainer.probe(e, variants, split))));
    await wait(200);
    expect(signal.measuring).toBe(true);
    signal.request({ ...small, depth: 4 }, async (e, variants) => (await newerGate.shut, trainer.probe(e, variants, split)));
    olderGate.open();
    await older;
    await wait(0);
    expect(signal.key).toBe(encodeExperiment({ ...small, width: 24 }));
    newerGate.open();
    await settled(signal);
    expect(signal.profiles[0].forwardStd).toHaveLength(4);
    expect(signal.key).toBe(encodeExperiment({ ...small, depth: 4 }));
  });

  it('measures nothing after cancel, and the next request measures again', async () => {
    const signal = new SignalState();
    const { measure, calls } = probe();
    signal.request(small, measure);
    signal.cancel();
    await wait(200);
    expect(calls).toHaveLength(0);
    signal.request(small, measure);
    await settled(signal);
    expect(calls).toHaveLength(1);
  });

  it("shows the probe's error for the config it was asked about", async () => {
    const signal = new SignalState();
    signal.request({ ...small, width: 1_000_000_000 }, (e, variants) => trainer.probe(e, variants, split));
    await settled(signal);
    expect(signal.error).toBeTruthy();
    expect(signal.profiles).toEqual([]);
  });
});
