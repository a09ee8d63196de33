/**
 * The lab's working state on the real engine: the page's own trainer connection (no Worker
 * in Node, so the page's thread, on the CPU backend), real MNIST digits loaded as IDX files,
 * and the one GPU lock that the main runs, the transfer demo and the signal probe share.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels } from '../data/idx';
import type { Dataset } from '../data/dataset';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import type { TransferOptions } from '../engine/transfer/events';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { decodeExperiment } from '../experiment/url';
import { sampleResults } from '../testing/results-fixture';
import { PRESETS } from '../presets/presets';
import { LabState } from './lab.svelte';

/** File wants bytes on a plain ArrayBuffer; the encoders' arrays are typed more widely. */
const blobPart = (bytes: Uint8Array) => new Uint8Array(bytes);

let digits: Dataset;
const tiny: Experiment = { ...DEFAULT_EXPERIMENT, width: 16, bs: 32, steps: 6, init: [{ scheme: 'he_normal' }, { scheme: 'zeros' }] };
const quickDemo: Partial<TransferOptions> = { width: 32, pretrainSteps: 8, finetuneSteps: 4, evalEvery: 4, fewShot: 200 };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (done: () => boolean) => {
  while (!done()) await wait(10);
};

beforeAll(async () => {
  digits = spreadSubset(await realMnistSplit(), 1500, 10).train;
});

/** A lab on the CPU backend with real digits loaded, as a person would: choose the backend, load IDX files. */
async function readyLab(config: Experiment = tiny): Promise<LabState> {
  const lab = new LabState();
  lab.experiment.settings.backend = 'cpu';
  lab.followBackendChoice();
  await lab.connection.ensure();
  const images = new File([blobPart(encodeIdxImages(digits.images, digits.count, digits.rows, digits.cols))], 'images-idx3-ubyte');
  const labels = new File([blobPart(encodeIdxLabels(digits.labels))], 'labels-idx1-ubyte');
  await lab.loadIdx(images, labels);
  lab.experiment.config = { ...config, data: 'idx' };
  return lab;
}

describe('LabState', () => {
  it('can train once a trainer, data and a valid config are there', async () => {
    const lab = new LabState();
    expect(lab.canTrain).toBe(false);
    const ready = await readyLab();
    expect(ready.backend).toMatchObject({ backend: 'cpu', thread: 'main' });
    expect(ready.data.source).toBe('idx');
    expect(ready.needsOwnData).toBe(false);
    expect(ready.canTrain).toBe(true);
    ready.experiment.config.width = 0;
    expect(ready.canTrain).toBe(false);
  });

  it('holds the GPU for a training: the demo, the probe and a second training wait for it', async () => {
    const lab = await readyLab();
    expect(lab.variantNames).toEqual(['he_normal', 'zeros']);
    lab.train();
    expect(lab.gpu.holder).toBe('training');
    expect(lab.canTrain).toBe(false);
    lab.startTransfer(quickDemo);
    expect(lab.transfer.running).toBe(false);
    lab.measureSignal();
    await wait(200);
    expect(lab.signal.measuring).toBe(false);
    expect(lab.signal.key).toBe('');
    await until(() => !lab.runs.running);
    expect(lab.gpu.busy).toBe(false);
    expect(lab.runs.series.map((s) => [s.label, s.status])).toEqual([
      ['he_normal', 'done'],
      ['zeros', 'done'],
    ]);
    expect(lab.shown).toEqual(lab.runs.series);
    expect(lab.explainCtx.runs!.map((r) => r.label)).toEqual(['he_normal', 'zeros']);
    expect(lab.outcome?.winner).toBeTypeOf('number');

    // Free again: the probe measures the config on screen where training runs.
    lab.measureSignal();
    await wait(200);
    await until(() => !lab.signal.measuring);
    expect(lab.signal.labels).toEqual(['he_normal', 'zeros']);
  });

  it('holds the GPU for the transfer demo: training waits, and the cards hear its result', async () => {
    const lab = await readyLab();
    lab.startTransfer(quickDemo);
    expect(lab.gpu.holder).toBe('transfer');
    expect(lab.canTrain).toBe(false);
    lab.train();
    expect(lab.runs.running).toBe(false);
    await until(() => !lab.transfer.running);
    expect(lab.transfer.statusText).toBe('Done');
    expect(lab.explainCtx.transferDemo).toBe(lab.transfer.summary);
    expect(lab.canTrain).toBe(true);
  });

  it('runs a preset, names it active, and checks its claim only once every run has ended', async () => {
    const preset = PRESETS.find((p) => p.id === 'zeros-symmetry')!;
    const lab = await readyLab();
    expect(lab.activePreset).toBeNull();
    lab.runPreset(preset);
    expect(lab.experiment.snapshot()).toEqual(decodeExperiment(preset.query).experiment);
    expect(lab.activePreset?.id).toBe(preset.id);
    expect(lab.runs.running).toBe(true);
    expect(lab.presetClaim).toBeNull();
    await until(() => !lab.runs.running);
    expect(lab.runs.series).toHaveLength(6);
    expect(lab.runs.series[1].label).toBe('zeros #2');
    expect(lab.presetClaim?.holds).toBeTypeOf('boolean');
    expect(lab.explainCtx.runs![0].presetClaim).toMatchObject({ presetId: preset.id, holds: lab.presetClaim!.holds });

    // The active preset is the one last trained, not whatever the settings show since.
    lab.experiment.config = { ...tiny };
    expect(lab.activePreset?.id).toBe(preset.id);
  }, 180_000); // 6 runs of 150 steps on the CPU backend, on a shared machine

  it('shows imported runs beside its own, with their seeds counted', async () => {
    const lab = await readyLab({ ...tiny, init: [{ scheme: 'he_normal' }], seeds: 2 });
    lab.train();
    await until(() => !lab.runs.running);
    expect(lab.imported.add(JSON.stringify(sampleResults()), 'pytorch.json')).toBe(true);
    expect(lab.shown.map((s) => s.variant)).toEqual([0, 0, 1, 2]);
    expect(lab.shown.slice(0, 2).map((s) => s.label)).toEqual(['he_normal #1', 'he_normal #2']);
    expect(lab.shown.slice(2).map((s) => s.label.split(' · ').at(-1))).toEqual(['he_normal', 'xavier_normal']);
    expect(lab.shownSeeds).toBe(2);
  });
});
