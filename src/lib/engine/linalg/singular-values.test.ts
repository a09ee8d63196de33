import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { singularValues, type Matrix } from './singular-values';

const matrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
const close = (got: Float64Array, want: number[], digits = 12) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
};

describe('singularValues, hand-worked', () => {
  it('a diagonal matrix: the absolute diagonal, sorted', () => {
    close(
      singularValues(
        matrix([
          [0, 0, -2],
          [0, 3, 0],
          [0.5, 0, 0],
        ]),
      ),
      [3, 2, 0.5],
    );
  });

  it('[[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5, so σ = 3√5 and √5', () => {
    close(
      singularValues(
        matrix([
          [3, 0],
          [4, 5],
        ]),
      ),
      [3 * Math.sqrt(5), Math.sqrt(5)],
    );
  });

  it('a rank-one matrix [[1, 1], [1, 1]]: σ = 2 and 0', () => {
    close(
      singularValues(
        matrix([
          [1, 1],
          [1, 1],
        ]),
      ),
      [2, 0],
    );
  });

  it('a rotation by 30° is orthogonal: both singular values are 1', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    close(
      singularValues(
        matrix([
          [c, -s],
          [s, c],
        ]),
      ),
      [1, 1],
    );
  });

  it('a wide 1×3 row [1, 2, 2]: one singular value, its norm 3', () => {
    close(singularValues(matrix([[1, 2, 2]])), [3]);
  });

  it('a tall 3×2 matrix and its transpose have the same values', () => {
    // AᵀA = [[2, 1], [1, 2]] for A = [[1, 0], [1, 1], [0, 1]]: eigenvalues 3 and 1.
    const a = matrix([
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
    close(singularValues(a), [Math.sqrt(3), 1]);
    close(
      singularValues(
        matrix([
          [1, 1, 0],
          [0, 1, 1],
        ]),
      ),
      [Math.sqrt(3), 1],
    );
  });

  it('refuses a matrix whose data does not match its shape', () => {
    expect(() => singularValues({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(/needs 4 entries/);
  });
});

describe('singularValues, properties', () => {
  const matrices = fc
    .record({ rows: fc.integer({ min: 1, max: 7 }), cols: fc.integer({ min: 1, max: 7 }) })
    .chain(({ rows, cols }) =>
      fc
        .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols })
        .map((xs): Matrix => ({ rows, cols, data: Float64Array.from(xs) })),
    );

  it('their squares sum to the squared Frobenius norm, and they are non-negative and sorted', () => {
    fc.assert(
      fc.property(matrices, (m) => {
        const s = singularValues(m);
        expect(s.length).toBe(Math.min(m.rows, m.cols));
        const frob = m.data.reduce((a, x) => a + x * x, 0);
        const sum = s.reduce((a, x) => a + x * x, 0);
        expect(Math.abs(sum - frob)).toBeLessThanOrEqual(1e-9 * Math.max(1, frob));
        for (let i = 0; i < s.length; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(0);
          if (i) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
        }
      }),
    );
  });

  it('for a square matrix their product is |det|', () => {
    const det = (m: Matrix): number => {
      // Gaussian elimination with partial pivoting, on a copy.
      const n = m.rows;
      const a = Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * n, (i + 1) * n)));
      let d = 1;
      for (let k = 0; k < n; k++) {
        let p = k;
        for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
        if (a[p][k] === 0) return 0;
        if (p !== k) [a[p], a[k]] = [a[k], a[p]];
        d *= a[k][k];
        for (let i = k + 1; i < n; i++) {
          const f = a[i][k] / a[k][k];
          for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
        }
      }
      return Math.abs(d);
    };
    const square = fc
      .integer({ min: 1, max: 6 })
      .chain((n) =>
        fc
          .array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n })
          .map((xs): Matrix => ({ rows: n, cols: n, data: Float64Array.from(xs) })),
      );
    fc.assert(
      fc.property(square, (m) => {
        const product = singularValues(m).reduce((a, x) => a * x, 1);
        const scale = Math.max(1, ...Array.from(m.data, Math.abs)) ** m.rows;
        expect(Math.abs(product - det(m))).toBeLessThanOrEqual(1e-9 * scale);
      }),
    );
  });

  it('scaling the matrix by c scales every value by |c|', () => {
    fc.assert(
      fc.property(matrices, fc.double({ min: -5, max: 5, noNaN: true }), (m, c) => {
        const s = singularValues(m);
        const sc = singularValues({ ...m, data: m.data.map((x) => c * x) });
        s.forEach((v, i) => expect(Math.abs(sc[i] - Math.abs(c) * v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c) * s[0])));
      }),
    );
  });
});
