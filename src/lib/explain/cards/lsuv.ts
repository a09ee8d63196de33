/** LSUV: a measured scale per layer instead of a derived one. */
import { LSUV_MAX_ITERATIONS, LSUV_TOLERANCE } from '../../engine/init/lsuv';
import { LSUV_BATCH } from '../../engine/init/lsuv-batch';
import type { ExplainContext, RunObservation } from '../context';
import { fmt } from '../format';
import { tex, type Card, type LiveNumber } from '../types';
import { initLines } from './live-helpers';

/** One run's scales, compactly: the first layer, the range of the middle ones, the head. */
function scalesLine(run: RunObservation, lsuv: NonNullable<RunObservation['lsuv']>): LiveNumber {
  const first = lsuv[0];
  const last = lsuv[lsuv.length - 1];
  const middle = lsuv.slice(1, -1);
  const lo = Math.min(...middle.map((l) => l.scale));
  const hi = Math.max(...middle.map((l) => l.scale));
  const range = middle.length
    ? `, ${middle[0].layer}–${middle[middle.length - 1].layer} ×${fmt(lo)}${hi > lo ? ` to ×${fmt(hi)}` : ''}`
    : '';
  const divisions = [...new Set(lsuv.map((l) => l.iterations))].sort((a, b) => a - b).join(' or ');
  return {
    text: `${run.label}: LSUV multiplied ${first.layer} by ${fmt(first.scale)}${range}, and ${last.layer} by ${fmt(last.scale)}; ${divisions} division(s) per layer.`,
    variant: run.variant,
    layers: lsuv.map((l) => l.layer),
    values: { first: first.scale, middleMin: lo, middleMax: hi, head: last.scale },
  };
}

function live(ctx: ExplainContext): LiveNumber[] {
  const e = ctx.experiment;
  const measured = ctx.runs.flatMap((r) => (r.lsuv?.length ? [scalesLine(r, r.lsuv)] : []));
  if (measured.length) return measured;
  return e.init.flatMap((choice, i) =>
    choice.scheme === 'lsuv'
      ? [
          ...initLines(e, choice, i),
          {
            text: `The scales are measured when a run starts, on ${LSUV_BATCH} training digits, and listed in the run’s notes and its layer table.`,
            init: i,
          },
        ]
      : [],
  );
}

export const lsuvCard: Card = {
  id: 'lsuv',
  title: 'What does LSUV do, and what can a measured scale fix that the fan formulas cannot?',
  difficulty: 'medium',
  short: () =>
    `LSUV (Mishkin & Matas 2016) draws every kernel orthonormal, then goes from the first layer to the output layer and divides each kernel by the standard deviation its linear output has on one batch of real training data, so that every layer starts with variance 1 on that batch. It replaces a derivation (√2 for ReLU, 5/3 for tanh, 1/n_in for white inputs) with a measurement, which holds for any activation and any input correlations, at the price of a forward pass through data before training.`,
  reasoning: () => [
    [
      'The fan formulas predict the next layer’s variance from this one’s, ',
      tex(
        '\\operatorname{Var}[z_{l+1}] = n\\,\\sigma_w^2\\,\\mathbb{E}[\\varphi(z_l)^2]',
        'var of z l plus 1 equals n sigma w squared times E of phi of z l squared',
      ),
      ', and need two assumptions to turn that into a σ_w: that the inputs’ coordinates are independent (so the variances add), and that E[φ(z)²] is a fixed multiple of Var[z] (a gain). ReLU meets the second exactly (a half); tanh does not, its ratio falls as the variance grows, so no single gain holds the variance at every depth. MNIST breaks the first: neighbouring pixels are strongly correlated, so what the first layer does depends on how its kernel lines up with the digits, not just on 784.',
    ],
    [
      'LSUV asks the data instead: with every earlier layer already fixed, it measures Var over the batch (all examples and units together) of ',
      tex('z_l = h_{l-1}W_l + b_l', 'z l equals h l minus 1 times W l plus b l'),
      ' and sets W_l to W_l/√Var. Whatever the activation did to h_{l−1}, its mean shift included, is in that number. The paper repeats measure-and-divide until |Var − 1| < 0.1, at most 10 times. A dense layer’s output is linear in its kernel, so one division already gives variance 1 up to rounding: the lab asks for ' +
        `|Var − 1| < ${LSUV_TOLERANCE} (at most ${LSUV_MAX_ITERATIONS} divisions) and reports the count, which is 1.`,
    ],
    [
      `What it costs and what it does not do. One forward pass per layer over the batch before training (the lab uses ${LSUV_BATCH} training digits, in plain JS); the init now depends on data, so the PyTorch script cannot redraw it and must load the lab’s weights. It fixes the forward variance at init on the digits it saw; on other digits it holds only as well as the batch represents them (the lab measures within a few percent on its validation probe). It sets no rule for the backward pass or for the spread of the Jacobian’s singular values, and nothing stops the scales drifting once training starts. In this lab it is offered for dense MLPs only.`,
    ],
  ],
  formula: tex(
    'W_l \\leftarrow \\frac{W_l}{\\sqrt{\\operatorname{Var}_{\\text{batch}}[h_{l-1}W_l + b_l]}},\\quad l = 1, \\dots, L',
    'W l becomes W l divided by the square root of the batch variance of h l minus 1 times W l plus b l, for l from 1 to L',
  ),
  live,
  demo: {
    label: 'orthogonal against orthogonal + LSUV, 20-layer tanh MLP',
    query: 'arch=mlp&depth=20&width=256&act=tanh&bias=0&init=orthogonal,lsuv&opt=sgd&lr=0.01&steps=200',
  },
};
