/**
 * The registry of initialization schemes: what the UI shows and which knobs apply.
 * The numbers themselves are computed in describe.ts, the draws in generate.ts; this file
 * is pure data so that the UI can import it without pulling in the generators.
 */
import type { SchemeId } from '../../experiment/config';

export type SchemeParam = 'std' | 'limit' | 'value' | 'mode' | 'gain';

export interface SchemeInfo {
  label: string;
  /** KaTeX; n_{fan} stands for n_{in} or n_{out} as the scheme's mode selects. */
  formulaTex: string;
  usesGain: boolean;
  params: SchemeParam[];
  summary: string;
}

export const SCHEME_INFO: Record<SchemeId, SchemeInfo> = {
  zeros: {
    label: 'Zeros',
    formulaTex: 'W = 0',
    usesGain: false,
    params: [],
    summary: 'Every weight 0. All units in a layer compute the same thing and get the same gradient, so they never become different.',
  },
  constant: {
    label: 'Constant',
    formulaTex: 'W = c',
    usesGain: false,
    params: ['value'],
    summary: 'Every weight the same value c. Like zeros, the symmetry between units is never broken.',
  },
  normal: {
    label: 'Normal (fixed σ)',
    formulaTex: 'W \\sim \\mathcal{N}(0, \\sigma^2)',
    usesGain: false,
    params: ['std'],
    summary:
      'Untruncated Gaussian with a fixed standard deviation that ignores the layer size, so the signal grows or shrinks with width and depth.',
  },
  uniform: {
    label: 'Uniform (fixed limit)',
    formulaTex: 'W \\sim \\mathcal{U}(-a, a)',
    usesGain: false,
    params: ['limit'],
    summary: 'Uniform on a fixed interval that ignores the layer size; its standard deviation is a/√3.',
  },
  xavier_uniform: {
    label: 'Xavier/Glorot uniform',
    formulaTex: 'a = g\\sqrt{6/(n_{in}+n_{out})}',
    usesGain: true,
    params: ['gain'],
    summary:
      'Glorot & Bengio (2010): variance 2/(n_in+n_out), a compromise between keeping activations (forward) and gradients (backward) the same size, derived for linear/tanh-like units.',
  },
  xavier_normal: {
    label: 'Xavier/Glorot normal',
    formulaTex: '\\sigma = g\\sqrt{2/(n_{in}+n_{out})}',
    usesGain: true,
    params: ['gain'],
    summary: 'Glorot & Bengio (2010) with an untruncated Gaussian: variance 2/(n_in+n_out).',
  },
  he_uniform: {
    label: 'He/Kaiming uniform',
    formulaTex: 'a = g\\sqrt{3/n_{fan}}',
    usesGain: true,
    params: ['mode', 'gain'],
    summary:
      'He et al. (2015): variance g²/n_fan with g the nonlinearity’s gain (√2 for ReLU, which zeroes half its input), so activations (fan_in) or gradients (fan_out) keep their size through depth.',
  },
  he_normal: {
    label: 'He/Kaiming normal',
    formulaTex: '\\sigma = g/\\sqrt{n_{fan}}',
    usesGain: true,
    params: ['mode', 'gain'],
    summary: 'He et al. (2015) with an untruncated Gaussian: variance g²/n_fan, g = √2 for ReLU.',
  },
  lecun_uniform: {
    label: 'LeCun uniform',
    formulaTex: 'a = g\\sqrt{3/n_{fan}}',
    usesGain: true,
    params: ['mode', 'gain'],
    summary: 'LeCun et al. (1998): variance 1/n_fan (gain 1), right for linear units and the self-normalising SELU.',
  },
  lecun_normal: {
    label: 'LeCun normal',
    formulaTex: '\\sigma = g/\\sqrt{n_{fan}}',
    usesGain: true,
    params: ['mode', 'gain'],
    summary: 'LeCun et al. (1998) with an untruncated Gaussian: variance 1/n_fan (gain 1).',
  },
  orthogonal: {
    label: 'Orthogonal',
    formulaTex: 'W = g\\,Q,\\ Q^{\\top}Q = I',
    usesGain: true,
    params: ['gain'],
    summary:
      'Saxe et al. (2014): a random (Haar) orthogonal matrix times g. With no more inputs than outputs (rows ≤ cols in TF.js’s [in, out] layout) it multiplies the norm of every input by exactly g, not just on average; with more (the 784-input first layer) only its columns are orthonormal, and inputs outside their span lose length. Entries have σ = g/√max(rows, cols).',
  },
  torch_default: {
    label: 'PyTorch default',
    formulaTex: 'a = 1/\\sqrt{n_{in}}',
    usesGain: false,
    params: [],
    summary:
      'What torch.nn.Linear and Conv use when you do nothing: kaiming_uniform(a=√5) = U(±1/√n_in), variance 1/(3 n_in), a third of LeCun’s.',
  },
  lsuv: {
    label: 'LSUV (data-driven)',
    formulaTex: 'W_l = Q_l/\\sqrt{\\operatorname{Var}[\\,h_{l-1}Q_l + b_l\\,]}',
    usesGain: false,
    params: [],
    summary:
      'Mishkin & Matas (2016): every kernel starts orthonormal (gain 1), then, from the first layer to the output layer, is divided by the standard deviation of its own linear output on 256 training digits, until that variance is within 0.01 of 1. No formula for the activation is needed: the data measures what it does. Takes no parameters (a gain would be divided away). Dense MLPs only.',
  },
};
