/**
 * Gaussian expectations E[g(z)], z ~ N(mean, variance), for the mean-field signal
 * predictions and the activation facts the cards quote. Trapezoid rule on a fixed grid of
 * standard-normal nodes over [-10, 10]: for smooth Gaussian-damped integrands it converges
 * far faster than its O(h²) worst case, and the tails past 10σ weigh < 1e-22. A jump in g
 * (ReLU's slope) costs up to h·φ/2 ≈ 0.002 absolute, below the 3 digits the cards print
 * for the quantities where it occurs.
 */

const H = 0.01;
const NODES = 2000;
let grid: { u: Float64Array; w: Float64Array } | null = null;

function nodes(): { u: Float64Array; w: Float64Array } {
  if (grid) return grid;
  const u = new Float64Array(NODES + 1);
  const w = new Float64Array(NODES + 1);
  const norm = H / Math.sqrt(2 * Math.PI);
  for (let i = 0; i <= NODES; i++) {
    u[i] = -10 + i * H;
    w[i] = (i === 0 || i === NODES ? 0.5 : 1) * norm * Math.exp(-0.5 * u[i] * u[i]);
  }
  grid = { u, w };
  return grid;
}

export function gaussExpect(g: (z: number) => number, mean = 0, variance = 1): number {
  if (!(variance > 0)) return g(mean); // a point mass: no spread to integrate over
  const { u, w } = nodes();
  const sd = Math.sqrt(variance);
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += w[i] * g(mean + sd * u[i]);
  return sum;
}

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * erfc to ~1e-14: the Maclaurin series of erf below 3 (cancellation there costs at most
 * three digits), Lentz's continued fraction above, where it converges in a few dozen terms.
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up.
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
