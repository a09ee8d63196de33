/**
 * Mean-field theory for the residual nets (architectures.ts: post-activation blocks
 * x' = f(x + F(x)), F = linear -> [BN] -> f -> linear -> [BN] -> [alpha]).
 *
 * The branch is a plain two-layer net on the trunk, so its pre-activations are Gaussian as
 * in theory.ts: z_a ~ N(b, n_in·σ_a²·E[x²]), u ~ N(b, n_in·σ_b²·E[f(z_a)²]) (N(0, 1) under BN,
 * exactly 0 under alpha or γ zero-init). The trunk x is not Gaussian — f(x + u) of a ReLU
 * trunk has an atom at 0 — so the textbook "q_{l+1} = q_l + branch variance" is only right for
 * linear units. Instead the trunk's whole distribution is carried (particles.ts) and
 * s = x + u is formed by convolving it with the branch's Gaussian, u independent of x over
 * the branch weights. Max-pooling mixes its two exact limits as in theory.ts (particles.ts).
 *
 * Backward (no BN). Along the skip a unit keeps its identity, so its gradient is NOT
 * independent of its own value (a ReLU unit stuck at 0 has its gradient zeroed at every
 * block, not re-drawn each time): the recursion carries ψ(x) = E[δ² | trunk value x].
 * With g(s) = f'(s)²·ψ_out(f(s)):
 *   at the branch activation  R_a     = n_out,b·σ_b²·E[g(s)]          (0 under alpha zero-init)
 *   at the block input        ψ_in(x) = E[g(x + u) | x] + n_out,a·σ_a²·E[f'(z_a)²]·R_a
 * (the branch mixes all units through random weights, so its share does not depend on x;
 * the cross term vanishes over zero-mean weights). A 2x2 max-pool multiplies ψ(x) by the share
 * of the window's gradient that reaches a unit of value x (1/4 on average).
 * The reported backward std at a trunk tensor is sqrt(E[ψ(x)]).
 */
import type { Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';
import { actMoments, activationDeriv, activationFn, poolMixWeight, preActivation, stdOf, type ActMoments } from './act-math';
import { zeroInitPlan } from '../zero-init';
import type { TheoryLayer } from './layers';
import {
  addGaussian,
  expect,
  expectIndexed,
  gaussianParticles,
  mapParticles,
  maxPool,
  pointMass,
  pullBack,
  stdOfParticles,
  type Particles,
  type Transition,
} from './particles';
import type { TheoryCurve } from './theory';

/** Indices a, b are the block's two kernels in kernelShapes order. */
type Op = { kind: 'stem' } | { kind: 'pool' } | { kind: 'block'; a: number; b: number };

/** The trunk's sequence of operations, as buildGraph lays it out. */
function trunkOps(e: Experiment): Op[] {
  const blocks: Op[] = Array.from({ length: e.depth }, (_, i) => ({ kind: 'block', a: 1 + 2 * i, b: 2 + 2 * i }));
  if (e.arch === 'resmlp') return [{ kind: 'stem' }, ...blocks];
  // rescnn: stem at 28x28, pool, first stage at 14x14, pool, second stage at 7x7.
  const firstStage = Math.ceil(e.depth / 2);
  const ops: Op[] = [{ kind: 'stem' }, { kind: 'pool' }];
  blocks.forEach((block, i) => {
    if (i === firstStage) ops.push({ kind: 'pool' });
    ops.push(block);
  });
  if (e.depth <= 1) ops.push({ kind: 'pool' });
  return ops;
}

interface BlockState {
  branch: ActMoments;
  /** Block input x (the trunk before the block) and s = x + u on its grid. */
  inCount: number;
  s: Particles;
  moved: Transition;
  /** out.x[k] = f(s.x[from[k]]): the block output, sorted. */
  out: Particles;
  from: Int32Array;
}

export function residualTheory(
  e: Experiment,
  v: Variant,
  layers: TheoryLayer[],
  q0: number,
  r: number,
): Omit<TheoryCurve, 'note' | 'exactness'> {
  const f = activationFn(e.act, e.slope);
  const df = activationDeriv(e.act, e.slope);
  const zero = zeroInitPlan(e, v);
  const bn = v.bn !== 'none';
  const ops = trunkOps(e);
  const states = new Map<number, BlockState>();
  const poolShares = new Map<number, Float64Array>();
  const forwardStd: number[] = [];
  let trunk: Particles = pointMass(0);
  let stemOut: Particles = trunk;

  ops.forEach((op, k) => {
    if (op.kind === 'pool') {
      const { pooled, share } = maxPool(trunk, poolMixWeight);
      trunk = pooled;
      poolShares.set(k, share);
    } else if (op.kind === 'stem') {
      // The stem is a plain hidden layer; residual nets take BN before the activation or none (validate.ts).
      const L = layers[0];
      const z = preActivation(bn, e.bias, L.fanIn * L.border * L.std ** 2 * q0);
      forwardStd.push(stdOf(actMoments(e.act, e.slope, z.mean, z.variance)));
      trunk = stemOut = mapParticles(gaussianParticles(z.mean, z.variance), f);
    } else if (op.kind === 'block') {
      const A = layers[op.a];
      const B = layers[op.b];
      const za = preActivation(bn, e.bias, A.fanIn * A.border * A.std ** 2 * expect(trunk, (x) => x * x));
      const branch = actMoments(e.act, e.slope, za.mean, za.variance);
      forwardStd.push(stdOf(branch));
      const raw = B.fanIn * B.border * B.std ** 2 * branch.m2;
      let u = { mean: e.bias, variance: raw };
      // BN of a per-unit constant (zeroed kernel, or a branch activation with no spread) is 0.
      if (bn) u = { mean: 0, variance: zero.gamma || raw === 0 || stdOf(branch) === 0 ? 0 : 1 };
      if (zero.alpha) u = { mean: 0, variance: 0 };
      const { moved, ...s } = addGaussian(trunk, u.mean, u.variance);
      const { from, ...out } = mapParticles(s, f);
      forwardStd.push(stdOfParticles(out));
      states.set(k, { branch, inCount: trunk.x.length, s, moved, out, from });
      trunk = out;
    }
  });
  if (bn) return { forwardStd, backwardStd: null };

  const head = layers[layers.length - 1];
  const second = new Array<number>(forwardStd.length);
  // ψ on the current trunk's points; the head mixes all units, so it starts constant.
  let psi = new Float64Array(trunk.x.length).fill(head.fanOut * head.std ** 2 * r);
  let at = forwardStd.length - 1;
  for (let k = ops.length - 1; k >= 0; k--) {
    const op = ops[k];
    if (op.kind === 'pool') {
      const share = poolShares.get(k)!;
      psi = psi.map((x, i) => x * share[i]);
    } else if (op.kind === 'stem') {
      second[0] = expectIndexed(stemOut, psi);
    } else {
      const st = states.get(k)!;
      const A = layers[op.a];
      const B = layers[op.b];
      second[at] = expectIndexed(st.out, psi);
      // g = f'(s)²·ψ_out(f(s)) on the s grid: output point j came from s point from[j].
      const g = new Float64Array(st.s.x.length);
      st.from.forEach((i, j) => (g[i] = df(st.s.x[i]) ** 2 * psi[j]));
      const Ra = zero.alpha ? 0 : B.fanOut * B.border * B.std ** 2 * expectIndexed(st.s, g);
      second[at - 1] = Ra;
      const branchShare = A.fanOut * A.border * A.std ** 2 * st.branch.d2 * Ra;
      psi = pullBack(st.moved, st.inCount, g).map((x) => x + branchShare);
      at -= 2;
    }
  }
  return { forwardStd, backwardStd: second.map(Math.sqrt) };
}
