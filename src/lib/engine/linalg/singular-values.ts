/**
 * Singular values of a real matrix, in float64, by one-sided Jacobi (Hestenes 1958): rotate
 * pairs of columns until every pair is orthogonal; the column norms are then the singular
 * values. TF.js has no SVD, and the lab needs the whole spectrum of a Jacobian, not only its
 * mean. Jacobi is slow for big matrices (O(n³) per sweep, a handful of sweeps) but accurate to
 * the last bits even for tiny singular values, which is what a spectrum across depth shows.
 */

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major: entry (i, j) at i·cols + j. */
  data: Float64Array;
}

const MAX_SWEEPS = 60;

/** Columns of `m`, or of its transpose when it is wide, as separate arrays (the short side becomes the columns). */
function tallColumns(m: Matrix): { length: number; columns: Float64Array[] } {
  const { rows, cols, data } = m;
  if (rows >= cols) {
    const columns = Array.from({ length: cols }, (_, j) => {
      const c = new Float64Array(rows);
      for (let i = 0; i < rows; i++) c[i] = data[i * cols + j];
      return c;
    });
    return { length: rows, columns };
  }
  return { length: cols, columns: Array.from({ length: rows }, (_, i) => data.slice(i * cols, (i + 1) * cols)) };
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** All min(rows, cols) singular values, largest first. */
export function singularValues(m: Matrix, tolerance = 1e-15): Float64Array {
  if (m.data.length !== m.rows * m.cols)
    throw new RangeError(`a ${m.rows}×${m.cols} matrix needs ${m.rows * m.cols} entries, got ${m.data.length}`);
  const { columns } = tallColumns(m);
  const n = columns.length;
  const norms = columns.map((c) => dot(c, c));
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p];
        const beta = norms[q];
        const gamma = dot(columns[p], columns[q]);
        if (gamma === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that zeroes the (p, q) entry of AᵀA (Golub & Van Loan, §8.6.3).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        const a = columns[p];
        const b = columns[q];
        for (let i = 0; i < a.length; i++) {
          const ai = a[i];
          const bi = b[i];
          a[i] = c * ai - s * bi;
          b[i] = s * ai + c * bi;
        }
        norms[p] = dot(a, a);
        norms[q] = dot(b, b);
      }
    }
    if (!rotated) break;
  }
  return Float64Array.from(norms.map(Math.sqrt)).sort().reverse();
}
