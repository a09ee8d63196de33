/** What shows up once training runs: dead ReLUs, and why seeds are fixed. */
import { initLabel } from '../../experiment/plan';
import { deriveSeed } from '../../random/prng';
import type { InitChoice } from '../../experiment/config';
import { ACT_NAMES } from '../activation-math';
import { offUnitWord } from '../../engine/unit-activity';
import { percent } from '../../percent';
import { fmt } from '../format';
import { normalCdf } from '../../engine/signal/gauss';
import { layerFacts } from '../layers';
import { firstLayerStd } from '../signal';
import { tex, type Card, type LiveNumber } from '../types';

export const deadReluCard: Card = {
  id: 'dead-relu',
  title: 'What are dead ReLUs, and does leaky ReLU fix them?',
  difficulty: 'medium',
  short: () =>
    'A ReLU unit is dead when its pre-activation is negative for every input: its output and its slope are then 0 everywhere, no gradient reaches its weights or bias, and gradient descent cannot bring it back. The usual cause is a large update (a high learning rate) or a strongly negative bias, less often the init itself. Leaky ReLU keeps a slope a on the negative side, so a silent unit still gets a fraction a of its gradient and can recover; ELU, SELU and GELU have non-zero negative-side slopes too.',
  reasoning: () => [
    [
      'The gradient of unit j’s incoming weights is ',
      tex(
        '\\nabla_{w_j}L=\\sum_x\\delta_j(x)\\,\\mathbf 1[w_j^{\\top}x+b_j>0]\\,x',
        'the gradient for w j is the sum over inputs of delta j times the indicator that w j dot x plus b j is positive, times x',
      ),
      '. If the indicator is 0 for every x in the data, every term vanishes, and the same holds for b_j. Nothing inside the unit can change that; only changes in the layers below, which move its inputs, can revive it.',
    ],
    [
      'At a He init with zero biases each unit fires on about half the inputs, so dead units at init are rare in wide layers. Deep, narrow ReLU nets are the exception: Lu et al. (2019) proved that as depth grows with the width fixed, the probability that the net is born dead (constant output) goes to 1. During training, units die when one step moves w_j or b_j so far that w_jᵀx + b_j < 0 across the whole dataset: large learning rates, Adam’s early large steps, or a negative bias do it.',
    ],
    [
      'Remedies: a lower learning rate or a warm-up; batch norm before the ReLU, which re-centres each unit’s pre-activation on every batch; a He-scaled init; or an activation with a negative-side slope. Leaky ReLU with slope a changes He’s gain to √(2/(1+a²)); PReLU, introduced in the same paper as He init, learns a. A small positive bias helps little (see the bias card).',
    ],
    [
      'Measuring: a unit that outputs 0 for every example of a batch looks dead on that batch, but may fire on inputs the batch lacks, so a per-batch count is an upper bound on units dead over the whole dataset.',
    ],
  ],
  formula: tex(
    'w_j^{\\top}x+b_j\\le0\\ \\ \\forall x\\ \\Rightarrow\\ \\nabla_{w_j}L=0,\\ \\ \\nabla_{b_j}L=0',
    'if w j dot x plus b j is at most 0 for every input, the gradients for w j and b j are 0',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const lines: LiveNumber[] = [];
    for (const run of ctx.runs) {
      const off = run.inactiveFraction;
      if (!off?.length) continue;
      const parts = off.map((f, k) => `${run.hiddenLabels?.[k] ?? `L${k + 1}`} ${percent(f, 1, { trim: true })}`).join(', ');
      const what =
        offUnitWord(e.act) === 'dead'
          ? 'dead units'
          : 'inactive units (≤ 0 on every probe example, but not dead: they still get a gradient)';
      lines.push({ text: `Measured in run ${run.label}: ${what} ${parts}.`, variant: run.variant, values: { worst: Math.max(...off) } });
    }
    if (e.act === 'leaky_relu') {
      lines.push({
        text: `Your leaky ReLU passes slope ${fmt(e.slope)} on the negative side; He’s gain becomes √(2/(1+${fmt(e.slope)}²)) = ${fmt(Math.sqrt(2 / (1 + e.slope * e.slope)), 5)}.`,
      });
    } else if (e.act === 'relu' && !e.bn.every((b) => b === 'before')) {
      e.init.forEach((choice, i) => {
        const sd = firstLayerStd(e, choice);
        if (sd === null || !(sd > 0) || !Number.isFinite(sd)) return;
        lines.push({
          text: `${initLabel(choice)}: at init an L1 unit is positive on ${percent(normalCdf(e.bias / sd), 1, { trim: true })} of inputs (bias ${fmt(e.bias)}, pre-activation std ${fmt(sd)}).`,
          init: i,
          layers: ['L1'],
        });
      });
    } else if (e.act !== 'relu') {
      lines.push({ text: `${ACT_NAMES[e.act]} has a non-zero slope for negative inputs, so its units cannot die in the ReLU sense.` });
    }
    return lines;
  },
  demo: {
    label: 'ReLU with bias −1: many units start silent',
    query: 'arch=mlp&depth=4&width=256&act=relu&init=he_normal,xavier_normal&bias=-1&opt=sgd&lr=0.05&steps=300',
  },
};

/** Normal and uniform draws of the same seed are the same numbers times the scheme's σ or bound. */
const FAMILY: Partial<Record<InitChoice['scheme'], string>> = {
  normal: 'normal',
  xavier_normal: 'normal',
  he_normal: 'normal',
  lecun_normal: 'normal',
  uniform: 'uniform',
  xavier_uniform: 'uniform',
  he_uniform: 'uniform',
  lecun_uniform: 'uniform',
  torch_default: 'uniform',
};

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

export const seedsCard: Card = {
  id: 'seeds',
  title: 'Why fix a random seed, and what does it not fix?',
  difficulty: 'easy',
  short: () =>
    'A seed makes the random draws repeatable: the same seed gives bit-identical initial weights and batch order, so a run can be reproduced exactly and two inits can be compared on the same footing. It does not make one run representative: another seed is another sample of the init and can give another outcome, so a claim needs several seeds and their spread.',
  reasoning: () => [
    [
      'In this lab a run’s init seed is seed + repeat, the same for every variant, and each layer draws from its own stream, ',
      tex('s_l=\\mathrm{hash}(s_{run},\\text{"layer"},l)', 's l is a hash of the run seed, the word layer, and l'),
      '. Separate streams matter: one seed reused for every layer gives same-shaped layers identical kernels, which is what TF.js’s initializers do with a fixed seed. Batch order comes from the experiment seed, so all runs of an experiment see the same batches.',
    ],
    [
      'Equal seeds across variants are deliberate (common random numbers): he_normal and xavier_normal of the same repeat draw the same standard-normal numbers and differ only by their σ, so a difference in outcome comes from the scheme, not from luck in the draw.',
    ],
    [
      'Two reproducibility traps. TF.js treats seed 0 as “no seed” and draws differently each time; the lab’s own generator accepts 0 like any other seed. And JavaScript’s Math.log and Math.cos, used by the normal sampler, are not required to be correctly rounded, so another browser engine can differ in the last bit of a rare value; training on a GPU can also sum in a different order on different hardware. Bit-identical results are a promise for the same engine and device, not across all of them.',
    ],
    [
      'What to report: the mean and spread over several seeds (seeds=3 to 5 here). Seeds measure the variance due to the init and the batch order; they do not measure the variance due to the choice of data split.',
    ],
  ],
  formula: tex(
    's_l=\\mathrm{hash}(s_{run},\\ \\text{layer},\\ l),\\qquad s_{run}=\\text{seed}+\\text{repeat}',
    'the layer seed is a hash of the run seed, the word layer and the layer index; the run seed is seed plus repeat',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const last = e.seed + e.seeds - 1;
    const lines: LiveNumber[] = [
      {
        text: `Your runs use init seed${e.seeds > 1 ? `s ${e.seed}–${last}` : ` ${e.seed}`} and batch-order seed ${e.seed}. Repeat 0 draws L1 from stream ${hex(deriveSeed(e.seed, 'layer', 0))} and L2 from ${hex(deriveSeed(e.seed, 'layer', 1))}.`,
        values: { first: e.seed, last },
      },
    ];
    if (e.seed === 0) lines.push({ text: 'Seed 0 is a real seed here; passed to TF.js, 0 would mean “unseeded”.' });
    for (let a = 0; a < e.init.length; a++) {
      for (let b = a + 1; b < e.init.length; b++) {
        const fa = FAMILY[e.init[a].scheme];
        if (!fa || fa !== FAMILY[e.init[b].scheme]) continue;
        const la = layerFacts(e, e.init[a])[0];
        const lb = layerFacts(e, e.init[b])[0];
        if (!la || !lb || !(lb.info.std > 0)) continue;
        lines.push({
          text: `${initLabel(e.init[a])} and ${initLabel(e.init[b])} of the same repeat are the same ${fa} draws scaled differently: on ${la.label} one is ${fmt(la.info.std / lb.info.std)}× the other, entry by entry.`,
          values: { ratio: la.info.std / lb.info.std },
        });
        return lines;
      }
    }
    return lines;
  },
  demo: {
    label: 'He against Xavier over 3 seeds',
    query: 'arch=mlp&depth=2&width=256&act=relu&init=he_normal,xavier_normal&seeds=3&seed=7&opt=adam&lr=0.001&steps=300',
  },
};
