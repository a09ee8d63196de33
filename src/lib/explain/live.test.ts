/**
 * The numbers the cards quote are the engine's numbers: every live line that carries
 * fans and a std must match describeInit on the same kernel shape, for MLPs and CNNs.
 */
import { describe, expect, it } from 'vitest';
import type { Experiment, InitChoice, SchemeId } from '../experiment/config';
import { kernelShapes } from '../experiment/shapes';
import { decodeExperiment } from '../experiment/url';
import { describeInit } from '../engine/init';
import { cardById } from './cards';
import { initContext } from './layers';
import type { CardId, LiveNumber } from './types';

const exp = (q: string): Experiment => decodeExperiment(q).experiment;

/** Cards whose live lines list per-layer init numbers, and the scheme they show when no variant uses theirs. */
const LAYER_CARDS: [CardId, SchemeId][] = [
  ['fans', 'he_normal'],
  ['xavier', 'xavier_normal'],
  ['he', 'he_normal'],
  ['lecun', 'lecun_normal'],
  ['orthogonal', 'orthogonal'],
  ['torch-default', 'torch_default'],
];

function check(e: Experiment, lines: LiveNumber[], fallback: InitChoice): number {
  const shapes = new Map(kernelShapes(e).map((k) => [k.label, k.shape]));
  let checked = 0;
  for (const line of lines) {
    const v = line.values;
    if (!v || v.fanIn === undefined || v.fanOut === undefined || v.std === undefined || !line.layers) continue;
    const choice = line.init !== undefined ? e.init[line.init] : fallback;
    for (const label of line.layers) {
      const shape = shapes.get(label);
      expect(shape, label).toBeDefined();
      const info = describeInit(choice, shape!, initContext(e));
      expect(v.fanIn, line.text).toBe(info.fanIn);
      expect(v.fanOut, line.text).toBe(info.fanOut);
      expect(v.std, line.text).toBe(info.std);
      if (info.gain !== null) expect(v.gain, line.text).toBe(info.gain);
      if (info.bound !== null) expect(v.bound, line.text).toBe(info.bound);
      checked++;
    }
  }
  return checked;
}

const CONFIGS = [
  'arch=mlp&depth=3&width=128&act=relu&init=he_normal,xavier_uniform,lecun_normal:mode=fan_out,orthogonal,torch_default',
  'arch=mlp&depth=30&width=256&act=tanh&gain=act&init=xavier_normal,he_uniform:mode=fan_out',
  'arch=mlp&depth=2&width=64&act=leaky_relu&slope=0.2&init=normal:std=0.05',
  'arch=cnn&depth=4&channels=32&kernel=5&act=relu&init=he_normal,he_normal:mode=fan_out,orthogonal:gain=2,torch_default',
  'arch=cnn&depth=1&channels=8&kernel=3&act=selu&init=lecun_uniform,xavier_normal',
];

describe('live numbers equal describeInit', () => {
  for (const q of CONFIGS) {
    it(q, () => {
      const e = exp(q);
      const ctx = { experiment: e, runs: [] };
      let total = 0;
      for (const [id, fallback] of LAYER_CARDS) total += check(e, cardById(id)!.live!(ctx) ?? [], { scheme: fallback });
      // Every kernel appears in the fans card's lines for the first variant.
      const fans = cardById('fans')!.live!(ctx)!.filter((l) => l.init === 0);
      expect(fans.flatMap((l) => l.layers ?? [])).toEqual(kernelShapes(e).map((k) => k.label));
      expect(total).toBeGreaterThan(0);
    });
  }

  it('conv fans are kh·kw·cin and kh·kw·cout', () => {
    const e = exp('arch=cnn&depth=2&channels=16&kernel=5&init=he_normal');
    const lines = cardById('conv-fans')!.live!({ experiment: e, runs: [] })!;
    expect(lines[0].values).toMatchObject({ fanIn: 5 * 5 * 1, fanOut: 5 * 5 * 16 });
    expect(lines[1].values).toMatchObject({ fanIn: 5 * 5 * 16, fanOut: 5 * 5 * 16 });
    expect(lines[2].values).toMatchObject({ fanIn: 7 * 7 * 16, fanOut: 10 });
    expect(check(e, lines, { scheme: 'he_normal' })).toBe(3);
  });

  it('an MLP config gets conv fans for the CNN it would be, said as such', () => {
    const lines = cardById('conv-fans')!.live!({ experiment: exp('arch=mlp&depth=3&channels=8&kernel=3'), runs: [] })!;
    expect(lines[0].text).toMatch(/^A 3-layer CNN with your 8 channels and 3×3 kernels: /);
    expect(lines[0].values).toMatchObject({ fanIn: 9, fanOut: 72 });
  });
});
