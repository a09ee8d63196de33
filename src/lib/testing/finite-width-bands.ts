/**
 * Test-only: finite-width bands for the measured-vs-theory tests (theory-wide*.test.ts). Each
 * function returns, per hidden tensor, the standard deviation of log(measured std / mean-field
 * std) that one draw of the weights gives at finite width, derived as the doc comments say;
 * the tests allow 3 of them and check that the same band rejects a wrong curve.
 *
 * The finite-width band (plain MLPs, deltaMethodSd below). For one input and Gaussian
 * weights, a layer's pre-activations z_j = Σ_i W_ij h_i are, given the layer below, iid
 * N(b, v) over its n units with v = n_in·σ²·m̂₂ (m̂₂ the layer below's sample second moment)
 * exactly. So the layer's sample moments are means of n iid terms, whose relative variances
 * are known Gaussian integrals, and the delta method carries them up the net:
 *   δlog m̂₂,l  = s_l·δlog m̂₂,l−1 + e_l,     Var e_l = (E f⁴ − (E f²)²)/(E f²)² / n
 *   δlog sd_l  = ½(s′_l·δlog m̂₂,l−1 + e′_l),  Var e′_l = (E(f − E f)⁴/Var(f)² − 1) / n
 * with s = d log E[f²]/d log v and s′ = d log Var f/d log v. For ReLU s = s′ = 1 and
 * Var e = 5/n: the Hanin & Nica figure of finiteWidthBand (mnist-batch.ts); tanh has s < 1,
 * so its fluctuations fade instead of compounding. Backward (gradient independence, as in
 * theory.ts), from the head down, each layer adds
 *   χ²: 2/n (the gradient below is Wᵀ·a, Gaussian given a: a χ²_n over its n units),
 *   its f′(z)² mask on a Gaussian gradient: 3·Var(f′²)/(E f′²)² / n,
 *   and d log E[f′²]/d log v times the forward fluctuation of that layer's v;
 * for ReLU, 2/n + 3/n = 5/n again. Terms drawn from the same layer's z are combined by
 * Minkowski (sd of a sum ≤ sum of sds), independent ones in quadrature. Pooling over a batch
 * can only average these per-example fluctuations away (the variance of a mean is at most
 * the largest variance), so the single-input figure bounds the batch's. The tolerance is
 * 3 of these standard deviations: one draw of the weights is what the probe measures, and
 * theory is the average over draws.
 */
import type { Activation, Experiment } from '../experiment/config';
import type { Variant } from '../experiment/plan';
import { Prng } from '../random/prng';
import { activationDeriv, activationFn } from '../engine/signal/act-math';
import { gaussExpectMany } from '../engine/signal/gauss';
import { theoryLayers } from '../engine/signal/layers';

export interface Band {
  forward: number[];
  backward: number[];
}

export interface Moments {
  m2: number;
  v: number;
  f4: number;
  c4: number;
  d2: number;
  d4: number;
}
export function gaussMoments(act: Activation, slope: number, mean: number, variance: number): Moments {
  const f = activationFn(act, slope);
  const df = activationDeriv(act, slope);
  const [m1, m2, f3, f4, d2, d4] = gaussExpectMany(
    (z, o) => {
      const y = f(z);
      const d = df(z);
      o[0] = y;
      o[1] = y * y;
      o[2] = y * y * y;
      o[3] = y ** 4;
      o[4] = d * d;
      o[5] = d ** 4;
    },
    6,
    mean,
    variance,
    'normal',
    4000,
  );
  return { m2, v: m2 - m1 * m1, f4, c4: f4 - 4 * m1 * f3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4, d2, d4 };
}

/**
 * Standard deviation of log(measured std / mean-field std) at each hidden layer of a plain
 * MLP without BN, forward and backward, for one input (see the header): a bound on the
 * batch's, through the delta method.
 */
export function deltaMethodSd(e: Experiment, v: Variant, q0: number): Band {
  const layers = theoryLayers(e, v);
  const hidden = layers.slice(0, -1);
  const L = hidden.length;
  const h = 1e-3;
  const slope2: number[] = [];
  const slopeD: number[] = [];
  const own2: number[] = [];
  const ownMask: number[] = [];
  const units: number[] = [];
  const forward: number[] = [];
  let m2 = q0;
  let F = 0; // sd of δlog m̂₂ of the layer below
  for (const layer of hidden) {
    const vz = layer.fanIn * layer.std ** 2 * m2;
    const at = (x: number) => gaussMoments(e.act, e.slope, e.bias, x);
    const [M, up, down] = [at(vz), at(vz * Math.exp(h)), at(vz * Math.exp(-h))];
    const dlog = (a: number, b: number) => (Math.log(a) - Math.log(b)) / (2 * h);
    const n = layer.fanOut;
    const sV = dlog(up.v, down.v);
    forward.push(0.5 * Math.sqrt(sV ** 2 * F ** 2 + (M.c4 / M.v ** 2 - 1) / n));
    slope2.push(dlog(up.m2, down.m2));
    slopeD.push(dlog(up.d2, down.d2));
    own2.push(Math.sqrt((M.f4 - M.m2 ** 2) / M.m2 ** 2 / n));
    ownMask.push(Math.sqrt((3 * (M.d4 - M.d2 ** 2)) / M.d2 ** 2 / n));
    units.push(n);
    F = Math.sqrt(slope2[slope2.length - 1] ** 2 * F ** 2 + own2[own2.length - 1] ** 2);
    m2 = M.m2;
  }
  const backward: number[] = [];
  for (let l = 0; l < L; l++) {
    // The head's χ² over the last layer's units, then per kernel k above layer l its χ² over
    // the n_{k−1} units below it; all independent of each other and of the forward pass.
    let independent = 2 / units[L - 1];
    for (let k = l + 1; k < L; k++) independent += 2 / units[k - 1];
    // Per source layer j: its z's enter through its mask (if above l) and, via v, through
    // the slope factor of every layer k > l above it (d log E f′² / d log v_k · δlog m̂₂,k−1).
    let fromForward = 0;
    for (let j = 0; j < L; j++) {
      let coef = 0;
      for (let k = Math.max(l + 1, j + 1); k < L; k++) {
        let carried = 1;
        for (let i = j + 1; i < k; i++) carried *= slope2[i];
        coef += slopeD[k] * carried;
      }
      fromForward += (Math.abs(coef) * own2[j] + (j > l ? ownMask[j] : 0)) ** 2;
    }
    backward.push(0.5 * Math.sqrt(independent + fromForward));
  }
  return { forward, backward };
}

/**
 * The chaotic phase (tanh, σ = 1: n·σ² = 512). Forward, every unit saturates, the std sits
 * at 0.98 whatever σ is (a σ 10% off moves it by 0.17%), and the single-input band above
 * (≈ 0.0034 in log std) holds with room to spare. Backward, the single-input band is valid
 * but useless: tanh′(z)² = sech⁴(z) is near 0 except for |z| ≲ 1 out of a std of ~22, so
 * one input's mask has Var(f′²)/(E f′²)² ≈ 28 and the band reaches 0.6 at layer 1. A batch
 * averages that away, because chaos decorrelates the examples: the correlation map's slope
 * at c = 0 is n·σ²·(E tanh′(z))² < 1 (checked below), so c = 0 is a stable fixed point and
 * the B examples reach each mask as nearly independent draws. The band then takes per layer
 *   2/n (the χ² of the weights, not reduced: bounded as for one input)
 *   + 3·Var(f′²)/(E f′²)²/(n·B) (the mask, averaged over B independent examples),
 * ≈ 2.3/n per layer. Measured over 24 seeds the per-layer increment of log std has sd
 * 0.014–0.024 (≈ 0.8/n in log second moment) and layer 1 sd 0.063, so this band (0.106 at
 * layer 1) is about 1.6× the measured spread.
 */
export function chaoticBackwardSd(
  e: Experiment,
  v: Variant,
  q0: number,
  examples: number,
): { perLayer: number[]; backward: number[]; corrSlope: number[] } {
  const layers = theoryLayers(e, v).slice(0, -1);
  const L = layers.length;
  const perLayer: number[] = [];
  const corrSlope: number[] = [];
  let m2 = q0;
  for (const layer of layers) {
    const vz = layer.fanIn * layer.std ** 2 * m2;
    const M = gaussMoments(e.act, e.slope, e.bias, vz);
    const [d1] = gaussExpectMany((z, o) => (o[0] = activationDeriv(e.act, e.slope)(z)), 1, e.bias, vz, 'normal', 4000);
    corrSlope.push(layer.fanIn * layer.std ** 2 * d1 * d1);
    perLayer.push((2 + (3 * (M.d4 - M.d2 ** 2)) / M.d2 ** 2 / examples) / layer.fanOut);
    m2 = M.m2;
  }
  const backward = Array.from({ length: L }, (_, l) => {
    let s = 2 / layers[L - 1].fanOut;
    for (let k = l + 1; k < L; k++) s += perLayer[k];
    return 0.5 * Math.sqrt(s);
  });
  return { perLayer, backward, corrSlope };
}

/**
 * The residual MLP (post-activation blocks x ← relu(x + W_b·relu(W_a·x)), He, no BN, no
 * zero-init). Band, forward: the block is positively homogeneous (all ReLU, zero bias), so
 * a relative fluctuation of the trunk passes through unchanged (slope 1), and each block
 * adds its branch's fluctuation — relu(W_a·x)'s 5/n and the χ² of W_b's output, 2/n —
 * weighted by w = ∂log E[relu(x+u)²]/∂log Var(u), plus the output's own sampling over n
 * units, c = E[x′⁴]/E[x′²]² − 1 (for the std: the central moments):
 *   Var δlog m̂₂(trunk after block k) = 5/n + Σ_{blocks ≤ k} (7·w² + c)/n.
 * w (≈ 0.54) and c (≈ 3.4–3.9) are moments of the mean-field trunk, taken here from a
 * Monte Carlo of it. At the last block this gives 0.137 in log std; measured over 8 seeds,
 * 0.139. Backward: the skip dilutes each block's noise, and no finer derivation is attempted:
 * each kernel above adds at most a plain ReLU layer's 5/n (a χ² 2/n and a mask ≤ 3/n) to the
 * head's 2/n — a bound about 3× the measured spread (≤ 0.05 over 8 seeds).
 */
export function residualSd(e: Experiment, v: Variant, q0: number): Band {
  const layers = theoryLayers(e, v);
  const n = e.width;
  const N = 200_000;
  const rng = new Prng(11);
  const stem = gaussMoments(e.act, e.slope, 0, layers[0].fanIn * layers[0].std ** 2 * q0);
  const branchOwnStd = (v0: number) => {
    const m = gaussMoments(e.act, e.slope, 0, v0);
    return (m.c4 / m.v ** 2 - 1) / n;
  };
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) x[i] = Math.max(0, Math.sqrt(layers[0].fanIn * layers[0].std ** 2 * q0) * rng.normal());
  const forward = [0.5 * Math.sqrt((stem.c4 / stem.v ** 2 - 1) / n)];
  let T = (stem.f4 - stem.m2 ** 2) / stem.m2 ** 2 / n;
  const g = new Float64Array(N);
  const moments = (scale: number) => {
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < N; i++) {
      const y = Math.max(0, x[i] + scale * g[i]);
      m1 += y;
      m2 += y * y;
      m3 += y * y * y;
      m4 += y ** 4;
    }
    [m1, m2, m3, m4] = [m1 / N, m2 / N, m3 / N, m4 / N];
    const variance = m2 - m1 * m1;
    return { m2, variance, c2: m4 / (m2 * m2) - 1, cV: (m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4) / variance ** 2 - 1 };
  };
  for (let k = 0; k < e.depth; k++) {
    const [A, B] = [layers[1 + 2 * k], layers[2 + 2 * k]];
    let q = 0;
    for (let i = 0; i < N; i++) q += (x[i] * x[i]) / N;
    const va = A.fanIn * A.std ** 2 * q;
    forward.push(0.5 * Math.sqrt(T + branchOwnStd(va)));
    const su = Math.sqrt(B.fanIn * B.std ** 2 * (va / 2));
    for (let i = 0; i < N; i++) g[i] = rng.normal();
    // Var(u) scaled by e^(±h): the std by e^(±h/2), with the same draws g on both sides.
    const h = 0.05;
    const [mid, up, down] = [moments(su), moments(su * Math.exp(h / 2)), moments(su * Math.exp(-h / 2))];
    const slope = (a: number, b: number) => (Math.log(a) - Math.log(b)) / (2 * h);
    const w = Math.max(slope(up.m2, down.m2), slope(up.variance, down.variance));
    forward.push(0.5 * Math.sqrt(T + (7 * w * w + mid.cV) / n));
    T += (7 * w * w + Math.max(mid.c2, mid.cV)) / n;
    for (let i = 0; i < N; i++) x[i] = Math.max(0, x[i] + su * g[i]);
  }
  const count = forward.length;
  const backward = forward.map((_, i) => 0.5 * Math.sqrt((2 + 5 * (count - 1 - i)) / n));
  return { forward, backward };
}
