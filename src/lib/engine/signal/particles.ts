/**
 * A one-dimensional distribution as weighted points, sorted by value: what a residual
 * trunk's values look like in mean-field theory. After act(x + branch) the trunk is not
 * Gaussian (a ReLU trunk has an atom at 0), so its second moment alone cannot say what the
 * next act(x + branch) gives; the whole distribution is carried instead.
 */

export interface Particles {
  x: Float64Array;
  w: Float64Array;
}

/**
 * Where the points of a derived distribution came from: point j of the result received
 * share p[k] of source point src[k] (entries k with dst[k] = j). The backward pass runs
 * these maps in reverse to carry E[δ² | value] — needed because along a skip connection a
 * unit's gradient is not independent of its own value (a ReLU unit at 0 stays at 0).
 */
export interface Transition {
  src: Int32Array;
  dst: Int32Array;
  p: Float64Array;
}

/** Grid size after each convolution. */
const GRID = 512;
/**
 * Standard-normal nodes for splitting a point: on a uniform grid the trapezoid rule is
 * spectrally accurate for smooth Gaussian integrands — but not for what the next
 * activation makes of them: relu(x + u) has a kink in u at −x, and a ReLU trunk puts half
 * its mass at exactly x = 0, so the kink sits at the same place for all of it and the rule's
 * O(step²) error does not average out. With a node at the centre and step 0.75 that error
 * was E|u| 4.7% low for that mass (−step²/12): the block after a ReLU stem came out with a
 * std 0.8% high and a backward std 2.6–4.6% low against the exact mean-field values
 * (theory-wide.test.ts). Midpoint nodes (none at the centre: half the mass on each side of
 * the kink exactly) and step 0.25 bring both within 0.2%.
 */
const SPLIT_STEP = 0.25;
const SPLIT_RANGE = 6;

export function pointMass(x: number): Particles {
  return { x: Float64Array.of(x), w: Float64Array.of(1) };
}

/**
 * N(mean, variance) on 800 midpoint nodes over ±8σ (spectrally accurate for Gaussians). No
 * node sits at the centre, so with zero bias a ReLU's kink splits the mass exactly in half.
 */
export function gaussianParticles(mean: number, variance: number): Particles {
  if (!(variance > 0)) return pointMass(mean);
  const n = 800;
  const sd = Math.sqrt(variance);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const t = -8 + (16 * (i + 0.5)) / n;
    x[i] = mean + sd * t;
    w[i] = Math.exp(-0.5 * t * t);
    total += w[i];
  }
  for (let i = 0; i < n; i++) w[i] /= total;
  return { x, w };
}

export function expect(p: Particles, g: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < p.x.length; i++) s += p.w[i] * g(p.x[i]);
  return s;
}

/** Σ w_i·values_i: the mean of a quantity attached to each point. */
export function expectIndexed(p: Particles, values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.x.length; i++) s += p.w[i] * values[i];
  return s;
}

export function stdOfParticles(p: Particles): number {
  const m1 = expect(p, (x) => x);
  return Math.sqrt(Math.max(0, expect(p, (x) => x * x) - m1 * m1));
}

function identity(n: number): Transition {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  return { src: idx, dst: idx, p: new Float64Array(n).fill(1) };
}

/** The distribution of g(x), re-sorted (g need not be monotone); `from` maps result to source. */
export function mapParticles(p: Particles, g: (x: number) => number): Particles & { from: Int32Array } {
  const n = p.x.length;
  const gx = new Float64Array(n);
  const from = new Int32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    gx[i] = g(p.x[i]);
    from[i] = i;
    if (i > 0 && gx[i] < gx[i - 1]) sorted = false;
  }
  // Every activation but GELU is monotone: only sort when the order actually changed.
  if (!sorted) from.sort((a, b) => gx[a] - gx[b]);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    x[k] = gx[from[k]];
    w[k] = p.w[from[k]];
  }
  return { x, w, from };
}

/** The distribution of x + u, u ~ N(mean, variance) independent of x, and how x's mass moved. */
export function addGaussian(p: Particles, mean: number, variance: number): Particles & { moved: Transition } {
  if (!(variance > 0)) return { x: p.x.map((x) => x + mean), w: p.w.slice(), moved: identity(p.x.length) };
  const k = Math.round((2 * SPLIT_RANGE) / SPLIT_STEP);
  const sd0 = Math.sqrt(variance);
  const lo = p.x[0] + mean - SPLIT_RANGE * sd0;
  const hi = p.x[p.x.length - 1] + mean + SPLIT_RANGE * sd0;
  const step = (hi - lo) / (GRID - 1);
  // Splitting a point between its two grid neighbours adds f(1-f)·step² of variance, step²/6
  // on average: take it out of the Gaussian so the sum's variance stays right.
  const sd = Math.sqrt(Math.max(0, variance - (step * step) / 6));
  const offsets = new Float64Array(k);
  const weights = new Float64Array(k);
  let total = 0;
  for (let j = 0; j < k; j++) {
    const t = -SPLIT_RANGE + (j + 0.5) * SPLIT_STEP;
    offsets[j] = mean + sd * t;
    weights[j] = Math.exp(-0.5 * t * t);
    total += weights[j];
  }
  const w = new Float64Array(GRID);
  const entries = 2 * k * p.x.length;
  const moved: Transition = { src: new Int32Array(entries), dst: new Int32Array(entries), p: new Float64Array(entries) };
  let e = 0;
  for (let i = 0; i < p.x.length; i++) {
    for (let j = 0; j < k; j++) {
      // Linear split between the two nearest grid points keeps the mean exact.
      const pos = Math.min(GRID - 1, Math.max(0, (p.x[i] + offsets[j] - lo) / step));
      const at = Math.min(GRID - 2, Math.floor(pos));
      const frac = pos - at;
      const share = weights[j] / total;
      w[at] += p.w[i] * share * (1 - frac);
      w[at + 1] += p.w[i] * share * frac;
      moved.src[e] = i;
      moved.dst[e] = at;
      moved.p[e++] = share * (1 - frac);
      moved.src[e] = i;
      moved.dst[e] = at + 1;
      moved.p[e++] = share * frac;
    }
  }
  return { x: Float64Array.from({ length: GRID }, (_, i) => lo + i * step), w, moved };
}

/** E[g(result) | source point i] for each source point: a transition run backwards. */
export function pullBack(t: Transition, sources: number, g: Float64Array): Float64Array {
  const out = new Float64Array(sources);
  for (let e = 0; e < t.p.length; e++) out[t.src[e]] += t.p[e] * g[t.dst[e]];
  return out;
}

/**
 * A 2x2 max-pool of the trunk: the mix of its two exact limits (act-math.ts poolMixWeight)
 * — 4 equal values (unchanged) and 4 independent draws (P(max ≤ x_i) = F(x_i)⁴) — and, per
 * point, the share of the gradient arriving above that reaches a unit of that value below:
 * 1/4 in the equal limit; in the independent one the chance that the unit is its window's
 * argmax, (F_i⁴ − F_{i−1}⁴)/(4·w_i), which handles ties (ReLU's atom at 0) exactly.
 */
export function maxPool(
  p: Particles,
  mixWeight: (equal: number, independent: number) => number,
): { pooled: Particles; share: Float64Array } {
  const n = p.x.length;
  const total = p.w.reduce((a, b) => a + b, 0);
  const wMax = new Float64Array(n);
  let cdf = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    cdf += p.w[i];
    const now = Math.min(1, cdf / total) ** 4;
    wMax[i] = now - prev;
    prev = now;
  }
  const square = (x: number) => x * x;
  const lambda = mixWeight(expect(p, square), expect({ x: p.x, w: wMax }, square));
  const w = new Float64Array(n);
  const share = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = (1 - lambda) * p.w[i] + lambda * wMax[i];
    share[i] = (1 - lambda) / 4 + (p.w[i] > 0 ? (lambda * wMax[i]) / (4 * p.w[i]) : 0);
  }
  return { pooled: { x: p.x, w }, share };
}
