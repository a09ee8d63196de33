/** The two variance-preserving schemes people are asked to derive: Glorot's and He's. */
import { fmt } from '../format';
import { layerFacts, variantsWhere } from '../layers';
import { tex, type Card, type LiveNumber } from '../types';
import { schemeLines } from './live-helpers';
import { squareFactorLine, telescopeLine } from './factor-lines';

const isXavier = (s: string) => s === 'xavier_normal' || s === 'xavier_uniform';
const isHe = (s: string) => s === 'he_normal' || s === 'he_uniform';

export const xavierCard: Card = {
  id: 'xavier',
  title: 'Xavier (Glorot) initialization: why 2/(n_in + n_out)?',
  difficulty: 'medium',
  short: () =>
    'Var(W) = 2/(n_in+n_out) is the compromise between keeping the activation variance steady going forward and the gradient variance steady going backward, two conditions that cannot both hold. Glorot and Bengio (2010) derived them for units that act linearly near zero: forward needs n_in·Var(W) = 1, backward needs n_out·Var(W) = 1, and both hold only when n_in = n_out. The weights are drawn as U(±√(6/(n_in+n_out))) or N(0, 2/(n_in+n_out)). It suits tanh and linear or softmax layers; under ReLU it gives half the variance that is needed.',
  reasoning: () => [
    [
      'Assumptions: inputs with mean 0, weights drawn independently with mean 0, and an activation with f(0) = 0 and f′(0) = 1 working in its near-linear range at init (tanh), so a layer’s output variance is about its pre-activation variance.',
    ],
    [
      'Forward, ',
      tex(
        '\\mathrm{Var}(z_l)=n_{in}\\mathrm{Var}(W)\\,\\mathrm{Var}(z_{l-1})',
        'variance of z l equals n in times the weight variance times the variance of z l minus 1',
      ),
      ', which is steady when n_in·Var(W) = 1. Backward, ',
      tex(
        '\\mathrm{Var}(g_{l-1})=n_{out}\\mathrm{Var}(W)\\,\\mathrm{Var}(g_l)',
        'variance of the gradient at layer l minus 1 equals n out times the weight variance times the variance of the gradient at layer l',
      ),
      ', steady when n_out·Var(W) = 1. The chosen 2/(n_in+n_out) is the harmonic mean of the two exact answers 1/n_in and 1/n_out: exact for square layers; on a rectangular layer the forward factor n_in·Var(W) and the backward factor n_out·Var(W) miss 1 in opposite directions and average to exactly 1.',
    ],
    [
      'Uniform version: U(−a, a) has variance a²/3, so a = √(6/(n_in+n_out)). Keras’s default for every Dense and Conv layer, and TF.js’s, is exactly this glorot_uniform.',
    ],
    [
      'Where the premise fails. Sigmoid has f(0) = 1/2 and f′(0) = 1/4: its outputs are not centred, and with Xavier weights a square layer passes back at most 1/16 of the gradient variance, since f′(z)² ≤ 1/16; Glorot and Bengio saw sigmoid networks drive their top hidden layer into saturation early in training. ReLU passes only half the second moment (E[relu(z)²] = Var(z)/2), so on square layers Xavier multiplies the variance by 1/2 per layer, 2^−L over L layers; that factor of 2 is He’s correction. Xavier with gain √2 equals He on a square layer, which is why this lab keeps Xavier’s gain at 1 under gain=auto.',
    ],
  ],
  formula: tex(
    '\\mathrm{Var}(W)=\\frac{2}{n_{in}+n_{out}},\\qquad a=\\sqrt{\\frac{6}{n_{in}+n_{out}}}',
    'the weight variance is 2 over n in plus n out; the uniform bound a is the square root of 6 over n in plus n out',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = schemeLines(e, ['xavier_normal', 'xavier_uniform'], 'xavier_normal');
    const used = variantsWhere(e, (c) => isXavier(c.scheme));
    const choices = used.length ? used.map((i) => ({ c: e.init[i], i })) : [{ c: { scheme: 'xavier_normal' as const }, i: undefined }];
    for (const { c, i } of choices) {
      const line = squareFactorLine(e, c, i);
      if (line) lines.push(line);
    }
    const first = layerFacts(e, choices[0].c)[0];
    if (first && first.info.fanIn !== first.info.fanOut && first.info.gain !== null) {
      const v = first.info.std ** 2;
      lines.push({
        text: `On ${first.label} the two conditions disagree: n_in·Var(W) = ${fmt(first.info.fanIn * v)} forward and n_out·Var(W) = ${fmt(first.info.fanOut * v)} backward.`,
        layers: [first.label],
        values: { forward: first.info.fanIn * v, backward: first.info.fanOut * v },
      });
    }
    return lines;
  },
  demo: {
    label: 'Deep tanh net: Xavier against too small and too large',
    query: 'arch=mlp&depth=10&width=256&act=tanh&init=xavier_normal,normal:std=0.01,normal:std=0.2&opt=sgd&lr=0.05&steps=400',
  },
};

export const heCard: Card = {
  id: 'he',
  title: 'He (Kaiming) initialization: where does the 2 come from, and fan_in or fan_out?',
  difficulty: 'medium',
  short: () =>
    'Var(W) = 2/n_in, because ReLU passes on exactly half of a symmetric pre-activation’s second moment, E[relu(z)²] = Var(z)/2, and the weights must make up that half. It keeps the positive half and zeroes the rest; doubling LeCun’s 1/n_in (σ = √(2/n_in)) keeps the pre-activation variance the same from layer to layer. Fan-in mode keeps the forward signal steady; fan-out mode, 2/n_out, keeps the backward gradient steady; either one alone avoids exponential growth or decay with depth.',
  reasoning: () => [
    [
      'Take z_l = W_l x_{l−1} + b with x_{l−1} = relu(z_{l−1}), zero-mean weights independent of x, and b = 0. Then ',
      tex(
        '\\mathrm{Var}(z_l)=n_{in}\\,\\sigma^2\\,\\mathbb{E}[x_{l-1}^2]',
        'variance of z l equals n in times sigma squared times the expected square of x l minus 1',
      ),
      '. It is the second moment of x that enters, not its variance: ReLU outputs have a positive mean, and only the zero mean of W makes that mean drop out.',
    ],
    [
      'Because W is symmetric and b = 0, z_{l−1} is symmetric about 0, and ',
      tex(
        '\\mathbb{E}[\\mathrm{relu}(z)^2]=\\int_0^{\\infty}z^2p(z)\\,dz=\\tfrac12\\mathbb{E}[z^2]',
        'the expected square of relu of z is the integral from 0 to infinity of z squared p of z, which is one half of the expected square of z',
      ),
      '. So Var(z_l) = ½·n_in·σ²·Var(z_{l−1}), steady exactly when σ² = 2/n_in.',
    ],
    [
      'Backward, the gradient into z_{l−1} is relu′(z_{l−1}) times W_l applied to the gradient at z_l; relu′ is 1 on half the units and 0 on the others, so the gradient variance is multiplied by ½·n_out·σ², steady when σ² = 2/n_out. He et al. (2015) pointed out that one condition is enough: in fan_in mode each layer’s backward factor is n_out/n_in, and along a chain those ratios telescope to a constant instead of compounding.',
    ],
    [
      'Leaky ReLU with slope a passes (1+a²)/2 of the second moment, so σ² = 2/((1+a²)·n), gain √(2/(1+a²)). PyTorch’s kaiming_normal_ defaults to a = 0, mode fan_in, nonlinearity leaky_relu, i.e. gain √2. In this lab he_* under gain=auto takes the activation’s gain, so with tanh “He” means σ = (5/3)/√n_in.',
    ],
  ],
  formula: tex(
    '\\mathbb{E}[\\mathrm{relu}(z)^2]=\\tfrac12\\,\\mathrm{Var}(z)\\ \\Rightarrow\\ \\mathrm{Var}(W)=\\frac{2}{n_{in}}',
    'the expected square of relu z is half the variance of z, so the weight variance is 2 over n in',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = schemeLines(e, ['he_normal', 'he_uniform'], 'he_normal');
    const used = variantsWhere(e, (c) => isHe(c.scheme));
    const choices = used.length ? used.map((i) => ({ c: e.init[i], i })) : [{ c: { scheme: 'he_normal' as const }, i: undefined }];
    for (const { c, i } of choices) {
      const line = squareFactorLine(e, c, i);
      if (line) lines.push(line);
    }
    const tele = telescopeLine(e);
    if (tele) lines.push(tele);
    return lines;
  },
  demo: {
    label: '30 ReLU layers: Xavier against He',
    query: 'arch=mlp&depth=30&width=256&act=relu&init=xavier_normal,he_normal&opt=sgd&lr=0.01&steps=300',
  },
};
