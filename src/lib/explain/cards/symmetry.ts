/** Why equal starting weights never become different, and what biases need instead. */
import { kernelShapes } from '../../experiment/shapes';
import { percent } from '../../percent';
import { fmt } from '../format';
import { normalCdf } from '../../engine/signal/gauss';
import { variantsWhere } from '../layers';
import { firstLayerStd } from '../signal';
import { tex, type Card, type LiveNumber } from '../types';
import { initLabel } from '../../experiment/plan';

export const symmetryCard: Card = {
  id: 'symmetry',
  title: 'Why can’t every weight start at zero?',
  difficulty: 'easy',
  short: () =>
    'Because hidden units that start with equal weights stay equal for the whole run, and a layer of equal units is worth a single one. Two units with the same incoming and outgoing weights compute the same output for every input and get exactly the same gradient, so every update keeps them the same. All-zero weights are the extreme case: with zero biases and an activation that maps 0 to 0 (ReLU, tanh), no kernel receives any gradient and only the output bias learns.',
  reasoning: () => [
    [
      'Exchange hidden units i and j of one layer: swap columns i and j of the kernel that feeds them, their two biases, and rows i and j of the kernel that reads them. The network computes exactly the same function, so the loss does not change. If the starting parameters are themselves unchanged by that exchange, which is what “the two units are equal” means, then so is the gradient, and so is the result of any update rule that treats every coordinate alike: SGD, momentum, Adam, weight decay. By induction the units are still equal after every step.',
    ],
    [
      'In symbols, unit i’s incoming weights get the gradient ',
      tex(
        "\\nabla_{w_i}L=\\sum_x \\delta_i(x)\\,x,\\ \\ \\delta_i=f'(z_i)\\sum_k W^{+}_{ik}\\,\\delta^{+}_k",
        'the gradient for w i is the sum over inputs of delta i times x, where delta i is f prime of z i times the sum over k of the next kernel’s weight i k times the next layer’s delta k',
      ),
      '. Equal w_i and w_j give equal z_i and z_j; equal outgoing rows then give equal δ_i and δ_j, hence equal gradients.',
    ],
    [
      'With everything zero it is worse than a width-1 layer. Every hidden layer outputs f(0), which is 0 for ReLU and tanh, so the output kernel’s gradient (hidden output times output error) is 0; every hidden kernel’s gradient passes back through a zero kernel and is 0 too. Only the output bias moves, and the net learns to predict the class frequencies: about 11% accuracy on MNIST, the share of its most common digit. With sigmoid (f(0) = 0.5) or a positive bias under ReLU the output kernel does learn, but its rows stay equal and the hidden units never separate.',
    ],
    [
      'What breaks the tie is randomness in the weights: with a continuous distribution, two units are equal with probability 0. Dropout’s per-unit masks would also separate the units, slowly and noisily, which is not a reason to start symmetric. Zero is still fine where something else is already random: the biases, a classifier head on top of random hidden layers (its rows get different gradients because the hidden units differ), and the last layer of a residual branch (the skip path carries the signal).',
    ],
  ],
  formula: tex(
    'w_i = w_j,\\ W^{+}_{i,:} = W^{+}_{j,:}\\ \\Rightarrow\\ \\nabla_{w_i}L = \\nabla_{w_j}L',
    'if units i and j have equal incoming weights and equal outgoing weights, their gradients are equal',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = [];
    const hidden = kernelShapes(e).filter((k) => k.label !== 'out');
    const first = hidden[0];
    if (first) {
      const units = first.shape[first.shape.length - 1];
      const perUnit = first.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const word = first.shape.length === 4 ? 'filters' : 'units';
      lines.push({
        text: `Your ${first.label} has ${units} ${word} and ${fmt(perUnit * units)} weights. Started symmetric, its ${word} would stay copies of one another: ${fmt(perUnit)} distinct values, the capacity of a single ${word.slice(0, -1)}.`,
        layers: [first.label],
        values: { units, distinct: perUnit },
      });
    }
    for (const i of variantsWhere(e, (c) => c.scheme === 'zeros' || c.scheme === 'constant')) {
      const c = e.init[i];
      const allZero = c.scheme === 'zeros' && e.bias === 0;
      lines.push({
        text: allZero
          ? `Variant ${initLabel(c)} with bias 0: ${e.act === 'sigmoid' ? 'hidden outputs are all 0.5, so the output kernel learns but its rows stay equal' : 'hidden outputs are f(0) = 0 for ' + e.act + ', so no kernel gets a gradient; only the output bias learns'}.`
          : `Variant ${initLabel(c)}: every hidden unit starts equal and stays equal.`,
        init: i,
      });
    }
    for (const run of ctx.runs) {
      for (const row of run.identicalRows ?? []) {
        lines.push({
          text: `Measured in run ${run.label}: ${row.layer}’s units are ${row.identical ? 'identical to float precision' : 'not identical'}.`,
          variant: run.variant,
          layers: [row.layer],
        });
      }
    }
    return lines;
  },
  demo: {
    label: 'Zeros and a constant against He normal',
    query: 'arch=mlp&depth=2&width=256&act=relu&init=zeros,constant:value=0.01,he_normal&opt=adam&lr=0.001&steps=300',
  },
};

/** How much a bias of 0.01 moves the chance that a unit with pre-activation std 1 fires. */
const PER_HUNDREDTH = normalCdf(0.01) - 0.5;

export const biasCard: Card = {
  id: 'bias',
  title: 'How should the biases be initialized?',
  difficulty: 'easy',
  short: () =>
    `To zero in almost every layer, because the random weights already make the units different and biases need no randomness of their own. Zero also keeps the pre-activations centred, as the Xavier and He variance arguments assume. A small positive bias for ReLU layers (0.01 to 0.1), meant to keep units firing at the start, is a weak fix: for a pre-activation with std 1, each 0.01 of bias raises the chance of firing by only ${fmt(PER_HUNDREDTH * 100, 2)} percentage points, and it does nothing about a weight scale that is wrong.`,
  reasoning: () => [
    [
      'A bias adds the same constant to a unit’s pre-activation for every input. What distinguishes one input from another comes from the weights, and so does what distinguishes one unit from another. A constant bias therefore adds only input-independent signal: ',
      tex(
        '\\mathbb{E}[z^2]=n_{in}\\sigma_w^2\\,\\mathbb{E}[x^2]+b^2',
        'the expected square of z equals fan-in times the weight variance times the expected square of x, plus b squared',
      ),
      '. With weights that are too small, a positive bias takes over: every ReLU unit outputs about b whatever the image, which is nearly the symmetric start the random weights were supposed to avoid. The demo shows σ = 0.01 with bias 0.1 going nowhere.',
    ],
    [
      'Dead ReLUs are rarely an init problem. With zero bias and symmetric weights each unit fires on about half the inputs, and a unit that fires on none is rare. Units die during training, when a large step pushes a bias far negative or turns a weight vector away from the data. A bias of 0.01 shifts the firing probability from 50% to Φ(0.01/σ_z), which a single such step undoes.',
    ],
    [
      'Non-zero biases with a reason: an LSTM’s forget-gate bias at 1 (Gers et al. 2000; Jozefowicz et al. 2015), so the cell keeps its memory until it learns to forget; a classifier’s output bias at the log of the class prior, as in RetinaNet (Lin et al. 2017, b = −log((1−π)/π) with π = 0.01 for rare foreground), so the first steps are not spent learning the class frequencies and the initial loss is not dominated by the many easy negatives.',
    ],
    [
      'Before a batch-norm layer the bias is redundant: BN subtracts the batch mean, which removes any constant, and its own β takes over that role.',
    ],
  ],
  formula: tex(
    '\\mathbb{E}[z^2]=n_{in}\\,\\sigma_w^2\\,\\mathbb{E}[x^2]+b^2',
    'the expected square of the pre-activation is fan-in times weight variance times the expected square of the input, plus the bias squared',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = [{ text: `Your biases all start at ${fmt(e.bias)}.`, values: { bias: e.bias } }];
    if (e.bn.includes('before')) {
      lines.push({
        text: 'Where batch norm comes before the activation, the batch mean is subtracted right after the bias is added, so there the bias has no effect.',
      });
    }
    if (e.bn.every((b) => b === 'before')) return lines;
    e.init.forEach((choice, i) => {
      const sd = firstLayerStd(e, choice);
      if (sd === null || !(sd > 0) || !Number.isFinite(sd)) return;
      const fire = normalCdf(e.bias / sd);
      const nudged = normalCdf((e.bias + 0.01) / sd);
      lines.push({
        text: `${initLabel(choice)}: L1’s pre-activation has std ${fmt(sd)} around ${fmt(e.bias)}, so a unit is positive on ${percent(fire, 1, { trim: true })} of inputs; 0.01 more bias would make it ${percent(nudged, 1, { trim: true })}.`,
        init: i,
        layers: ['L1'],
        values: { preStd: sd, fire },
      });
    });
    return lines;
  },
  demo: {
    label: 'A positive bias does not rescue tiny weights',
    query: 'arch=mlp&depth=8&width=256&act=relu&init=normal:std=0.01,he_normal&bias=0.1&opt=sgd&lr=0.05&steps=300',
  },
};
