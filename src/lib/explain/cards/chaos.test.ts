import { describe, expect, it } from 'vitest';
import { decodeExperiment } from '../../experiment/url';
import { contextOf } from '../context';
import { chaosCard } from './chaos';

const exp = (q: string) => decodeExperiment(q).experiment;

describe('the chaos card', () => {
  it('before the view, places each plain-MLP variant from its square layers, worked by hand', () => {
    // Xavier on 64×64: σ_w² = 64·(2/128) = 1, no bias, tanh: exactly on the edge. std 0.25: σ_w² = 64/16 = 4.
    const lines = chaosCard.live!(contextOf(exp('arch=mlp&depth=4&width=64&act=tanh&bias=0&init=xavier_normal,normal:std=0.25')))!;
    expect(lines[0].text).toBe('xavier_normal: σ_w² = 1, σ_b² = 0, χ₁ = 1: on the edge.');
    expect(lines[1].text).toMatch(/^normal \(std=0\.25\): σ_w² = 4, σ_b² = 0, χ₁ = [\d.]+: chaotic\.$/);
  });

  it('after the view, quotes its numbers: phase, c*, depth scale against the net’s depth', () => {
    const ctx = {
      ...contextOf(exp('arch=mlp&depth=30&width=64&act=tanh')),
      chaos: [{ label: 'he_normal', variant: 0, sw2: 2, sb2: 0, phase: 'chaotic' as const, chi1: 1.2, cStar: 0, depthScale: 4, depth: 30 }],
    };
    expect(chaosCard.live!(ctx)![0].text).toBe(
      'he_normal (edge-of-chaos view): σ_w² = 2, σ_b² = 0, chaotic (χ₁ = 1.2, c* = 0); ξ_c = 4 layers, so about 24 layers of reach against your 30.',
    );
  });
});
