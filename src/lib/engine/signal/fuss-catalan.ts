/**
 * The spectrum a product of random matrices tends to: for J = W₁⋯W_s with s independent
 * square n × n matrices of i.i.d. entries of variance 1/n (any distribution with that variance,
 * by universality), the squared singular values x = σ² of J follow, as n → ∞, the Fuss–Catalan
 * law of parameter s. Its k-th moment is the Fuss–Catalan number C(s·k + k, k)/(s·k + 1):
 * mean 1, second moment s + 1. So depth leaves the mean alone and spreads the values ever wider.
 *
 * Its density has the parametric form of Neuschel (2014), for 0 < φ < π/(s + 1):
 *
 *   x(φ) = sin((s+1)φ)^(s+1) / (sin φ · sin(sφ)^s),
 *   f(x(φ)) = sin(φ)² · sin(sφ)^(s−1) / (π · sin((s+1)φ)^s).
 *
 * At s = 1 this is Marchenko–Pastur with ratio 1: x = 4cos²φ, f = tan φ/(2π) = √((4 − x)/x)/(2π).
 */

export interface SpectrumPoint {
  /** x = σ² (for a mean of 1). */
  x: number;
  /** Density of x there. */
  density: number;
}

/** The density sampled along the parametric curve, from the top edge (φ → 0) down to x → 0. */
export function fussCatalanCurve(s: number, points = 4000): SpectrumPoint[] {
  if (!(Number.isInteger(s) && s >= 1)) throw new RangeError(`the Fuss–Catalan law needs a whole number of factors s ≥ 1, got ${s}`);
  const end = Math.PI / (s + 1);
  const out: SpectrumPoint[] = [];
  for (let i = 1; i < points; i++) {
    const phi = (end * i) / points;
    const top = Math.sin((s + 1) * phi);
    const x = top ** (s + 1) / (Math.sin(phi) * Math.sin(s * phi) ** s);
    const density = (Math.sin(phi) ** 2 * Math.sin(s * phi) ** (s - 1)) / (Math.PI * top ** s);
    out.push({ x, density });
  }
  return out;
}

/**
 * The probability of each interval [edges[i], edges[i+1]) of x: the density integrated along
 * the curve (midpoint rule in x between neighbouring samples). The mass near x = 0, where the
 * density diverges for s ≥ 2, falls below the first edge and is not counted.
 */
export function fussCatalanMass(s: number, edges: readonly number[], points = 20000): number[] {
  const curve = fussCatalanCurve(s, points);
  const mass = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i + 1 < curve.length; i++) {
    const a = curve[i];
    const b = curve[i + 1];
    const x = (a.x + b.x) / 2;
    const m = ((a.density + b.density) / 2) * Math.abs(a.x - b.x);
    // Binary search for x's interval.
    let lo = 0;
    let hi = edges.length - 1;
    if (x < edges[0] || x >= edges[hi]) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= x) lo = mid;
      else hi = mid;
    }
    mass[lo] += m;
  }
  return mass;
}

/** The k-th moment C((s+1)k, k)/(sk + 1), in floating point. */
export function fussCatalanMoment(s: number, k: number): number {
  let c = 1;
  for (let j = 1; j <= k; j++) c = (c * ((s + 1) * k - k + j)) / j;
  return c / (s * k + 1);
}
