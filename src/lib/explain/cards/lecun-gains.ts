/** LeCun's 1/n_in with SELU's self-normalization, and the activation gains that scale every scheme. */
import { initLabel, planVariants, variantLabel } from '../../experiment/plan';
import { activationGain } from '../../engine/init';
import { SELU_LAMBDA, actMoments } from '../../engine/signal/act-math';
import { gaussExpect } from '../../engine/signal/gauss';
import { ACT_NAMES } from '../activation-math';
import { fmt } from '../format';
import { layerFacts } from '../layers';
import { predictSignal } from '../signal';
import { tex, type Card, type LiveNumber } from '../types';
import { schemeLines } from './live-helpers';

/** E[selu(z)] and E[selu(z)²] for z ~ N(0, 1): the constants were solved to make these 0 and 1. */
let selu: { mean: number; second: number } | null = null;
function seluMoments(): { mean: number; second: number } {
  if (!selu) {
    const { m1, m2 } = actMoments('selu', 0, 0, 1);
    selu = { mean: m1, second: m2 };
  }
  return selu;
}

/** Four decimals, without the sign of a value that rounds to zero ("-0.0000"). */
const fixed4 = (x: number): string => x.toFixed(4).replace(/^-(0\.0+)$/, '$1');

const fixedPoints = new Map<number, number>();
/**
 * Fixed point of q -> g²·E[tanh(√q z)²], iterated from q = 1 (memoised: the panel asks for
 * the reasoning again whenever the runs report). For g ≤ 1 the only fixed point is 0 and the
 * approach is slow (~1/(2l)), so the iteration is capped and returns where it got to.
 */
export function tanhFixedPoint(g: number): number {
  const known = fixedPoints.get(g);
  if (known !== undefined) return known;
  let q = 1;
  for (let i = 0; i < 500; i++) {
    const next = g * g * gaussExpect((z) => Math.tanh(z) ** 2, 0, q);
    const done = Math.abs(next - q) < 1e-12 * Math.max(1, q);
    q = next;
    if (done) break;
  }
  fixedPoints.set(g, q);
  return q;
}

export const lecunCard: Card = {
  id: 'lecun',
  title: 'LeCun initialization: what is it, and why does SELU need it?',
  difficulty: 'medium',
  short: () =>
    'Var(W) = 1/n_in, σ = 1/√n_in: the forward-variance condition for units that pass their input’s second moment through unchanged. It is He with gain 1, or Xavier without the backward half. It is the init self-normalizing networks depend on: Klambauer et al. (2017) chose SELU’s two constants so that, with zero-mean weights of variance 1/n, a layer maps activations with mean 0 and variance 1 to mean 0 and variance 1, and pulls nearby means and variances back toward those values.',
  reasoning: () => {
    const m = seluMoments();
    return [
      [
        'It comes from LeCun, Bottou, Orr and Müller, “Efficient BackProp” (1998): with standardized inputs and their scaled tanh, f(x) = 1.7159·tanh(2x/3) (so that f(±1) = ±1), draw weights with std 1/√n_in so that each unit’s weighted sum has std about 1, where the nonlinearity is at work but not saturated.',
      ],
      [
        `SELU is λ·z for z > 0 and λα(e^z − 1) otherwise, with λ ≈ ${fmt(SELU_LAMBDA, 5)} and α ≈ 1.6733. The two constants solve E[selu(z)] = 0 and E[selu(z)²] = 1 for z ~ N(0, 1); numerically here, ${fixed4(m.mean)} and ${fixed4(m.second)} to four decimals. With the weights’ sum near 0 and their sum of squares near 1 (what zero-mean weights of variance 1/n give), the map from one layer’s (mean, variance) to the next has an attracting fixed point at (0, 1), which Klambauer et al. proved with Banach’s fixed-point theorem over a region around it.`,
      ],
      [
        `He’s 2/n_in doubles what each SELU layer receives. The fixed point is lost, and once the variance is large the positive side dominates and multiplies it by about λ² = ${fmt(SELU_LAMBDA ** 2, 4)} per layer.`,
      ],
      [
        'PyTorch’s calculate_gain("selu") is 3/4, a value picked empirically for steadier gradients in rectangular layers, not the self-normalizing one; for a genuine self-normalizing net, PyTorch’s documentation says to use the linear gain (1), i.e. LeCun. In this lab under gain=auto, he_* with SELU take 3/4 and lecun_* take 1: the demo compares them. The rest of the recipe: standardized inputs (the lab standardizes), no batch norm needed, and alpha dropout instead of plain dropout.',
      ],
    ];
  },
  formula: tex(
    '\\mathrm{Var}(W)=\\frac{1}{n_{in}};\\quad z\\sim\\mathcal N(0,1)\\Rightarrow\\mathbb{E}[\\mathrm{selu}(z)]=0,\\ \\mathbb{E}[\\mathrm{selu}(z)^2]=1',
    'the weight variance is 1 over n in; for a standard normal z, the mean of selu of z is 0 and the mean of its square is 1',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = schemeLines(e, ['lecun_normal', 'lecun_uniform'], 'lecun_normal');
    if (e.act !== 'selu') return lines;
    planVariants(e).forEach((v, i) => {
      const s = predictSignal(e, v.init, v.bn)?.filter((l) => l.label !== 'out');
      if (!s || s.length < 2) return;
      const last = s[s.length - 1];
      lines.push({
        text: `${variantLabel(v, e)} with SELU: predicted pre-activation std ${fmt(s[0].preStd)} at ${s[0].label}, ${fmt(last.preStd)} at ${last.label}.`,
        variant: i,
        values: { first: s[0].preStd, last: last.preStd },
      });
    });
    return lines;
  },
  demo: {
    label: '16 SELU layers: LeCun, He (gain 3/4) and σ = 0.1',
    query: 'arch=mlp&depth=16&width=256&act=selu&init=lecun_normal,he_normal,normal:std=0.1&opt=sgd&lr=0.01&steps=300',
  },
};

const TANH_GAIN = 5 / 3;
let tanhGain: number | null = null;
/** 1/√E[tanh(z)²] at z ~ N(0, 1): the gain that preserves unit variance exactly. */
function tanhPreservingGain(): number {
  tanhGain ??= 1 / Math.sqrt(gaussExpect((z) => Math.tanh(z) ** 2));
  return tanhGain;
}

export const gainsCard: Card = {
  id: 'gains',
  title: 'What is an activation gain?',
  difficulty: 'medium',
  short: () =>
    'A gain g multiplies an init’s std, σ = g/√fan, to make up for how much the activation shrinks the second moment of what passes through it; ideally g² = Var(z)/E[f(z)²]. PyTorch’s calculate_gain gives 1 for linear, conv and sigmoid, 5/3 for tanh, √2 for ReLU, √(2/(1+a²)) for leaky ReLU with slope a, and 3/4 for SELU.',
  reasoning: () => {
    const exactTanh = tanhPreservingGain();
    return [
      [
        'ReLU’s √2 and leaky ReLU’s √(2/(1+a²)) are exact: those activations pass exactly 1/2 and (1+a²)/2 of a symmetric input’s second moment at any scale.',
      ],
      [
        `For tanh the ratio depends on the scale, so 5/3 is a rounded rule of thumb. The gain that preserves variance at Var(z) = 1 is 1/√E[tanh(z)²] = ${fmt(exactTanh, 4)}. With g = 5/3 the deep-net variance map q ↦ g²·E[tanh(√q·z)²] settles at q* = ${fmt(tanhFixedPoint(TANH_GAIN), 3)}, so pre-activations keep a std of about ${fmt(Math.sqrt(tanhFixedPoint(TANH_GAIN)), 3)}, in tanh’s nonlinear but unsaturated range. With g = 1 the only fixed point is 0, approached slowly (q_l ≈ 1/(2l)), so a deep tanh net drifts into its linear regime.`,
      ],
      [
        'Sigmoid’s 1 is a placeholder: sigmoid outputs have mean 1/2, which breaks the zero-mean premise of every gain. SELU’s 3/4 was chosen empirically by PyTorch; self-normalization needs 1. PyTorch has no gain for ELU or GELU; this lab uses their variance-preserving gain 1/√E[f(z)²] at z ~ N(0, 1), computed numerically.',
      ],
      [
        'This lab’s convention: gain=auto gives he_* the activation’s gain and Xavier, LeCun and orthogonal 1, as their papers and PyTorch/Keras defaults do; gain=act gives every scheme the activation’s gain; gain=<number> sets it by hand; a variant’s own gain parameter overrides all three. With the activation’s gain, Xavier on a square ReLU layer is He exactly.',
      ],
    ];
  },
  formula: tex(
    '\\sigma=\\frac{g}{\\sqrt{n_{fan}}},\\qquad g^2=\\frac{\\mathrm{Var}(z)}{\\mathbb{E}[f(z)^2]}',
    'sigma is g over the square root of the fan; g squared is the variance of z over the expected square of f of z',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const g = activationGain(e.act, e.slope);
    const setting = typeof e.gain === 'number' ? fmt(e.gain) : e.gain;
    const lines: LiveNumber[] = [
      { text: `${ACT_NAMES[e.act]}’s gain is ${fmt(g, 4)}; your gain setting is ${setting}.`, values: { actGain: g } },
    ];
    e.init.forEach((choice, i) => {
      const first = layerFacts(e, choice)[0];
      if (!first) return;
      const used = first.info.gain;
      lines.push({
        text: used === null ? `${initLabel(choice)} takes no gain.` : `${initLabel(choice)} uses gain ${fmt(used, 4)}.`,
        init: i,
        values: used === null ? {} : { gain: used },
      });
    });
    return lines;
  },
  demo: {
    label: '16 tanh layers: Xavier with gain 1 against gain 5/3',
    query: 'arch=mlp&depth=16&width=256&act=tanh&init=xavier_normal,xavier_normal:gain=1.6667&opt=sgd&lr=0.05&steps=300',
  },
};
