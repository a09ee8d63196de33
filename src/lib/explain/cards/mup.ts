/** μP: why the best learning rate moves with width under SP, and what μP rescales so it does not. */
import { describeInit } from '../../engine/init/describe';
import { mupScales, mupWidth } from '../../engine/mup';
import { isConv } from '../../experiment/config';
import { kernelShapes } from '../../experiment/shapes';
import type { ExplainContext } from '../context';
import { fmt } from '../format';
import { tex, type Card, type LiveNumber } from '../types';

const ROLE_WORDS = { input: 'input layer', hidden: 'hidden layer', output: 'output layer' } as const;

/** Per kernel of the config's first init: its init std and its lr under SP and under μP. */
function layerLines(ctx: ExplainContext): LiveNumber[] {
  const e = ctx.experiment;
  const shapes = kernelShapes(e);
  const s = mupScales(e, 'mup', shapes.length);
  const init = e.init[0];
  const unit = isConv(e.arch) ? 'channels' : 'width';
  const head: LiveNumber = {
    text: `${unit} ${mupWidth(e)}, base ${e.base}: r = ${fmt(mupWidth(e))}/${fmt(e.base)} = ${fmt(s.ratio)}; ${e.opt} at lr ${fmt(e.lr)}. Biases${e.bn.some((b) => b !== 'none') ? ', BN γ and β' : ''}${e.zero.includes('alpha') ? ' and α' : ''} train at lr ${fmt(e.lr * s.vector)} under μP (SP ${fmt(e.lr)}).`,
    values: { width: mupWidth(e), base: e.base, ratio: s.ratio, vectorLr: e.lr * s.vector },
  };
  const lines = shapes.map(({ label, shape }, i): LiveNumber => {
    const k = s.kernels[i];
    const std = describeInit(init, shape, { act: e.act, slope: e.slope, gain: e.gain }).std;
    const [muStd, muLr] = [std * k.init, e.lr * k.lr];
    const stdText = k.init === 1 ? `init std ${fmt(std)} as SP` : `init std ${fmt(std)} → ${fmt(muStd)}`;
    const lrText = k.lr === 1 ? `lr ${fmt(e.lr)} as SP` : `lr ${fmt(e.lr)} → ${fmt(muLr)}`;
    return {
      text: `${label} (${ROLE_WORDS[k.role]}, ${shape.join('×')}, ${init.scheme}): ${stdText}; ${lrText}.`,
      layers: [label],
      values: { spStd: std, mupStd: muStd, spLr: e.lr, mupLr: muLr },
    };
  });
  return [head, ...lines];
}

export const mupCard: Card = {
  id: 'mup',
  title: 'Why does the best learning rate shift as a net gets wider, and what does μP change?',
  difficulty: 'hard',
  short: () =>
    'Under the standard parametrization an update to a layer with n inputs changes each of its outputs by about lr × n, because after a step or two the update is aligned with the inputs and its n terms add up instead of cancelling; so the wider the net, the more one step moves the logits, and the best learning rate falls with width. μP (Yang et al., Tensor Programs V) rescales the output layer’s init and each layer’s learning rate by r = width / base so that every layer moves by the same amount per coordinate at every width; an lr tuned on a narrow net then carries over to a wide one.',
  reasoning: () => [
    [
      'Take an output unit z = Σᵢ wᵢ hᵢ over n inputs of size about 1. At init the wᵢ have random signs, so z is a sum of n random terms: about √n · std(w), which He or Xavier make about 1. An update is not random: the gradient of z with respect to wᵢ is hᵢ itself, so the change Δw lines up with h and ',
      tex(
        '\\Delta z=\\sum_{i=1}^{n}\\Delta w_i\\,h_i\\approx n\\,\\eta',
        'delta z equals the sum over n inputs of delta w i times h i, about n times eta',
      ),
      ' with Adam (every |Δwᵢ| ≈ η), a sum of n terms of one sign. With SGD Δwᵢ = η·g·hᵢ gives Δz = η·g·Σhᵢ², also growing like n.',
    ],
    [
      'So under SP one step moves a hidden layer’s output and the logits by an amount that grows with width: a width-2048 net at the lr that suits width 64 blows up, and its best lr is smaller. μP fixes each layer’s size of update per coordinate at Θ(1) (features still learn at infinite width, unlike the NTK limit where they freeze) and keeps the logits Θ(1) at init:',
    ],
    [
      'With Adam: hidden kernels train at lr/r (their n = width grows), the output kernel at lr/r with its init std divided by √r (variance ÷ r, so the initial logits shrink as the net widens and the learned part dominates), the input kernel and every bias, BN γ/β and α as SP (their fan-in does not grow). With SGD or momentum: input kernel and biases at lr·r (their gradient shrinks like 1/width), hidden kernels as SP, the output kernel at lr/r with std ÷ √r. At width = base every factor is 1: μP is SP there.',
    ],
    [
      'The coordinate check (Tensor Programs V, Fig. 1) is how you tell: train a few steps at widths 64…2048 and plot how far each layer moved per coordinate. Under SP the logits’ line climbs; under μP the lines are flat. The lab’s view “μP coordinate check” draws it for this config, and a run with param=sp,mup trains both side by side.',
    ],
  ],
  formula: tex(
    '\\eta_{\\text{hidden}}^{\\text{Adam}}=\\frac{\\eta}{r},\\quad \\sigma_{\\text{out}}=\\frac{\\sigma_{\\text{SP}}}{\\sqrt r},\\quad \\eta_{\\text{out}}=\\frac{\\eta}{r},\\quad r=\\frac{\\text{width}}{\\text{base}}',
    'with Adam the hidden learning rate is eta over r; the output init std is the SP std over root r; the output learning rate is eta over r; r is width over base',
  ),
  live: layerLines,
  demo: {
    label: 'SP against μP on a 1024-wide MLP with Adam at lr 0.01',
    query: 'arch=mlp&depth=3&width=1024&init=he_normal&param=sp,mup&base=64&opt=adam&lr=0.01&steps=300',
  },
};
