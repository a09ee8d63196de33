/** Orthogonal init and the property it is after: dynamical isometry. */
import { orthogonalDims } from '../../engine/init';
import { isRectifier } from '../../engine/signal/act-math';
import type { SpectrumObservation } from '../context';
import { fmt } from '../format';
import { layerFacts, layerGroups } from '../layers';
import { tex, type Card, type LiveNumber } from '../types';
import { schemeLines } from './live-helpers';
import { ACT_NAMES } from '../activation-math';

/**
 * Right edge of the limiting squared-singular-value distribution of a product of L
 * independent n×n Gaussian matrices with entry variance 1/n (Fuss–Catalan): (L+1)^(L+1)/L^L.
 */
export function gaussianProductEdge(layers: number): number {
  return Math.exp((layers + 1) * Math.log(layers + 1) - layers * Math.log(layers));
}

export const orthogonalCard: Card = {
  id: 'orthogonal',
  title: 'Orthogonal initialization: what does it buy, and when is it used?',
  difficulty: 'hard',
  short: () =>
    'It preserves the length of every vector exactly, ‖Qx‖ = ‖x‖, where a Gaussian matrix of the right variance does so only on average. All singular values of an orthogonal matrix are 1; those of a Gaussian one spread between 0 and 2. Products of orthogonal matrices are orthogonal, so a deep linear stack of them neither amplifies nor loses any direction, at any depth. Saxe et al. (2014) showed that this makes learning time in deep linear networks independent of depth. It is used for recurrent weight matrices and very deep nets, multiplied by the activation’s gain.',
  reasoning: () => [
    [
      'For an n×n matrix with N(0, 1/n) entries the singular values fill [0, 2] as n grows, with density √(4 − s²)/π. A product of L such matrices spreads further: its largest squared singular value tends to ',
      tex('(L+1)^{L+1}/L^{L}\\approx e\\,(L+1)', 'L plus 1 to the power L plus 1, over L to the power L, about e times L plus 1'),
      ` (${fmt(gaussianProductEdge(10))} at L = 10), while most of the others head toward 0. The mean square stays 1, which is all Xavier or He control. An orthogonal stack keeps every singular value at exactly 1.`,
    ],
    [
      'Saxe, McClelland and Ganguli (2014) solved the learning dynamics of deep linear networks and found that with orthogonal initial weights the time to learn can be independent of depth, while scaled Gaussian weights slow down as depth grows. For recurrent nets, a recurrent matrix applied at every time step with all eigenvalues of modulus 1 neither blows up nor erases the state through time; Le, Jaitly and Hinton (2015) used the identity, the simplest orthogonal matrix, for ReLU RNNs.',
    ],
    [
      'Rectangular kernels can only be semi-orthogonal. In TF.js’s [in, out] layout y = xW: if in ≥ out the columns are orthonormal (WᵀW = I) and xW keeps only out of the in directions, so lengths shrink; if in < out the rows are orthonormal and ‖xW‖ = ‖x‖ exactly. Entries have σ = g/√max(in, out). Conv kernels are treated as a (k_h·k_w·c_in)×c_out matrix; the delta-orthogonal init of Xiao et al. (2018) instead puts an orthogonal c_in×c_out matrix at the kernel’s centre and zeros elsewhere, which makes the whole convolution norm-preserving.',
    ],
    [
      'Drawing one: take the QR decomposition of a Gaussian matrix and multiply each column of Q by the sign of the matching diagonal entry of R; without that sign fix Q is not uniformly (Haar) distributed. This lab does Householder QR in plain JavaScript (784×256 in about 0.1 s); TF.js’s built-in orthogonal initializer takes about 90 s for that size on the CPU backend.',
    ],
    [
      'Gain: for ReLU √2, since ReLU removes half the energy on average; the stack is then norm-preserving only on average, no longer exactly. For tanh a gain near 1 keeps pre-activations in the near-linear range where the Jacobian stays close to orthogonal.',
    ],
  ],
  formula: tex(
    'W^{\\top}W=g^2 I\\ \\Rightarrow\\ \\|Wx\\|=g\\,\\|x\\|\\ \\text{ for every } x',
    'if W transpose W equals g squared times the identity, then the length of W x is g times the length of x for every x',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = schemeLines(e, ['orthogonal'], 'orthogonal');
    const first = layerFacts(e, { scheme: 'orthogonal' })[0];
    if (first) {
      const { rows, cols } = orthogonalDims(first.shape);
      if (rows > cols) {
        lines.push({
          text: `${first.label} is ${rows}×${cols}: its orthonormal columns keep ${cols} of ${rows} input directions, so on average ${fmt(cols / rows)} of an input’s squared length gets through.`,
          layers: [first.label],
          values: { rows, cols },
        });
      }
    }
    return lines;
  },
  demo: {
    label: '32 tanh layers: orthogonal against Xavier (same entry variance)',
    query: 'arch=mlp&depth=32&width=256&act=tanh&init=orthogonal,xavier_normal&opt=sgd&lr=0.01&steps=400',
  },
};

/** What the spectrum view measured for one variant, from the first hidden layer's output to the last one's. */
function spectrumLine(s: SpectrumObservation): string {
  const spread = s.smallest > 1e-12 ? `a ${fmt(s.largest / s.smallest)}× spread` : 'some directions lost entirely (σ = 0)';
  const theory = s.theoryMeanSquare === null ? '' : `, where mean field predicts ${fmt(s.theoryMeanSquare)}`;
  const width =
    s.relativeVariance === undefined || s.theoryRelativeVariance === undefined || s.theoryRelativeVariance === null
      ? ''
      : ` Their spread, Var(σ²)/E[σ²]², is ${fmt(s.relativeVariance)}; free probability predicts ${fmt(s.theoryRelativeVariance)}, the sum over layers of E[f′⁴]/E[f′²]² + β − 2 (β = 2 for Gaussian kernels, 1 for orthogonal ones), and isometry would be 0.`;
  return `Measured in the spectrum view, ${s.label}: the ${s.count} singular values of your hidden layers' Jacobian at init run from ${fmt(s.smallest)} to ${fmt(s.largest)}, ${spread}; their mean square is ${fmt(s.meanSquare)}${theory}.${width}`;
}

export const isometryCard: Card = {
  id: 'isometry',
  title: 'What is dynamical isometry?',
  difficulty: 'hard',
  short: () =>
    'All singular values of the network’s input–output Jacobian close to 1 at init, not only their mean square. Variance-preserving inits such as Xavier and He fix the mean square; the spread still widens with depth, so a few gradient directions are amplified and many are nearly erased. Orthogonal weights in a linear net, or in a tanh net kept near its linear range, hold the whole spectrum near 1, which is what let networks with thousands of layers train (Pennington et al. 2017; Xiao et al. 2018).',
  reasoning: () => [
    [
      'The Jacobian of the output with respect to the input is ',
      tex(
        "J=D_LW_L\\cdots D_1W_1,\\ \\ D_l=\\mathrm{diag}(f'(z_l))",
        'J equals D L W L through D 1 W 1, where D l is the diagonal matrix of f prime of z l',
      ),
      '. The per-layer factor χ controls the mean squared singular value, (1/n)·tr(JJᵀ). Dynamical isometry asks the whole distribution of singular values to concentrate at 1, so that every direction of the error signal reaches the early layers at the same strength.',
    ],
    [
      `Gaussian weights fail this even at χ = 1: the largest squared singular value of a product of L Gaussian layers tends to (L+1)^(L+1)/L^L: ${fmt(gaussianProductEdge(10))} at L = 10, ${fmt(gaussianProductEdge(100))} at L = 100, while the bulk collapses toward 0. Orthogonal weights remove the spread coming from W; what remains comes from D.`,
    ],
    [
      'That is why the activation matters. ReLU sets about half of D’s diagonal to 0, so even with orthogonal weights the Jacobian’s spectrum widens with depth; Pennington, Schoenholz and Ganguli (2017) showed that ReLU nets cannot reach dynamical isometry, while tanh (and sigmoid) nets can, with orthogonal weights, a weight scale at the edge of chaos and small biases. To first order their free-probability result makes the relative variance of σ² add up over layers: each adds E[f′⁴]/E[f′²]² + β − 2, with β = 2 for Gaussian kernels and 1 for orthogonal ones. A ReLU layer’s slope is 0 or 1, so it adds at least 1 whatever the kernel; a tanh layer near 0 adds almost nothing with an orthogonal kernel. The spectrum view prints both numbers for your net. Xiao et al. (2018) trained 10,000-layer plain CNNs with a delta-orthogonal init. Residual nets with zero-initialized branches get isometry for free: at init each block is the identity.',
    ],
  ],
  formula: tex(
    'J=\\prod_{l=L}^{1}D_lW_l;\\quad \\text{isometry: every singular value } s_i(J)\\approx1',
    'J is the product over layers from L down to 1 of D l times W l; isometry means every singular value of J is about 1',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = [];
    // Only a plain MLP is a product of square Gaussian matrices; skips and convolutions are not.
    if (e.arch !== 'mlp') return lines;
    const square = layerGroups(e, { scheme: 'orthogonal' }).filter((g) => !g.labels.includes('out') && g.info.fanIn === g.info.fanOut);
    const longest = square.sort((a, b) => b.labels.length - a.labels.length)[0];
    if (longest && longest.labels.length > 1) {
      const L = longest.labels.length;
      const edge = gaussianProductEdge(L);
      lines.push({
        text: `Your ${L} square hidden layers with Gaussian weights at χ = 1: the largest singular value of their product tends to √${fmt(edge)} = ${fmt(Math.sqrt(edge))}, with orthogonal weights it is exactly 1 (before the activations).`,
        layers: longest.labels,
        values: { layers: L, edge },
      });
    }
    if (isRectifier(e.act)) {
      lines.push({
        text: `With ${ACT_NAMES[e.act]}, D zeroes (or scales by the slope) about half the units, so exact isometry is out of reach here; try act=linear or tanh.`,
      });
    }
    for (const s of ctx.spectrum ?? []) lines.push({ text: spectrumLine(s), variant: s.variant });
    return lines;
  },
  demo: {
    label: '32 linear layers: orthogonal against Xavier',
    query: 'arch=mlp&depth=32&width=256&act=linear&init=orthogonal,xavier_normal&opt=sgd&lr=0.01&steps=300',
  },
};
