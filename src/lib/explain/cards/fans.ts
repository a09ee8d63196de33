/** Fan-in and fan-out: of a dense layer, and of a convolution. */
import type { Experiment } from '../../experiment/config';
import { LIMITS } from '../../experiment/config';
import { fmt, layerRange } from '../format';
import { layerGroups } from '../layers';
import { tex, type Card, type LiveNumber } from '../types';
import { initLines } from './live-helpers';

/** Layers whose two fans differ: there fan_in and fan_out modes give different σ. */
function modeLines(e: Experiment): LiveNumber[] {
  const byIn = layerGroups(e, { scheme: 'he_normal', mode: 'fan_in' });
  const byOut = layerGroups(e, { scheme: 'he_normal', mode: 'fan_out' });
  return byIn.flatMap((g, k) => {
    const o = byOut[k];
    if (!o || g.info.fanIn === g.info.fanOut) return [];
    return [
      {
        text: `He normal on ${layerRange(g.labels)}: σ = ${fmt(g.info.std)} with fan_in (${g.info.fanIn}), ${fmt(o.info.std)} with fan_out (${g.info.fanOut}); fan_out mode draws ${fmt(o.info.std / g.info.std)}× as wide.`,
        layers: g.labels,
        values: { fanIn: g.info.fanIn, fanOut: g.info.fanOut, stdFanIn: g.info.std, stdFanOut: o.info.std },
      },
    ];
  });
}

export const fansCard: Card = {
  id: 'fans',
  title: 'What are fan-in and fan-out?',
  difficulty: 'easy',
  short: () =>
    'Fan-in is how many inputs are summed into each output of a layer; fan-out is how many outputs each input feeds, which is how many terms are summed when the gradient flows back to that input. A sum of n independent zero-mean terms has n times their variance, so init schemes divide the weight variance by a fan (or by the average of both) to make a layer’s output, or its backward gradient, independent of the layer’s size.',
  reasoning: () => [
    [
      'Forward: ',
      tex('z_j=\\sum_{i=1}^{n_{in}}W_{ij}x_i+b_j', 'z j equals the sum over i from 1 to n in of W i j times x i, plus b j'),
      '. With weights of mean 0 drawn independently of each other and of the input, every cross term averages to zero, so ',
      tex(
        '\\mathrm{Var}(z_j)=n_{in}\\,\\sigma^2\\,\\mathbb{E}[x^2]',
        'the variance of z j equals n in times sigma squared times the expected square of x',
      ),
      ', even when the inputs are strongly correlated, as neighbouring pixels are.',
    ],
    [
      'Backward: ',
      tex(
        '\\partial L/\\partial x_i=\\sum_{j=1}^{n_{out}}W_{ij}\\,\\partial L/\\partial z_j',
        'the gradient with respect to x i is the sum over j from 1 to n out of W i j times the gradient with respect to z j',
      ),
      ', a sum of n_out terms, so the gradient’s variance is multiplied by n_out·σ². Fan-in mode protects the forward signal, fan-out mode the backward one, and Xavier splits the difference. The gradient of a single weight, x_i·∂L/∂z_j, involves no sum: its size is the product of the forward and backward signals at that layer.',
    ],
    [
      'Layouts differ and the fans do not: TF.js stores a dense kernel as [in, out], PyTorch’s nn.Linear as [out, in]. Code that computes fans by hand from the wrong axis silently swaps them, which matters exactly where they differ: on MNIST the first layer (784 inputs) and the 10-way head.',
    ],
  ],
  formula: tex(
    '\\mathrm{Var}\\Big(\\sum_{i=1}^{n}w_i x_i\\Big)=n\\,\\sigma_w^2\\,\\mathbb{E}[x^2]',
    'the variance of a sum of n weighted inputs is n times the weight variance times the expected square of the input',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    if (e.init.length === 0) return null;
    return [...initLines(e, e.init[0], 0), ...modeLines(e)];
  },
  demo: {
    label: 'He normal with fan_in against fan_out',
    query: 'arch=mlp&depth=3&width=256&act=relu&init=he_normal,he_normal:mode=fan_out&opt=sgd&lr=0.01&steps=300',
  },
};

/** The CNN this config would describe, for MLP configs: same channels, kernel and depth (capped). */
function asCnn(e: Experiment): Experiment {
  const [lo, hi] = LIMITS.depth.cnn;
  return { ...e, arch: 'cnn', depth: Math.min(hi, Math.max(lo, e.depth)) };
}

export const convFansCard: Card = {
  id: 'conv-fans',
  title: 'What are fan-in and fan-out of a convolutional layer?',
  difficulty: 'medium',
  short: () =>
    'Fan-in is k_h·k_w·c_in: each output value is a weighted sum over a k_h×k_w window in every input channel. Fan-out is k_h·k_w·c_out: each input value falls inside k_h·k_w window positions for each of the c_out filters. Image size, stride and padding are left out of the convention.',
  reasoning: () => [
    [
      'One output value of filter o at position p is ',
      tex(
        'y_{p,o}=\\sum_{\\Delta\\in k_h\\times k_w}\\sum_{c=1}^{c_{in}}K_{\\Delta,c,o}\\,x_{p+\\Delta,c}',
        'y at position p and filter o is the sum over the k h by k w offsets and the c in input channels of the kernel weight times the input at p plus the offset',
      ),
      ': k_h·k_w·c_in terms, the same count as a dense layer over the flattened window. The variance argument for dense layers carries over unchanged with that fan-in.',
    ],
    [
      'Backward, an input value receives gradient from every filter and every offset whose window covers it: k_h·k_w·c_out terms, at stride 1 and away from the border. With stride s only about (k/s)² window positions cover each input, and under “same” padding border pixels are covered less; the convention (PyTorch, Keras, He et al. 2015) ignores both and uses k_h·k_w·c_out.',
    ],
    [
      'PyTorch stores conv weights as [c_out, c_in/groups, k_h, k_w] and computes fan_in = (c_in/groups)·k_h·k_w, so a depthwise convolution (groups = c_in) has fan_in k_h·k_w. TF.js stores [k_h, k_w, c_in, c_out]. The dense layer after flattening has fan_in = height·width·channels of the last feature map.',
    ],
    [
      'The argument is looser for CNNs than for MLPs: zero padding makes border outputs sums of fewer terms, and max-pooling keeps the largest of four values, which has a larger second moment than any one of them. The lab’s signal prediction covers CNNs and residual CNNs too, but there it is approximate, and its curve says so: it counts the share of kernel taps that land inside the padded map, assuming the signal is spread evenly over it, and models each max-pool as a mix of its two exact limits, four equal values and four independent ones.',
    ],
  ],
  formula: tex(
    'n_{in}=k_h k_w c_{in},\\quad n_{out}=k_h k_w c_{out}',
    'fan-in equals k h times k w times c in; fan-out equals k h times k w times c out',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    if (e.init.length === 0) return null;
    if (e.arch === 'cnn') return initLines(e, e.init[0], 0);
    const cnn = asCnn(e);
    const prefix = `A ${cnn.depth}-layer CNN with your ${e.channels} channels and ${e.kernel}×${e.kernel} kernels: `;
    return initLines(cnn, e.init[0], undefined, prefix);
  },
  demo: {
    label: 'CNN: He with fan_in, fan_out, and a fixed σ',
    query: 'arch=cnn&depth=4&channels=32&kernel=5&act=relu&init=he_normal,he_normal:mode=fan_out,normal:std=0.01&opt=sgd&lr=0.01&steps=300',
  },
};
