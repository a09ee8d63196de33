/** The edge of chaos: the phase boundary of deep random nets, and the depth scale it sets. */
import { fixedPoint } from '../../engine/signal/fixed-point';
import { theoryLayers } from '../../engine/signal/layers';
import { planVariants, variantLabel } from '../../experiment/plan';
import type { ChaosObservation, ExplainContext } from '../context';
import { fmt } from '../format';
import { tex, type Card, type LiveNumber } from '../types';

/** Schoenholz et al. (2017): nets train to about this many depth scales. */
const TRAINABLE = 6;

function measuredLine(c: ChaosObservation): LiveNumber {
  const where = `σ_w² = ${fmt(c.sw2)}, σ_b² = ${fmt(c.sb2)}`;
  if (c.phase === 'unbounded')
    return {
      text: `${c.label} (edge-of-chaos view): ${where}; χ₁ = ${fmt(c.chi1)} > 1 with no variance fixed point: the signal grows every layer.`,
      variant: c.variant,
    };
  const scale = Number.isFinite(c.depthScale)
    ? `ξ_c = ${fmt(c.depthScale)} layers, so about ${fmt(TRAINABLE * c.depthScale)} layers of reach against your ${c.depth}`
    : 'on the edge, where ξ_c diverges';
  return {
    text: `${c.label} (edge-of-chaos view): ${where}, ${c.phase} (χ₁ = ${fmt(c.chi1)}, c* = ${fmt(c.cStar)}); ${scale}.`,
    variant: c.variant,
  };
}

/** Without the view: each plain-MLP variant's χ₁ from its square layers (a 1-D fixed point, cheap). */
function configLines(ctx: ExplainContext): LiveNumber[] {
  const e = ctx.experiment;
  if (e.arch !== 'mlp' || e.depth < 2) return [];
  return planVariants(e)
    .filter((v) => v.bn === 'none')
    .map((v, i) => {
      const square = theoryLayers(e, v)[1];
      const sw2 = square.fanIn * square.std ** 2;
      const { chi } = fixedPoint(e.act, e.slope, 1, Math.sqrt(sw2), Math.abs(e.bias));
      const side = Math.abs(chi - 1) < 1e-3 ? 'on the edge' : chi < 1 ? 'ordered' : 'chaotic';
      return { text: `${variantLabel(v, e)}: σ_w² = ${fmt(sw2)}, σ_b² = ${fmt(e.bias ** 2)}, χ₁ = ${fmt(chi)}: ${side}.`, variant: i };
    });
}

export const chaosCard: Card = {
  id: 'chaos',
  title: 'What is the edge of chaos, and why does it limit trainable depth?',
  difficulty: 'hard',
  short: () =>
    'In a deep random net two inputs’ correlation flows, layer by layer, to a fixed point: to 1 when the weights are small (ordered: every input ends up looking the same) and below 1 when they are large (chaotic: nearby inputs are torn apart). The boundary between the two, χ₁ = 1, is the edge of chaos; only there do correlations, and gradients, survive arbitrary depth, and away from it a net trains only to a depth of a few times its depth scale ξ_c.',
  reasoning: () => [
    [
      'With weight variance σ_w²/n and bias variance σ_b², the pre-activation variance settles to q* = σ_w²·E[φ(z)²] + σ_b², z ~ N(0, q*). Two inputs with covariance q₁₂ map to σ_w²·E[φ(u₁)φ(u₂)] + σ_b²; their correlation c = q₁₂/q* has the fixed point c = 1 always, and its slope there is ',
      tex(
        "\\chi_1=\\sigma_w^2\\,\\mathbb{E}\\big[\\varphi'(z)^2\\big]",
        'chi 1 equals sigma w squared times the expectation of phi prime of z squared',
      ),
      ': the same per-layer factor that multiplies the gradient’s variance on its way back.',
    ],
    [
      'χ₁ < 1: c = 1 attracts, inputs merge, gradients vanish. χ₁ > 1: c = 1 repels, c goes to some c* < 1, gradients explode. How fast c approaches its fixed point sets the depth scale ',
      tex('\\xi_c=-1/\\ln\\chi_c', 'xi c equals minus one over the log of chi c'),
      ' (χ_c the slope of the correlation map at c*): it diverges at χ₁ = 1. Schoenholz et al. (2017) found nets train when their depth is below about 6 ξ_c, and not beyond.',
    ],
    [
      'For tanh the edge starts at σ_w² = 1 without biases and moves to larger σ_w² as σ_b² grows (about 1.76 at σ_b² = 0.05). For ReLU it is σ_w² = 2 for every σ_b²: He init. Past it a ReLU net has no fixed point at all, its variance grows every layer. The edge fixes only the mean squared singular value of the Jacobian; its spread is what dynamical isometry adds.',
    ],
  ],
  formula: tex(
    "\\chi_1=\\sigma_w^2\\!\\int\\!\\mathcal{D}z\\,\\varphi'\\!\\left(\\sqrt{q^*}z\\right)^2=1",
    'chi 1 equals sigma w squared times the Gaussian integral of phi prime of root q star z, squared, equals one',
  ),
  live: (ctx) => (ctx.chaos?.length ? ctx.chaos.map(measuredLine) : configLines(ctx)),
  demo: {
    label: 'tanh at the edge against deep in chaos, 24 layers',
    query: 'arch=mlp&depth=24&width=128&act=tanh&bias=0&init=xavier_normal,normal:std=0.2&opt=sgd&lr=0.01&steps=300',
  },
};
