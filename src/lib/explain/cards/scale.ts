/** Too large or too small: the per-layer factor and what it does over depth. */
import type { BatchNormMode, Experiment, InitChoice } from '../../experiment/config';
import type { ExplainContext } from '../context';
import { planVariants, variantLabel } from '../../experiment/plan';
import { activationDeriv } from '../../engine/signal/act-math';
import { gaussExpect } from '../../engine/signal/gauss';
import { homogeneousRatio } from '../activation-math';
import { fixedPoint } from '../../engine/signal/fixed-point';
import { fmt } from '../format';
import { layerFacts } from '../layers';
import { FLOAT32_MAX, perLayerFactor, predictSignal, type LayerSignal } from '../signal';
import { tex, type Card, type LiveNumber } from '../types';
import { squareFactorLine } from './factor-lines';

const WIDTH = 256;
const DEPTH = 10;
/** χ for a width-256 ReLU layer with a fixed σ: n·σ²·½. */
const chi = (std: number) => WIDTH * std * std * 0.5;

/** tanh at σ = 1, width 128 (the small-vs-large preset): the chaotic fixed point the card quotes. */
const CHAOS = fixedPoint('tanh', 0, 128, 1);

/** The mean squared tanh slope at a few pre-activation variances: saturation in numbers. */
let slopes: string | null = null;
function tanhSlopes(): string {
  const d = activationDeriv('tanh', 0);
  slopes ??= [1, 10, 100].map((v) => `${fmt(gaussExpect((z) => d(z) ** 2, 0, v))} at Var(z) = ${v}`).join(', ');
  return slopes;
}

/**
 * χ = n_out·σ²·E[f′(z)²] at the last hidden layer: what its kernel and activation do to the
 * gradient's variance on the way back (theory.ts's backward recursion, one step). Null with BN,
 * whose backward pass couples the batch, or where the layer's numbers are not finite.
 */
function backwardFactor(e: Experiment, choice: InitChoice, bn: BatchNormMode, last: LayerSignal | undefined): number | null {
  if (!last || bn !== 'none') return null;
  const info = layerFacts(e, choice).find((f) => f.label === last.label)?.info;
  const chi = info ? info.fanOut * info.std ** 2 * last.slopeMoment : Number.NaN;
  return Number.isFinite(chi) ? chi : null;
}

function predictedLines(e: Experiment): LiveNumber[] {
  const lines: LiveNumber[] = [];
  const seen = new Set<string>();
  planVariants(e).forEach((v, i) => {
    const choice = v.init;
    const signal = predictSignal(e, choice, v.bn);
    if (!signal) {
      // Without a prediction only the init matters for the factor line: say it once per init.
      const key = JSON.stringify(choice);
      if (seen.has(key)) return;
      seen.add(key);
      const line = squareFactorLine(e, choice, e.init.indexOf(choice));
      if (line) lines.push(line);
      return;
    }
    const hidden = signal.filter((s) => s.label !== 'out');
    const head = signal.find((s) => s.label === 'out');
    const overflow = signal.find((s) => !(s.preStd < FLOAT32_MAX));
    const parts = [hidden[0], hidden[hidden.length - 1]]
      .filter((s, k, all) => s && all.indexOf(s) === k)
      .map((s) => `${s.label} ${fmt(s.preStd)}`);
    if (head) parts.push(`logits ${fmt(head.preStd)}`);
    const factor = perLayerFactor(signal);
    let text = `${variantLabel(v, e)}: predicted pre-activation std ${parts.join(', ')}`;
    if (factor !== null) text += ` (each hidden layer multiplies the variance by ${fmt(factor)})`;
    if (overflow) text += `; past float32’s 3.4×10³⁸ at ${overflow.label}, so the first forward pass already gives Inf`;
    const last = hidden[hidden.length - 1];
    const chi = backwardFactor(e, choice, v.bn, last);
    if (last && homogeneousRatio(e.act, e.slope) === null && Number.isFinite(last.slopeMoment)) {
      text += `; E[f′(z)²] at ${last.label} is ${fmt(last.slopeMoment)}`;
      if (chi !== null) {
        const trend = chi > 1 ? 'grow' : 'shrink';
        text += `, so backward each layer there multiplies the gradient’s variance by χ = n·σ²·E[f′(z)²] = ${fmt(chi)}: gradients ${trend} toward the input, ×${fmt(Math.sqrt(chi))} per layer`;
      }
    }
    lines.push({ text: `${text}.`, variant: i, values: { firstStd: hidden[0]?.preStd ?? NaN, logitStd: head?.preStd ?? NaN } });
  });
  return lines;
}

function measuredLines(ctx: ExplainContext): LiveNumber[] {
  const lines: LiveNumber[] = [];
  for (const run of ctx.runs) {
    const s = run.activationStdAtInit;
    if (s && s.length >= 2) {
      lines.push({
        text: `Measured in run ${run.label}${run.bnStatsAtInit === 'batch' ? ' at init, with BN on its batch statistics as a training step computes it' : ' at init'}: activation std ${fmt(s[0])} after the first hidden layer, ${fmt(s[s.length - 1])} after the last (ratio ${fmt(s[s.length - 1] / s[0])}).`,
        variant: run.variant,
      });
    }
    if (run.status === 'diverged' && run.divergedAt !== undefined) {
      lines.push({ text: `Run ${run.label} diverged at step ${run.divergedAt}.`, variant: run.variant });
    }
  }
  return lines;
}

export const scaleCard: Card = {
  id: 'scale',
  title: 'What goes wrong when random weights are too large or too small?',
  difficulty: 'medium',
  short: () =>
    'The error compounds geometrically with depth: each layer multiplies the second moment of the signal by about n·σ²·E[f(z)²]/Var(z), and the backward gradient’s by χ = n·σ²·E[f′(z)²], so L layers multiply them by those factors to the power L. Here n is the fan-in (fan-out going back), and for ReLU both factors are n·σ²/2. Below 1, activations and gradients shrink geometrically and learning stalls; above 1 they grow geometrically, the logits and the loss blow up, and the run ends in Inf or NaN. A saturating activation such as tanh caps the forward signal at ±1, so too large weights cannot overflow it, but they do not make the gradients vanish: E[tanh′(z)²] falls only like 1/√Var(z) while n·σ² grows like Var(z), so χ > 1 and the gradients explode toward the input (the chaotic phase).',
  reasoning: () => [
    [
      'The recursion ',
      tex(
        '\\mathbb{E}[z_l^2]=n\\,\\sigma^2\\,\\mathbb{E}[f(z_{l-1})^2]',
        'the expected square of z l equals n sigma squared times the expected square of f of z l minus 1',
      ),
      ' holds exactly in expectation over zero-mean weights. For ReLU with zero biases E[f(z)²] = E[z²]/2 for any symmetric z, so χ = n·σ²/2 is an exact constant and the signal is a pure geometric sequence.',
    ],
    [
      `Numbers for ${DEPTH} ReLU layers of width ${WIDTH}: σ = 0.01 gives χ = ${fmt(chi(0.01))}, and ${DEPTH} layers multiply the variance by ${fmt(chi(0.01) ** DEPTH)}. σ = 0.2 gives χ = ${fmt(chi(0.2))}, a factor ${fmt(chi(0.2) ** DEPTH)} (std ×${fmt(Math.sqrt(chi(0.2) ** DEPTH))}). He’s σ = √(2/256) = ${fmt(Math.sqrt(2 / WIDTH))} gives χ = 1.`,
    ],
    [
      'Gradients follow the same arithmetic. In a constant-width ReLU chain the backward factor per layer is also n·σ²/2, and the softmax cross-entropy error at the logits, p − y, is bounded whatever the init. A layer’s weight gradient is its input times the error arriving at it, so it has picked up roughly χ^((l−1)/2) on the way in and χ^((L−l)/2) on the way back: about χ^((L−1)/2) for every layer. With SGD a tiny χ means the net barely moves. Adam divides each step by the running RMS of its gradient, so it partly hides a too-small init; that is why these demos use SGD.',
    ],
    [
      'Too large ends in NaN: logits with a std in the thousands make the softmax one-hot, a confidently wrong example costs about the logit gap, the gradients are enormous, one step overshoots, the next logits are larger still, and within a few steps a value passes float32’s 3.4×10³⁸, becomes Inf, and Inf − Inf gives NaN. The lab checks every step’s loss and gradient norms with Number.isFinite and marks the run “diverged at step N”.',
    ],
    [
      `Saturation: tanh outputs stay within (−1, 1), so a tanh net cannot overflow forward, and the mean squared slope E[tanh′(z)²] falls as the pre-activations grow: ${tanhSlopes()}. But a layer multiplies the backward variance by χ = n·σ²·E[tanh′(z)²], and the n·σ² that saturates the units grows faster than the slope falls: for large Var(z), E[tanh′(z)²] ≈ (4/3)/√(2π·Var(z)), so χ grows like √(n·σ²). For σ = 1 at width 128 the pre-activations settle at q* = ${fmt(CHAOS.q)} and χ = ${fmt(CHAOS.chi)}: the gradients grow by √χ ≈ ${fmt(Math.sqrt(CHAOS.chi))} per layer toward the input while the forward signal sits at ±1, the chaotic phase of Poole et al. (2016). Vanishing gradients belong to the other phase, χ < 1, which too small a σ reaches; the edge between the two, χ = 1, is where deep tanh nets train best (Schoenholz et al. 2017). Sigmoid’s slope never exceeds 1/4, so its χ is at most n·σ²/16: under Xavier’s n·σ² = 1 its gradients lose at least 15/16 of their variance per layer.`,
    ],
  ],
  formula: tex(
    '\\mathrm{Var}(z_L)\\approx\\chi^{L-1}\\,\\mathrm{Var}(z_1),\\qquad \\chi=n\\,\\sigma^2\\,\\frac{\\mathbb{E}[f(z)^2]}{\\mathrm{Var}(z)}',
    'the variance at layer L is about chi to the power L minus 1 times the variance at layer 1, where chi is n sigma squared times the expected square of f of z over the variance of z',
  ),
  live: (ctx) => [...predictedLines(ctx.experiment), ...measuredLines(ctx)],
  demo: {
    label: '10 ReLU layers: σ = 0.01, σ = 0.2 and He',
    query: 'arch=mlp&depth=10&width=256&act=relu&init=normal:std=0.01,normal:std=0.2,he_normal&opt=sgd&lr=0.01&steps=300',
  },
};
