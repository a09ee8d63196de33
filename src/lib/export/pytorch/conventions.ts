/**
 * The lab's fixed numbers, as Python constants, each read from the TypeScript that uses it
 * (so the script cannot drift from the lab) and each with the reason it is what it is. None
 * of this depends on the experiment: every script has the same constants block.
 */
import { ACTIVATIONS, SCHEMES, SCHEME_DEFAULTS } from '../../experiment/config';
import { BN_EPSILON, BN_MOMENTUM, EVAL_CHUNK, HISTOGRAM_BINS, HISTOGRAM_SAMPLE, NUM_CLASSES, PROBE_SIZE } from '../../engine/constants';
import { hasInactiveUnits } from '../../engine/unit-activity';
import { activationGain } from '../../engine/init/gains';
import { SCHEME_INFO } from '../../engine/init/schemes';
import { BETA1, BETA2, MOMENTUM } from '../../engine/optim/update-rules';
import { pyLiteral, pyNumber } from './python-literal';

/** TF.js's backend epsilon on float32 devices, which tf.train.adam (and the lab's Adam) uses. */
export const TFJS_EPSILON = 1e-7;

const ids = new Set<string>([...SCHEMES, ...ACTIVATIONS, 'fan_in', 'fan_out', 'std', 'limit', 'value', 'mode']);

export function conventionsBlock(): string {
  const usesGain = Object.fromEntries(SCHEMES.map((s) => [s, SCHEME_INFO[s].usesGain]));
  const defaults = { std: SCHEME_DEFAULTS.std, limit: SCHEME_DEFAULTS.limit, value: SCHEME_DEFAULTS.value, mode: SCHEME_DEFAULTS.mode };
  return `
# ---------------------------------------------------------------------------
# The lab's fixed conventions (the same in every exported script).
# ---------------------------------------------------------------------------
NUM_CLASSES = ${NUM_CLASSES}
# TF.js BatchNormalization: momentum = weight of the OLD moving statistics (PyTorch's momentum
# is the weight of the new batch, so this is PyTorch's 0.1); epsilon set explicitly.
BN_MOMENTUM_OLD = ${pyNumber(BN_MOMENTUM)}
BN_EPSILON = ${pyNumber(BN_EPSILON)}
# tf.train.momentum(lr, 0.9) and tf.train.adam(lr)'s defaults, as the lab uses them.
MOMENTUM = ${pyNumber(MOMENTUM)}
BETA1, BETA2 = ${pyNumber(BETA1)}, ${pyNumber(BETA2)}
# TF.js's Adam takes the backend's epsilon, 1e-7 on float32 devices; PyTorch's default is 1e-8.
ADAM_EPSILON = ${pyNumber(TFJS_EPSILON)}
# Activation statistics: a fixed probe of ${PROBE_SIZE} validation images, ${HISTOGRAM_BINS}-bin histograms
# of the first ${HISTOGRAM_SAMPLE} values; validation runs in chunks of ${EVAL_CHUNK}.
PROBE_SIZE = ${PROBE_SIZE}
HISTOGRAM_BINS = ${HISTOGRAM_BINS}
HISTOGRAM_SAMPLE = ${HISTOGRAM_SAMPLE}
EVAL_CHUNK = ${EVAL_CHUNK}
# Activations whose units can sit at or below 0 for every probe image (dead for ReLU, only inactive
# for the rest: engine/unit-activity.ts); the inactive fraction is NaN for the others.
INACTIVE_ACTIVATIONS = ${pyLiteral(ACTIVATIONS.filter(hasInactiveUnits), ids)}
# A scheme parameter the variant does not set takes the lab's default.
SCHEME_DEFAULTS = ${pyLiteral(defaults, ids)}
SCHEME_USES_GAIN = ${pyLiteral(usesGain, ids)}
# torch.nn.init.calculate_gain has no ELU or GELU: the lab uses the variance-preserving gain
# 1/sqrt(E[f(z)^2]) for z ~ N(0, 1), computed by quadrature in the lab (ELU alpha 1, exact GELU).
ELU_GAIN = ${pyNumber(activationGain('elu', 0))}
GELU_GAIN = ${pyNumber(activationGain('gelu', 0))}
`;
}
