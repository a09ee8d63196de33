/**
 * What the scale card says about large weights under tanh, against the lab's own numbers:
 * the gradients explode toward the input (χ > 1), they do not vanish.
 */
import { describe, expect, it } from 'vitest';
import { activationDeriv } from '../../engine/signal/act-math';
import { fixedPoint } from '../../engine/signal/fixed-point';
import { gaussExpect } from '../../engine/signal/gauss';
import { decodeExperiment } from '../../experiment/url';
import { scaleCard } from './scale';

const texts = (query: string) => scaleCard.live!({ experiment: decodeExperiment(query).experiment, runs: [] })!.map((l) => l.text);
const reasoning = () =>
  scaleCard
    .reasoning({ experiment: decodeExperiment('').experiment, runs: [] })
    .flat()
    .filter((p) => typeof p === 'string')
    .join(' ');

describe('scale card on tanh', () => {
  it('quotes the chaotic fixed point of σ = 1 at width 128: q* ≈ 119, χ ≈ 6.2, gradients ×2.5 per layer toward the input', () => {
    const { q, chi } = fixedPoint('tanh', 0, 128, 1);
    expect(chi).toBeGreaterThan(1);
    const text = reasoning();
    expect(text).toContain(`q* = ${q.toFixed(0)}`);
    expect(text).toContain('χ = 6.24');
    expect(text).toContain('√χ ≈ 2.5 per layer toward the input');
    expect(scaleCard.short({ experiment: decodeExperiment('').experiment, runs: [] })).toMatch(/explode toward the input/);
  });

  it('the large-variance asymptote it quotes, E[tanh′(z)²] ≈ (4/3)/√(2π·Var(z)), holds to 2% at Var(z) = 100', () => {
    const d = activationDeriv('tanh', 0);
    const exact = gaussExpect((z) => d(z) ** 2, 0, 100);
    expect(exact / (4 / 3 / Math.sqrt(2 * Math.PI * 100))).toBeCloseTo(1, 1);
    expect(Math.abs(exact / (4 / 3 / Math.sqrt(2 * Math.PI * 100)) - 1)).toBeLessThan(0.02);
  });

  it('says which way the gradients go for each variant of the small-vs-large net', () => {
    const lines = texts('arch=mlp&depth=8&width=128&act=tanh&init=normal:std=0.01,normal:std=1,xavier_normal');
    const [small, large] = lines;
    expect(large).toMatch(/gradients grow toward the input, ×2\.\d+ per layer/);
    expect(small).toMatch(/gradients shrink toward the input, ×0\.11\d per layer/);
  });
});
