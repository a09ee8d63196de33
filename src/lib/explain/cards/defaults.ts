/** What to name as the default, and what PyTorch actually does when nobody chooses. */
import type { Activation, SchemeId } from '../../experiment/config';
import { ACT_NAMES } from '../activation-math';
import { fmt } from '../format';
import { variantsWhere } from '../layers';
import { tex, type Card, type LiveNumber } from '../types';
import { initLines, schemeLines } from './live-helpers';
import { squareFactorLine } from './factor-lines';

/** The scheme to name for an activation (ELU and GELU are ReLU-like: He with their own gain). */
export function recommendedScheme(act: Activation): SchemeId {
  if (act === 'tanh' || act === 'sigmoid' || act === 'linear') return 'xavier_normal';
  if (act === 'selu') return 'lecun_normal';
  return 'he_normal';
}

export const defaultCard: Card = {
  id: 'default',
  title: 'Which initialization would you name as the default?',
  difficulty: 'easy',
  short: () =>
    'The one that matches the activation: He (Kaiming) with fan_in for ReLU-family layers, Xavier (Glorot) for tanh, sigmoid and linear or softmax output layers, LeCun normal for SELU, with biases at zero. Then name the framework defaults, since they are what runs when nobody chooses: PyTorch’s nn.Linear and nn.Conv use kaiming_uniform_ with a = √5, which is U(±1/√fan_in); Keras and TF.js layers use glorot_uniform with zero biases.',
  reasoning: () => [
    [
      'The answer rests on three facts worth saying out loud: the draws must be random so that units differ; the variance is divided by a fan so that the layer’s size cancels out of the sum; and a gain taken from the activation makes up for the share of the second moment the nonlinearity removes.',
    ],
    [
      'PyTorch’s default is not He: its variance is 1/(3·fan_in), a sixth of He’s, and torchvision’s ResNets replace it with kaiming_normal_(mode="fan_out", nonlinearity="relu"). Saying so shows you know what your code does by default.',
    ],
    [
      'In architectures with normalization and skip connections the exact constant matters less, and other conventions take over: zero-init of the last layer or γ of each residual branch; in transformers, N(0, 0.02²) for most weights (BERT uses a truncated normal with std 0.02), and in GPT-2 the weights of layers that write into the residual stream scaled by 1/√N, N the number of residual layers.',
    ],
    [
      'A one-line answer: “He normal with fan_in for a ReLU net, zero biases, and I would look at the activation and gradient statistics of the first forward and backward pass to confirm nothing grows or shrinks with depth.”',
    ],
  ],
  formula: tex(
    '\\mathrm{Var}(W)=\\begin{cases}2/n_{in} & \\text{ReLU}\\\\ 2/(n_{in}+n_{out}) & \\tanh,\\ \\text{sigmoid, linear}\\\\ 1/n_{in} & \\text{SELU}\\end{cases}',
    'weight variance: 2 over n in for ReLU; 2 over n in plus n out for tanh, sigmoid and linear; 1 over n in for SELU',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const scheme = recommendedScheme(e.act);
    return initLines(e, { scheme }, undefined, `For ${ACT_NAMES[e.act]} the one to name is `);
  },
  demo: {
    label: 'He, Xavier and PyTorch’s default on 8 ReLU layers',
    query: 'arch=mlp&depth=8&width=256&act=relu&init=he_normal,xavier_normal,torch_default&opt=sgd&lr=0.01&steps=300',
  },
};

const TORCH_GAIN = Math.sqrt(2 / (1 + 5));

export const torchDefaultCard: Card = {
  id: 'torch-default',
  title: 'What does PyTorch’s default kaiming_uniform_(a=√5) actually give?',
  difficulty: 'medium',
  short: () =>
    `It gives U(−1/√fan_in, 1/√fan_in), variance 1/(3·fan_in): a third of LeCun’s variance and a sixth of He’s. nn.Linear and nn.Conv call kaiming_uniform_(weight, a=√5); a enters the leaky-ReLU gain formula √(2/(1+a²)) = √(1/3) = ${fmt(TORCH_GAIN, 4)}, and the bound gain·√(3/fan_in) simplifies to 1/√fan_in. The biases are drawn from U(±1/√fan_in) as well.`,
  reasoning: () => [
    [
      tex(
        'g=\\sqrt{\\tfrac{2}{1+a^2}}=\\sqrt{\\tfrac{2}{6}}=\\tfrac{1}{\\sqrt3},\\quad \\text{bound}=g\\sqrt{\\tfrac{3}{n_{in}}}=\\tfrac{1}{\\sqrt{n_{in}}},\\quad \\mathrm{Var}=\\tfrac{\\text{bound}^2}{3}=\\tfrac{1}{3n_{in}}',
        'g is the square root of 2 over 1 plus a squared, which is the square root of 2 over 6, one over root 3; the bound is g times the square root of 3 over n in, which is 1 over root n in; the variance is the bound squared over 3, one over 3 n in',
      ),
      '.',
    ],
    [
      'The √5 is not a claim that the layer is followed by a leaky ReLU with slope 2.24. It reproduces, through the newer kaiming_uniform_ function, the uniform ±1/√fan_in rule PyTorch inherited from Lua Torch, so old results stayed reproducible.',
    ],
    [
      `Consequence for plain ReLU stacks: χ = n·(1/(3n))·½ = 1/6 per layer, so 10 layers multiply the forward variance by ${fmt(6 ** -10)}. Shallow nets, nets with normalization or residual connections, and Adam (which rescales each step) hide this; a deep plain ReLU MLP trained with SGD shows it.`,
    ],
    ['This lab’s torch_default draws the kernels exactly so; its biases take the lab’s bias constant instead of PyTorch’s uniform draw.'],
  ],
  formula: tex(
    'W\\sim\\mathcal{U}\\Big(-\\tfrac{1}{\\sqrt{n_{in}}},\\tfrac{1}{\\sqrt{n_{in}}}\\Big),\\quad \\mathrm{Var}(W)=\\frac{1}{3\\,n_{in}}',
    'W is uniform between minus and plus one over root n in, with variance one over 3 n in',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = schemeLines(e, ['torch_default'], 'torch_default');
    const used = variantsWhere(e, (c) => c.scheme === 'torch_default');
    const line = squareFactorLine(e, used.length ? e.init[used[0]] : { scheme: 'torch_default' }, used[0]);
    if (line) lines.push(line);
    return lines;
  },
  demo: {
    label: '20 ReLU layers: PyTorch’s default against He uniform',
    query: 'arch=mlp&depth=20&width=256&act=relu&init=torch_default,he_uniform&opt=sgd&lr=0.01&steps=300',
  },
};
