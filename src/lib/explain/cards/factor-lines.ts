/**
 * Depth arithmetic in words: how much one layer multiplies the signal's variance, and
 * what that becomes over the layers of the config on screen.
 */
import type { Experiment, InitChoice } from '../../experiment/config';
import { initLabel } from '../../experiment/plan';
import { ACT_NAMES, homogeneousRatio } from '../activation-math';
import { fmt, layerRange, shapeText } from '../format';
import { layerFacts, layerGroups } from '../layers';
import type { LiveNumber } from '../types';

/**
 * For positively homogeneous activations only (there the factor n·σ²·E[f(z)²]/Var(z) is a
 * constant): the factor on the longest run of same-shaped square hidden layers.
 */
export function squareFactorLine(e: Experiment, choice: InitChoice, init?: number): LiveNumber | null {
  // Skips add the input back at every block: no single per-layer factor describes a residual net.
  if (e.arch !== 'mlp' && e.arch !== 'cnn') return null;
  const ratio = homogeneousRatio(e.act, e.slope);
  if (ratio === null) return null;
  const square = layerGroups(e, choice)
    .filter((g) => !g.labels.includes('out') && g.info.fanIn === g.info.fanOut && g.info.std > 0)
    .sort((a, b) => b.labels.length - a.labels.length)[0];
  if (!square) return null;
  const { info, labels, shape } = square;
  const chi = info.fanIn * info.std ** 2 * ratio;
  const total = chi ** labels.length;
  const over = labels.length > 1 ? `, ${fmt(total)} over those ${labels.length} layers` : '';
  return {
    text: `${initLabel(choice)} with ${ACT_NAMES[e.act]}: on ${layerRange(labels)} (${shapeText(shape)}) each layer multiplies the pre-activation variance by ${info.fanIn}·${fmt(info.std)}²·${fmt(ratio)} = ${fmt(chi)}${over}.`,
    init,
    layers: labels,
    values: { chi, total, std: info.std, fanIn: info.fanIn },
  };
}

/**
 * He's telescoping argument with this config's fans: in fan_in mode the backward factor of
 * a ReLU layer is n_out/n_in, and the product over the chain is first-in over last-out.
 */
export function telescopeLine(e: Experiment): LiveNumber | null {
  const layers = layerFacts(e, { scheme: 'he_normal' });
  if (layers.length < 2 || e.arch !== 'mlp') return null;
  const product = layers.reduce((p, l) => (p * l.info.fanOut) / l.info.fanIn, 1);
  const firstIn = layers[0].info.fanIn;
  const lastOut = layers[layers.length - 1].info.fanOut;
  return {
    text: `With fan_in mode in your ${layers.length}-kernel chain, the per-layer backward factors n_out/n_in multiply to ${lastOut}/${firstIn} = ${fmt(product)}: a constant set by the input and output sizes, not a power of the depth.`,
    values: { product, firstIn, lastOut },
  };
}
