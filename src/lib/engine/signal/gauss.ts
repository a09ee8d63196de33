/**
 * Gaussian expectations for the mean-field signal theory and the explanation cards: E[g(z)]
 * for z ~ N(mean, variance), or for z the largest of 4 independent such draws (one limit of a
 * 2x2 max-pool), and the normal pdf/cdf. Pure JS: no TF.js, no DOM.
 *
 * Why split Simpson rather than one fixed grid: the activations the lab offers have a kink
 * or a jump in their derivative at z = 0 (ReLU, leaky ReLU, ELU, SELU), and f'(z)² of ReLU
 * is a step. Splitting the integral exactly at z = 0 makes each piece smooth, so composite
 * Simpson converges at its full O(h⁴) rate wherever the bias puts the kink.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** Integration range in standard units: the tails past 10σ weigh < 1e-22. */
const T = 10;
/** Simpson intervals over the whole range; each piece gets its share (even, at least 64). */
const INTERVALS = 800;

export function normalPdf(t: number): number {
  return Math.exp(-0.5 * t * t) / SQRT_2PI;
}

/**
 * erfc to ~1e-14: the Maclaurin series of erf below 3 (cancellation there costs at most
 * three digits), Lentz's continued fraction above, where it converges in a few dozen terms.
 * For constants and one-off values; quadrature integrands use erfcFast.
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

/** Standard normal CDF Φ(t), to ~1e-14. */
export function normalCdf(t: number): number {
  return 0.5 * erfc(-t / Math.SQRT2);
}

/**
 * erfc with fractional error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit, erfcc):
 * one exp per call, which matters because GELU evaluates it at every quadrature node (about
 * 5x faster than erfc; the theory curve and the gains need no more than these 7 digits).
 */
export function erfcFast(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(t) through erfcFast: for integrands evaluated at every quadrature node. */
export function normalCdfFast(t: number): number {
  return 0.5 * erfcFast(-t / Math.SQRT2);
}

/** Composite Simpson of a vector-valued integrand h(t, out) over [a, b], added into `acc`. */
function simpson(h: (t: number, out: Float64Array) => void, a: number, b: number, intervals: number, acc: Float64Array): void {
  const n = Math.max(64, 2 * Math.ceil(intervals / 2));
  const step = (b - a) / n;
  const val = new Float64Array(acc.length);
  // Endpoints are taken a hair inside the piece: at the kink, g must be its one-sided limit
  // (a step like ReLU'(z)² is 0 at z = 0 itself but 1 just right of it).
  const nudge = step * 1e-9;
  for (let i = 0; i <= n; i++) {
    const t = i === 0 ? a + nudge : i === n ? b - nudge : a + i * step;
    const w = ((i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * step) / 3;
    h(t, val);
    for (let k = 0; k < acc.length; k++) acc[k] += w * val[k];
  }
}

export type Density = 'normal' | 'max4';

/** Density of the max of 4 iid standard normals: 4·φ(t)·Φ(t)³. */
function max4Pdf(t: number): number {
  const c = normalCdfFast(t);
  return 4 * normalPdf(t) * c * c * c;
}

/**
 * E[g(z)] for a vector of k integrands at once, z = mean + sd·t, t ~ N(0, 1) (or t the max
 * of 4 iid N(0, 1)): g writes its k values for one z into `out`, so shared work (an
 * activation and its slope) is done once per node. A zero variance is a point mass.
 * `intervals` trades time for accuracy where g² has a kink in a higher derivative at 0 (ELU:
 * error ~h⁴, 5e-9 at the default, 1e-14 at 20,000); smooth ones converge to rounding either way.
 */
export function gaussExpectMany(
  g: (z: number, out: Float64Array) => void,
  k: number,
  mean: number,
  variance: number,
  density: Density = 'normal',
  intervals = INTERVALS,
): Float64Array {
  const acc = new Float64Array(k);
  if (!(variance > 0)) {
    g(mean, acc);
    return acc;
  }
  const sd = Math.sqrt(variance);
  const h = (t: number, out: Float64Array) => {
    g(mean + sd * t, out);
    const p = density === 'normal' ? normalPdf(t) : max4Pdf(t);
    for (let j = 0; j < k; j++) out[j] *= p;
  };
  const kink = -mean / sd; // where z = 0
  if (!(kink > -T && kink < T)) {
    simpson(h, -T, T, intervals, acc);
  } else {
    const left = Math.round((intervals * (kink + T)) / (2 * T));
    simpson(h, -T, kink, left, acc);
    simpson(h, kink, T, intervals - left, acc);
  }
  return acc;
}

/** E[g(z)], z ~ N(mean, variance); standard normal by default. */
export function gaussExpect(g: (z: number) => number, mean = 0, variance = 1): number {
  return gaussExpectMany((z, out) => (out[0] = g(z)), 1, mean, variance)[0];
}
