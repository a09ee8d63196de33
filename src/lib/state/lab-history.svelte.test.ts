/**
 * LabState with a run history (fake-indexeddb in Node): a training is kept when it ends, and
 * a later page opens it as its training showed it, without training, or overlays it.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels } from '../data/idx';
import type { Dataset } from '../data/dataset';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { realMnistSplit, spreadSubset } from '../testing/mnist-split';
import { LabState } from './lab.svelte';

let digits: Dataset;
const tiny: Experiment = { ...DEFAULT_EXPERIMENT, width: 16, bs: 32, steps: 6, data: 'idx' };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  digits = spreadSubset(await realMnistSplit(), 1500, 10).train;
});

async function readyLab(): Promise<LabState> {
  const lab = new LabState();
  lab.experiment.settings.backend = 'cpu';
  lab.followBackendChoice();
  await lab.connection.ensure();
  const bytes = (b: Uint8Array) => new Uint8Array(b);
  const images = new File([bytes(encodeIdxImages(digits.images, digits.count, digits.rows, digits.cols))], 'images-idx3-ubyte');
  await lab.loadIdx(images, new File([bytes(encodeIdxLabels(digits.labels))], 'labels-idx1-ubyte'));
  lab.experiment.config = { ...tiny };
  return lab;
}

async function trained(lab: LabState): Promise<void> {
  lab.train();
  while (lab.runs.phase !== 'idle' || lab.runs.series.length === 0) await wait(10);
  await lab.history.settle();
}

describe('LabState and its run history', () => {
  it('keeps a finished training, which a later page opens and overlays without training', async () => {
    const lab = await readyLab();
    await trained(lab);
    const [summary] = lab.history.list;
    const own = lab.runs.series;
    expect(summary).toMatchObject({ live: false, ending: 'done', runs: 1, steps: 6, bestAccuracy: own[0].evals.at(-1)!.valAccuracy });
    const record = await lab.history.get(summary.id);
    expect(record?.results).toMatchObject({ format: 'init-lab-results', experiment: tiny, environment: { backend: 'cpu' } });
    expect(record?.results.dataset).toEqual({
      name: lab.data.dataset!.name,
      train: lab.data.split!.train.count,
      validation: lab.data.split!.validation.count,
    });

    const later = new LabState();
    await later.history.load();
    expect(later.history.list.map((s) => s.id)).toEqual([summary.id]);
    expect(await later.openSaved(summary.id)).toBe(true);
    expect(later.runs.running).toBe(false);
    expect(later.runs.statusText).toBe('Done');
    expect(later.runs.series.map((s) => [s.label, s.status, s.loss])).toEqual(own.map((s) => [s.label, s.status, s.loss]));
    expect(later.experiment.snapshot()).toEqual(tiny);
    expect(await later.overlaySaved(summary.id, 'saved')).toBe(true);
    expect(later.shown).toHaveLength(2);
    expect(later.history.list).toHaveLength(1); // showing a saved run is not a new training
  });

  it('refuses to open a saved run while a training goes on', async () => {
    const lab = await readyLab();
    await trained(lab);
    const id = lab.history.list[0].id;
    lab.experiment.config = { ...tiny, steps: 3000 };
    lab.train();
    while (!(lab.runs.phase === 'training' && lab.runs.series[0].loss.length > 0)) await wait(5);
    expect(await lab.openSaved(id)).toBe(false);
    expect(lab.runs.series[0].totalSteps).toBe(3000);
    lab.runs.stop();
    while (lab.runs.running) await wait(10);
    await lab.history.settle();
    expect(lab.history.list[0]).toMatchObject({ ending: 'stopped', live: false });
    expect(lab.history.list[0].steps).toBeLessThan(3000);
  });
});
