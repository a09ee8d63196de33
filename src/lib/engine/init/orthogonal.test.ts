import { describe, expect, it } from 'vitest';
import { Prng } from '../../random/prng';
import { generateWeights } from './generate';
import type { InitContext } from './gains';
import { orthogonalDims, orthogonalMatrix } from './orthogonal';

/** Max |(W^T W or W W^T) - g^2 I| over all entries, for the row-major rows x cols W. */
function gramError(w: ArrayLike<number>, rows: number, cols: number, g: number): number {
  const tall = rows >= cols;
  const k = tall ? cols : rows; // size of the Gram matrix
  const len = tall ? rows : cols; // length of the vectors being dotted
  const at = (vec: number, i: number): number => (tall ? w[i * cols + vec] : w[vec * cols + i]);
  // Copy the vectors out contiguously so the O(k^2 len) loop stays fast.
  const v = new Float64Array(k * len);
  for (let a = 0; a < k; a++) for (let i = 0; i < len; i++) v[a * len + i] = at(a, i);
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += v[a * len + i] * v[b * len + i];
      worst = Math.max(worst, Math.abs(s - (a === b ? g * g : 0)));
    }
  }
  return worst;
}

const ctx = (gain: InitContext['gain']): InitContext => ({ act: 'relu', slope: 0.01, gain });

describe('orthogonal', () => {
  it('flattens kernels Keras-style: rows = prod(shape[:-1]), cols = shape[-1]', () => {
    expect(orthogonalDims([784, 256])).toEqual({ rows: 784, cols: 256 });
    expect(orthogonalDims([3, 3, 16, 32])).toEqual({ rows: 144, cols: 32 });
    expect(orthogonalDims([10])).toEqual({ rows: 1, cols: 10 });
  });

  it('784x256 with gain sqrt 2: W^T W = 2 I, in milliseconds', () => {
    const t0 = performance.now();
    const w = generateWeights({ scheme: 'orthogonal' }, [784, 256], ctx('act'), 11);
    const ms = performance.now() - t0;
    console.log(`orthogonal 784x256: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(gramError(w, 784, 256, Math.SQRT2)).toBeLessThan(1e-4);
  });

  it('256x256 with gain 1: W^T W = I (and W W^T = I, being square)', () => {
    const w = generateWeights({ scheme: 'orthogonal' }, [256, 256], ctx('auto'), 12);
    expect(gramError(w, 256, 256, 1)).toBeLessThan(1e-4);
    const wt = new Float32Array(w.length);
    for (let r = 0; r < 256; r++) for (let c = 0; c < 256; c++) wt[c * 256 + r] = w[r * 256 + c];
    expect(gramError(wt, 256, 256, 1)).toBeLessThan(1e-4);
  });

  it('wide 16x64: W W^T = g^2 I', () => {
    const w = generateWeights({ scheme: 'orthogonal', gain: 1.5 }, [16, 64], ctx('auto'), 13);
    expect(gramError(w, 16, 64, 1.5)).toBeLessThan(1e-4);
  });

  it('conv [3,3,16,32] flattened to 144x32: W^T W = g^2 I', () => {
    const w = generateWeights({ scheme: 'orthogonal' }, [3, 3, 16, 32], ctx('act'), 14);
    expect(gramError(w, 144, 32, Math.SQRT2)).toBeLessThan(1e-4);
  });

  it('is Haar: without the sign(diag R) fix, Householder Q has a one-signed diagonal', () => {
    // Q[0][0] = x0 / alpha < 0 always for an uncorrected Householder QR; Haar gives a
    // symmetric distribution. Check both orientations.
    for (const [rows, cols] of [
      [8, 4],
      [4, 8],
    ]) {
      let positive = 0;
      let diagPositive = 0;
      const n = 2000;
      for (let s = 0; s < n; s++) {
        const w = orthogonalMatrix(rows, cols, 1, new Prng(s));
        if (w[0] > 0) positive++;
        if (w[3 * cols + 3] > 0) diagPositive++;
      }
      // binomial(2000, 1/2): sd ~ 22; 150 is ~7 sd
      expect(Math.abs(positive - n / 2)).toBeLessThan(150);
      expect(Math.abs(diagPositive - n / 2)).toBeLessThan(150);
    }
  });

  it('handles degenerate shapes: a single column, a single row, a scalar', () => {
    const col = orthogonalMatrix(5, 1, 2, new Prng(1));
    expect(Math.hypot(...col)).toBeCloseTo(2, 12);
    const row = orthogonalMatrix(1, 5, 2, new Prng(1));
    expect(Math.hypot(...row)).toBeCloseTo(2, 12);
    expect(Math.abs(orthogonalMatrix(1, 1, 3, new Prng(1))[0])).toBeCloseTo(3, 12);
  });
});
