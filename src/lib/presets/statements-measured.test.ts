/**
 * The preset statements that quote measured spreads, checked on the lab's own numbers: the
 * at-init signal of each seed's network on the page's probe batch (the 256 validation digits
 * every evaluation uses), on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeExperiment } from '../experiment/url';
import { planVariants } from '../experiment/plan';
import { disposeGpuData, uploadSplit, type GpuData } from '../engine/gpu-data';
import { probeSignal } from '../engine/signal/probe';
import { realMnistSplit } from '../testing/mnist-split';
import { PRESETS } from './presets';

let data: GpuData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = uploadSplit(await realMnistSplit());
});
afterAll(() => disposeGpuData(data));

it('he-2015: one 128-unit He net’s last/first std lands between about 0.2 and 1.5 over seeds 1–10 (0.14 to 1.4 at width 64), its per-layer factor near 1', async () => {
  const preset = PRESETS.find((p) => p.id === 'he-2015')!;
  const e = decodeExperiment(preset.query).experiment;
  const he = planVariants(e)[1];
  expect(he.init.scheme).toBe('he_normal');
  const ratios: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    const [p] = await probeSignal(e, [he], { x: data.probeX, y: data.probeOneHot }, seed);
    ratios.push(p.forwardStd[29] / p.forwardStd[0]);
  }
  console.info(`He, depth 30, width ${e.width}, last/first std at init, seeds 1–10: ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
  expect(preset.statement).toContain('anywhere from about 0.2 to 1.5');
  expect(preset.statement).toContain('at width 64, 0.14 to 1.4 over ten seeds');
  for (const r of ratios) {
    // "about": each within 25% of the quoted ends.
    expect(r).toBeGreaterThan(0.15);
    expect(r).toBeLessThan(1.9);
    // The claim's per-layer factor stays within 0.9..1.1 on every one of them.
    expect(r ** (1 / 29)).toBeGreaterThan(0.9);
    expect(r ** (1 / 29)).toBeLessThan(1.1);
  }
  // "anywhere": the spread is wide, a factor of more than 5 between seeds.
  expect(Math.max(...ratios) / Math.min(...ratios)).toBeGreaterThan(5);
  // The narrower net spreads wider: the same 10 seeds at width 64.
  const narrow: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    const [p] = await probeSignal({ ...e, width: 64 }, [he], { x: data.probeX, y: data.probeOneHot }, seed);
    narrow.push(p.forwardStd[29] / p.forwardStd[0]);
  }
  expect(Math.min(...narrow).toFixed(2)).toBe('0.14');
  expect(Math.max(...narrow).toFixed(1)).toBe('1.4');
  expect(Math.max(...narrow) / Math.min(...narrow)).toBeGreaterThan(Math.max(...ratios) / Math.min(...ratios));
});

it('zeros-symmetry: a net that predicts one digit for every image scores at most 11.3% on the validation split', async () => {
  const labels = (await realMnistSplit()).validation.labels;
  const counts = new Array(10).fill(0);
  for (const l of labels) counts[l]++;
  const best = Math.max(...counts) / labels.length;
  expect(best).toBeLessThanOrEqual(0.113);
  expect(best).toBeGreaterThan(0.1125 - 1e-9);
  expect(PRESETS.find((p) => p.id === 'zeros-symmetry')!.statement).toContain('at most 11.3%');
});
