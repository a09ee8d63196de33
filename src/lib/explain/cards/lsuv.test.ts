import { describe, expect, it } from 'vitest';
import { decodeExperiment } from '../../experiment/url';
import { contextOf } from '../context';
import { observeSeries } from '../observe';
import { rankCards } from '../triggers';
import { lsuvCard } from './lsuv';

const exp = (q: string) => decodeExperiment(q).experiment;

describe('the lsuv card', () => {
  it('before a run, quotes the orthonormal draws with this config’s fans and says when the scales come', () => {
    const lines = lsuvCard.live!(contextOf(exp('arch=mlp&depth=3&width=64&init=he_normal,lsuv')))!;
    // L1 is 784×64: σ = 1/√784 = 1/28 = 0.0357; L2–L3 64×64: σ = 1/8 = 0.125.
    expect(lines.map((l) => l.text).join(' ')).toContain('σ = 1/√784 = 0.0357 before scaling');
    expect(lines.map((l) => l.text).join(' ')).toContain('σ = 1/√64 = 0.125 before scaling');
    expect(lines.at(-1)!.text).toMatch(/measured when a run starts, on 256 training digits/);
    expect(lines.every((l) => l.init === 1)).toBe(true);
  });

  it('after a run, quotes the scales LSUV measured: first layer, the range of the middle ones, the head', () => {
    const layers = [
      { label: 'L1', lsuv: { scale: 0.8, iterations: 1 } },
      { label: 'L2', lsuv: { scale: 1.5, iterations: 1 } },
      { label: 'L3', lsuv: { scale: 1.25, iterations: 1 } },
      { label: 'out', lsuv: { scale: 0.5, iterations: 1 } },
    ];
    const runs = observeSeries([{ label: 'lsuv', variant: 0, status: 'done', layers, evals: [] }]);
    const [line] = lsuvCard.live!({ ...contextOf(exp('init=lsuv')), runs })!;
    expect(line.text).toBe('lsuv: LSUV multiplied L1 by 0.8, L2–L3 ×1.25 to ×1.5, and out by 0.5; 1 division(s) per layer.');
    expect(line.values).toEqual({ first: 0.8, middleMin: 1.25, middleMax: 1.5, head: 0.5 });
  });

  it('is triggered by init=lsuv, and its Try-it link opens orthogonal against lsuv on a 20-layer tanh MLP with no problem', () => {
    expect(rankCards(contextOf(exp('init=orthogonal,lsuv'))).map((c) => c.cardId)).toContain('lsuv');
    expect(rankCards(contextOf(exp('init=orthogonal'))).map((c) => c.cardId)).not.toContain('lsuv');
    const demo = decodeExperiment(lsuvCard.demo!.query);
    expect(demo.problems).toEqual([]);
    expect(demo.experiment).toMatchObject({ arch: 'mlp', depth: 20, act: 'tanh', init: [{ scheme: 'orthogonal' }, { scheme: 'lsuv' }] });
  });
});
