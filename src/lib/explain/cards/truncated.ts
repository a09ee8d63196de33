/** Truncated normals: what cutting at 2σ does to the variance, and who corrects for it. */
import { percent } from '../../percent';
import { fmt } from '../format';
import { normalCdf, normalPdf } from '../../engine/signal/gauss';
import { layerFacts, variantsWhere } from '../layers';
import { tex, type Card, type LiveNumber } from '../types';
import { initLabel } from '../../experiment/plan';

/** Mass of N(0, 1) inside ±2. */
export const TRUNC_MASS = 2 * normalCdf(2) - 1;
/** Var(z | |z| ≤ 2) for z ~ N(0, 1) = 1 − 2cφ(c)/(2Φ(c) − 1) at c = 2. */
export const TRUNC_VAR = 1 - (4 * normalPdf(2)) / TRUNC_MASS;
export const TRUNC_STD = Math.sqrt(TRUNC_VAR);
/** The constant Keras divides by (keras/initializers: VarianceScaling, truncated_normal). */
export const KERAS_TRUNC_CONSTANT = 0.87962566103423978;

const NORMAL_SCHEMES = new Set(['he_normal', 'xavier_normal', 'lecun_normal']);

export const truncatedCard: Card = {
  id: 'truncated',
  title: 'Truncated or untruncated normal: does it change the variance?',
  difficulty: 'hard',
  short: () =>
    `Yes: a standard normal cut at ±2 keeps ${percent(TRUNC_MASS, 1, { trim: true })} of its mass but only ${fmt(TRUNC_VAR, 4)} of its variance (std ${fmt(TRUNC_STD, 4)}), because the lost tails carry a large share of it. Keras’s VarianceScaling initializers (he_normal, glorot_normal, lecun_normal) divide the std by 0.87962566 to make up for it. TF.js’s versions do not, so its he_normal delivers about ${fmt(TRUNC_VAR, 2)}× the variance it names. PyTorch’s kaiming_normal_ and xavier_normal_ are untruncated, and so are this lab’s draws.`,
  reasoning: () => [
    [
      'For z ~ N(0, 1) cut to |z| ≤ c, ',
      tex(
        '\\mathrm{Var}(z\\mid |z|\\le c)=1-\\frac{2c\\,\\varphi(c)}{2\\Phi(c)-1}',
        'the variance of z given that its absolute value is at most c equals 1 minus 2 c phi of c over 2 capital Phi of c minus 1',
      ),
      `. At c = 2: φ(2) = ${fmt(normalPdf(2), 4)}, 2Φ(2) − 1 = ${fmt(TRUNC_MASS, 4)}, variance ${fmt(TRUNC_VAR, 4)}, std ${fmt(TRUNC_STD, 6)}: Keras’s 0.87962566 is exactly this std.`,
    ],
    [
      'Truncation exists to rule out the rare weight far in the tail. At σ ≈ 1/√n such outliers are harmless in wide layers, so whether it helps is debatable; what is not debatable is that a truncated draw must be rescaled if the formula’s variance is meant. tf.truncatedNormal’s stddev argument is the std of the normal before cutting, and TF.js’s VarianceScaling passes √(scale/n) to it unchanged (tfjs issue #8594).',
    ],
    [
      'PyTorch has its own trap: trunc_normal_(tensor, mean=0, std=1, a=−2, b=2) takes a and b as absolute cut-offs, not multiples of std. Called with std = 0.02, as transformer code often does, it cuts at 100σ, which is no truncation at all.',
    ],
    [
      `It compounds like any scale error: in a plain ReLU net built with TF.js’s he_normal every layer multiplies the forward variance by ${fmt(TRUNC_VAR, 4)} instead of 1, ${fmt(TRUNC_VAR ** 30)} over 30 layers. The demo emulates that with an untruncated He normal at gain √2·${fmt(TRUNC_STD, 4)} = ${fmt(Math.SQRT2 * TRUNC_STD, 4)}.`,
    ],
  ],
  formula: tex(
    '\\mathrm{Var}(z\\mid|z|\\le2)=1-\\frac{4\\,\\varphi(2)}{2\\Phi(2)-1}\\approx0.7737',
    'the variance of a standard normal cut at plus or minus 2 is 1 minus 4 phi of 2 over 2 capital Phi of 2 minus 1, about 0.7737',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const used = variantsWhere(e, (c) => NORMAL_SCHEMES.has(c.scheme));
    const choice = used.length ? e.init[used[0]] : ({ scheme: 'he_normal' } as const);
    const layers = layerFacts(e, choice);
    if (layers.length === 0) return null;
    const first = layers[0];
    const lines: LiveNumber[] = [
      {
        text: `${initLabel(choice)} on ${first.label}: this lab draws with σ = ${fmt(first.info.std)}; TF.js’s truncated version would give an effective σ of ${fmt(first.info.std * TRUNC_STD)}.`,
        init: used[0],
        layers: [first.label],
        values: { std: first.info.std, truncatedStd: first.info.std * TRUNC_STD },
      },
      {
        text: `Over your ${layers.length} kernels the uncorrected truncation multiplies the forward variance by ${fmt(TRUNC_VAR)}^${layers.length} = ${fmt(TRUNC_VAR ** layers.length)}.`,
        values: { factor: TRUNC_VAR ** layers.length },
      },
    ];
    return lines;
  },
  demo: {
    label: '30 ReLU layers: He against He at TF.js’s truncated variance (gain 1.244)',
    query: 'arch=mlp&depth=30&width=256&act=relu&init=he_normal,he_normal:gain=1.244&opt=sgd&lr=0.01&steps=300',
  },
};
