/**
 * The width of the Jacobian spectrum by free probability, against hand-worked cases and
 * against the spectra the lab measures on real digits, on seeds 1–3.
 */
import { describe, expect, it } from 'vitest';
import { pixelMoments } from '../../data/batches';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { realMnistSplit } from '../../testing/mnist-split';
import { variantSpectra } from './spectrum';
import { relativeVarianceOf, slopeMomentRatio, theoryRelativeVariance } from './spectrum-theory';

async function digits(count: number): Promise<Float32Array[]> {
  const split = await realMnistSplit();
  const { mean, std } = pixelMoments(split.train);
  return Array.from({ length: count }, (_, k) => {
    const i = k * 97;
    return Float32Array.from(split.validation.images.subarray(i * 784, (i + 1) * 784), (p) => (p / 255 - mean) / std);
  });
}

const mlp = (patch: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, arch: 'mlp', bias: 0, ...patch });
const variant = (scheme: 'orthogonal' | 'he_normal' | 'lecun_normal' | 'xavier_normal') => ({
  init: { scheme },
  bn: 'none' as const,
  zero: 'none' as const,
});

describe('the relative variance of σ², by hand', () => {
  it('a linear net: s = depth − 1 for i.i.d. kernels (Fuss–Catalan: m₂ = s + 1), 0 for orthogonal ones', () => {
    const e = mlp({ act: 'linear', depth: 6, width: 64 });
    expect(theoryRelativeVariance(e, variant('lecun_normal'))).toBeCloseTo(5, 10);
    expect(theoryRelativeVariance(e, variant('orthogonal'))).toBeCloseTo(0, 10);
  });

  it('ReLU: f′ ∈ {0, 1}, so μ₂/μ₁² = ½/¼ = 2: 2 per layer with Gaussian kernels, 1 with orthogonal ones', () => {
    expect(slopeMomentRatio({ act: 'relu', slope: 0 }, 0, 1.7)).toBeCloseTo(2, 6);
    const e = mlp({ act: 'relu', depth: 5, width: 64 });
    expect(theoryRelativeVariance(e, variant('he_normal'))).toBeCloseTo(8, 6);
    expect(theoryRelativeVariance(e, variant('orthogonal'))).toBeCloseTo(4, 6);
  });

  it('tanh: μ₂/μ₁² → 1 as q → 0 (f′ → 1 everywhere), and grows with q', () => {
    expect(slopeMomentRatio({ act: 'tanh', slope: 0 }, 0, 1e-6)).toBeCloseTo(1, 5);
    expect(slopeMomentRatio({ act: 'tanh', slope: 0 }, 0, 1)).toBeGreaterThan(slopeMomentRatio({ act: 'tanh', slope: 0 }, 0, 0.1));
  });

  it('measures Var(λ)/E[λ]² of λ = σ² exactly: σ = 1, 1, 3 gives λ = 1, 1, 9, mean 11/3, variance 128/9', () => {
    expect(relativeVarianceOf([1, 1, 3])).toBeCloseTo(128 / 9 / (11 / 3) ** 2, 12);
  });
});

describe('the relative variance measured on real digits agrees with the theory', () => {
  it('Gaussian vs orthogonal, linear / tanh / ReLU, depth 6, width 128, seeds 1–3: within 30%, or near 0 where theory says 0', async () => {
    const inputs = await digits(2);
    const cases: [Experiment['act'], Experiment['init']][] = [
      ['linear', [{ scheme: 'lecun_normal' }, { scheme: 'orthogonal' }]],
      ['tanh', [{ scheme: 'lecun_normal' }, { scheme: 'orthogonal' }]],
      ['relu', [{ scheme: 'he_normal' }, { scheme: 'orthogonal', gain: Math.SQRT2 }]],
    ];
    const lines: string[] = [];
    for (const [act, init] of cases) {
      for (let seed = 1; seed <= 3; seed++) {
        const spectra = variantSpectra(mlp({ act, depth: 6, width: 128, init, seed }), inputs);
        for (const s of spectra) {
          const theory = s.theoryRelativeVariance!;
          lines.push(
            `${act} ${init[s.variant].scheme} seed ${seed}: measured ${s.relativeVariance.toFixed(3)}, theory ${theory.toFixed(3)}`,
          );
          if (theory < 0.05) expect(s.relativeVariance).toBeLessThan(0.1);
          else expect(Math.abs(Math.log(s.relativeVariance / theory))).toBeLessThan(Math.log(1.3));
        }
      }
    }
    console.info(lines.join('\n'));
  }, 200_000);
});
