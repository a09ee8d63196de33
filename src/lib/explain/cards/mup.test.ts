import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildStackedParams, disposeParams } from '../../engine/stack/params';
import { planRuns } from '../../experiment/plan';
import { decodeExperiment } from '../../experiment/url';
import { contextOf } from '../context';
import { rankCards } from '../triggers';
import { mupCard } from './mup';

const exp = (q: string) => {
  const d = decodeExperiment(q);
  expect(d.problems).toEqual([]);
  return d.experiment;
};
const texts = (q: string) => mupCard.live!(contextOf(exp(q)))!.map((l) => l.text);

describe('the μP card', () => {
  it('Adam, width 256, base 64: r = 4, each layer worked by hand', () => {
    // He normal: L1 √(2/784) = 0.0505; L2 and out √(2/256) = 0.0884, out ÷ √4 = 0.0442. lr 0.01 ÷ 4 = 0.0025.
    expect(texts('arch=mlp&depth=2&width=256&base=64&param=sp,mup&opt=adam&lr=0.01&init=he_normal')).toEqual([
      'width 256, base 64: r = 256/64 = 4; adam at lr 0.01. Biases train at lr 0.01 under μP (SP 0.01).',
      'L1 (input layer, 784×256, he_normal): init std 0.0505 as SP; lr 0.01 as SP.',
      'L2 (hidden layer, 256×256, he_normal): init std 0.0884 as SP; lr 0.01 → 0.0025.',
      'out (output layer, 256×10, he_normal): init std 0.0884 → 0.0442; lr 0.01 → 0.0025.',
    ]);
  });

  it('SGD with BN, width 32, base 128: r = 1/4, so input and vector-like lr × 1/4, output std × 2', () => {
    const lines = texts('arch=mlp&depth=1&width=32&base=128&param=mup&opt=sgd&lr=0.1&bn=before&init=xavier_normal');
    // Xavier L1: √(2/(784+32)) = 0.0495; out 32×10: √(2/42) = 0.218, × √4 = 0.436; lr 0.1 ÷ (1/4) = 0.4.
    expect(lines).toEqual([
      'width 32, base 128: r = 32/128 = 0.25; sgd at lr 0.1. Biases, BN γ and β train at lr 0.025 under μP (SP 0.1).',
      'L1 (input layer, 784×32, xavier_normal): init std 0.0495 as SP; lr 0.1 → 0.025.',
      'out (output layer, 32×10, xavier_normal): init std 0.218 → 0.436; lr 0.1 → 0.4.',
    ]);
  });

  it('quotes the std the engine really draws for μP’s output kernel', async () => {
    await tf.setBackend('cpu');
    const e = exp('arch=mlp&depth=2&width=512&base=32&param=mup&init=he_uniform');
    const live = mupCard.live!(contextOf(e))!;
    const p = buildStackedParams([planRuns(e)[0]]);
    p.layers[0].forEach((info, i) => expect(live[i + 1].values!.mupStd).toBeCloseTo(info.initStd, 12));
    disposeParams(p);
  });

  it('comes forward when param includes mup, and not for plain SP', () => {
    const ids = (q: string) => rankCards(contextOf(exp(q))).map((r) => r.cardId);
    expect(ids('param=sp,mup')).toContain('mup');
    expect(rankCards(contextOf(exp('param=mup&base=128'))).find((r) => r.cardId === 'mup')!.reason).toBe('μP is on (param=mup, base 128).');
    expect(ids('param=sp')).not.toContain('mup');
    expect(ids('')).not.toContain('mup');
  });

  it('its demo compares SP with μP on a wide MLP', () => {
    const e = exp(mupCard.demo!.query);
    expect([e.arch, e.param, e.width >= 1024]).toEqual(['mlp', ['sp', 'mup'], true]);
  });
});
