/**
 * Order and chaos at init (Poole et al. 2016; Schoenholz et al. 2017), in the mean-field
 * limit of a deep, wide MLP whose weights have variance σ_w²/n and biases σ_b²:
 *
 *   q_ab ← σ_w²·E[φ(u_a)·φ(u_b)] + σ_b²,   (u_a, u_b) ~ N(0, [[q_aa, q_ab], [q_ab, q_bb]]),
 *
 * carried for two inputs a and b at once. Their correlation c = q_ab/√(q_aa·q_bb) tends to a
 * fixed point c*: 1 in the ordered phase (all inputs look alike deep down), below 1 in the
 * chaotic one (nearby inputs are torn apart). χ₁ = σ_w²·E[φ′(u)²] at the variance fixed
 * point decides which: < 1 ordered, > 1 chaotic, = 1 the edge of chaos. How fast c reaches
 * c* sets the depth scale ξ_c = −1/ln χ_c, with χ_c = σ_w²·E[φ′(u_a)φ′(u_b)] at c*; signals
 * survive, and nets train, to a depth of a few ξ_c, which diverges at the edge.
 */
import type { Activation } from '../../experiment/config';
import { actMoments, activationDeriv, activationFn, negativeSlope } from './act-math';
import { fixedPoint } from './fixed-point';

/** Standard-normal nodes for the 2-D expectations: a uniform grid, where the trapezoid rule is spectrally accurate for smooth integrands. */
const NODES = 97;
const RANGE = 8;
const Z = Float64Array.from({ length: NODES }, (_, i) => -RANGE + (2 * RANGE * i) / (NODES - 1));
const W = (() => {
  const w = Z.map((z) => Math.exp(-0.5 * z * z));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

export interface Pair {
  qa: number;
  qb: number;
  qab: number;
}

/** E[g(u_a)·h(u_b)] for (u_a, u_b) centred Gaussian with the covariance of `p`. */
export function pairExpect(g: (u: number) => number, h: (u: number) => number, p: Pair): number {
  const sa = Math.sqrt(p.qa);
  const sb = Math.sqrt(p.qb);
  const rho = sa > 0 && sb > 0 ? Math.max(-1, Math.min(1, p.qab / (sa * sb))) : 0;
  const perp = Math.sqrt(Math.max(0, 1 - rho * rho));
  let sum = 0;
  for (let i = 0; i < NODES; i++) {
    const ga = g(sa * Z[i]);
    if (ga === 0) continue;
    let inner = 0;
    for (let j = 0; j < NODES; j++) inner += W[j] * h(sb * (rho * Z[i] + perp * Z[j]));
    sum += W[i] * ga * inner;
  }
  return sum;
}

/** What one layer needs of a pair: E[φ(u_a)φ(u_b)] and E[φ′(u_a)φ′(u_b)]. */
export interface PairMoments {
  ff: number;
  dd: number;
}

/**
 * Closed forms for the piecewise-linear activations (the arc-cosine kernel of Cho & Saul
 * 2009: a grid rule converges slowly across their kink), the grid elsewhere. With φ = relu − a·relu(−·),
 * E[φφ] = (1 + a²)·K(ρ) − 2a·K(−ρ), K(ρ) = √(q_a q_b)·(sin θ + (π − θ)·cos θ)/2π, cos θ = ρ;
 * E[φ′φ′] = a² + a(1 − a) + (1 − a)²·(π − θ)/2π.
 */
export function pairMoments(act: Activation, slope: number, p: Pair): PairMoments {
  const a = negativeSlope(act, slope);
  if (a === null) {
    const f = activationFn(act, slope);
    const df = activationDeriv(act, slope);
    return { ff: pairExpect(f, f, p), dd: pairExpect(df, df, p) };
  }
  const scale = Math.sqrt(p.qa * p.qb);
  const rho = scale > 0 ? Math.max(-1, Math.min(1, p.qab / scale)) : 1;
  const kernel = (r: number) => {
    const theta = Math.acos(r);
    return (scale * (Math.sin(theta) + (Math.PI - theta) * r)) / (2 * Math.PI);
  };
  const theta = Math.acos(rho);
  return {
    ff: (1 + a * a) * kernel(rho) - 2 * a * kernel(-rho),
    dd: a * a + a * (1 - a) + (1 - a) ** 2 * ((Math.PI - theta) / (2 * Math.PI)),
  };
}

/** One layer of the two-input map, with weight variance sw2 = fan_in·σ² and bias variance sb2. */
export function nextPair(act: Activation, slope: number, p: Pair, sw2: number, sb2: number): Pair {
  const self = (q: number) => pairMoments(act, slope, { qa: q, qb: q, qab: q }).ff;
  return { qa: sw2 * self(p.qa) + sb2, qb: sw2 * self(p.qb) + sb2, qab: sw2 * pairMoments(act, slope, p).ff + sb2 };
}

export const correlation = (p: Pair): number => (p.qa > 0 && p.qb > 0 ? p.qab / Math.sqrt(p.qa * p.qb) : 1);

export interface ChaosPoint {
  sw2: number;
  sb2: number;
  /** The pre-activation variance every layer settles to. */
  q: number;
  /** σ_w²·E[φ′(u)²] at q: the phase (< 1 ordered, > 1 chaotic). */
  chi1: number;
  /** The correlation two inputs settle to. */
  cStar: number;
  /** σ_w²·E[φ′(u_a)φ′(u_b)] at c*: how fast correlations get there. */
  chiC: number;
  /** −1/ln χ_c, in layers; Infinity at the edge. */
  depthScale: number;
  /** unbounded: no variance fixed point (a ReLU net with χ₁ > 1 grows its signal every layer). */
  phase: 'ordered' | 'chaotic' | 'unbounded';
}

export function chaosPoint(act: Activation, slope: number, sw2: number, sb2: number): ChaosPoint {
  const { q, chi } = fixedPoint(act, slope, 1, Math.sqrt(sw2), Math.sqrt(sb2));
  if (!Number.isFinite(q) || q > 1e12) {
    return { sw2, sb2, q: Infinity, chi1: chi, cStar: Number.NaN, chiC: Number.NaN, depthScale: Number.NaN, phase: 'unbounded' };
  }
  let cStar = 1;
  if (chi > 1) {
    // Chaotic: c = 1 repels; iterate the correlation map from below to the stable c* < 1.
    let c = 0.5;
    for (let i = 0; i < 2000; i++) {
      const next = correlation(nextPair(act, slope, { qa: q, qb: q, qab: c * q }, sw2, sb2));
      const done = Math.abs(next - c) < 1e-12;
      c = next;
      if (done) break;
    }
    cStar = c;
  }
  const chiC = cStar === 1 ? chi : sw2 * pairMoments(act, slope, { qa: q, qb: q, qab: cStar * q }).dd;
  // Within float error of 1 is on the edge: a depth scale of 10⁹ layers says nothing more.
  const depthScale = Math.abs(chiC - 1) < 1e-9 ? Infinity : -1 / Math.log(chiC);
  return {
    sw2,
    sb2,
    q,
    chi1: chi,
    cStar,
    chiC,
    depthScale: depthScale > 0 ? depthScale : Infinity,
    phase: chi > 1 ? 'chaotic' : 'ordered',
  };
}

/** The σ_w² on the edge of chaos for bias variance sb2: χ₁ = 1, by bisection (χ₁ grows with σ_w²). */
export function criticalWeightVariance(act: Activation, slope: number, sb2: number): number {
  // Without biases and with φ(0) = 0, q* = 0 is a fixed point and the edge is where it stops
  // being stable: σ_w²·E[φ′(u)²] = 1 as q → 0. Iterating q there converges only like 1/depth
  // (critical slowing down), so the limit is taken in closed form instead.
  if (sb2 === 0 && activationFn(act, slope)(0) === 0) return 1 / actMoments(act, slope, 0, 1e-12).d2;
  let lo = 0.01;
  let hi = 16;
  const chi = (sw2: number) => fixedPoint(act, slope, 1, Math.sqrt(sw2), Math.sqrt(sb2)).chi;
  if (chi(hi) < 1) return Number.NaN;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (chi(mid) < 1) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
