/**
 * Which cards to bring forward for what is on screen, and why. Pure: config and
 * measurements in, an ordered list of (card, reason) out.
 *
 * Order: what the runs measured comes before what the config merely implies. A divergence
 * or a collapsed signal is the thing a person is looking at and wants explained; the
 * scheme cards are background. Within each tier, triggers keep a fixed order. A card
 * fired twice keeps its first place and gathers both reasons.
 */
import { isConv, isResidual, type Experiment, type SchemeId } from '../experiment/config';
import { initLabel } from '../experiment/plan';
import { hasInactiveUnits, offUnitWord } from '../engine/unit-activity';
import { ACT_NAMES, homogeneousRatio } from './activation-math';
import { isCardId } from './cards';
import type { ExplainContext } from './context';
import { percent } from '../percent';
import { fmt } from './format';
import type { CardId } from './types';

/** A hidden layer with more than this fraction of dead (ReLU) or inactive units brings the dead-ReLU card. */
export const DEAD_FRACTION_THRESHOLD = 0.25;
/** Last-over-first activation std at init below this counts as a vanishing signal. */
export const VANISHING_RATIO = 0.01;
/** Last-over-first activation std at init above this counts as an exploding signal. */
export const EXPLODING_RATIO = 100;

export interface RankedCard {
  cardId: CardId;
  reason: string;
}

const SCHEME_CARD: Record<SchemeId, CardId> = {
  zeros: 'symmetry',
  constant: 'symmetry',
  normal: 'scale',
  uniform: 'scale',
  xavier_uniform: 'xavier',
  xavier_normal: 'xavier',
  he_uniform: 'he',
  he_normal: 'he',
  lecun_uniform: 'lecun',
  lecun_normal: 'lecun',
  orthogonal: 'orthogonal',
  torch_default: 'torch-default',
  lsuv: 'lsuv',
};

/**
 * Presets are named by other parts of the lab; a preset id that is a card id maps to it,
 * otherwise the first keyword found in the id decides, and failing that the card of the
 * experiment's first scheme.
 */
const PRESET_KEYWORDS: readonly [RegExp, CardId][] = [
  [/resid|resnet|rezero|skipinit|fixup|zero.?(gamma|alpha|branch)|gamma/, 'residual'],
  [/symmetr|zeros|all.?zero|constant/, 'symmetry'],
  [/dead|leaky/, 'dead-relu'],
  [/batch.?norm|\bbn\b/, 'batchnorm'],
  [/trunc/, 'truncated'],
  [/torch|pytorch/, 'torch-default'],
  [/ortho|isometr/, 'orthogonal'],
  [/selu|lecun/, 'lecun'],
  [/xavier|glorot|tanh|sigmoid/, 'xavier'],
  [/\bhe\b|he[-_]|kaiming|relu/, 'he'],
  [/seed/, 'seeds'],
  [/gain/, 'gains'],
  [/conv|cnn/, 'conv-fans'],
  [/bias/, 'bias'],
  [/explod|vanish|large|small|depth|deep|scale|std/, 'scale'],
];

export function presetCard(presetId: string, e: Experiment): CardId {
  const id = presetId.toLowerCase();
  if (isCardId(id)) return id;
  for (const [pattern, card] of PRESET_KEYWORDS) if (pattern.test(id)) return card;
  return e.init.length ? SCHEME_CARD[e.init[0].scheme] : 'default';
}

class Ranking {
  #order: CardId[] = [];
  #reasons = new Map<CardId, string[]>();

  add(cardId: CardId, reason: string): void {
    const reasons = this.#reasons.get(cardId);
    if (reasons) {
      if (!reasons.includes(reason)) reasons.push(reason);
    } else {
      this.#order.push(cardId);
      this.#reasons.set(cardId, [reason]);
    }
  }

  result(): RankedCard[] {
    return this.#order.map((cardId) => ({ cardId, reason: (this.#reasons.get(cardId) ?? []).join(' ') }));
  }
}

function measured(ctx: ExplainContext, r: Ranking): void {
  const e = ctx.experiment;
  for (const run of ctx.runs) {
    const claim = run.presetClaim;
    if (claim) {
      const verdict = claim.holds ? 'held' : 'failed';
      const text = claim.detail.trim();
      // Reasons are joined into one paragraph, so each must end as a sentence.
      const detail = text ? `: ${text}${/[.!?]$/.test(text) ? '' : '.'}` : '.';
      r.add(presetCard(claim.presetId, e), `Preset “${claim.presetId}” claim ${verdict}${detail}`);
    }
  }
  for (const run of ctx.runs) {
    if (run.status === 'diverged' || run.divergedAt !== undefined) {
      const at = run.divergedAt !== undefined ? ` at step ${run.divergedAt}` : '';
      r.add('scale', `Run ${run.label} diverged${at}.`);
    }
  }
  for (const run of ctx.runs) {
    for (const row of run.identicalRows ?? []) {
      if (row.identical) r.add('symmetry', `In run ${run.label}, layer ${row.layer}’s rows are identical.`);
    }
  }
  for (const run of ctx.runs) {
    const s = run.activationStdAtInit;
    if (!s || s.length < 2 || !(s[0] > 0)) continue;
    const last = s[s.length - 1];
    const ratio = last / s[0];
    const mode = run.bnStatsAtInit === 'batch' ? ' (batch norm on its batch statistics)' : '';
    const numbers = `activation std at init${mode} went from ${fmt(s[0])} in the first hidden layer to ${fmt(last)} in the last (×${fmt(ratio)})`;
    if (ratio < VANISHING_RATIO) r.add('scale', `In run ${run.label} the ${numbers}: the signal vanishes.`);
    else if (!(ratio <= EXPLODING_RATIO)) r.add('scale', `In run ${run.label} the ${numbers}: the signal explodes.`);
  }
  if (hasInactiveUnits(e.act)) {
    for (const run of ctx.runs) {
      const off = run.inactiveFraction ?? [];
      let worst = -1;
      off.forEach((f, k) => {
        if (f > DEAD_FRACTION_THRESHOLD && (worst < 0 || f > off[worst])) worst = k;
      });
      if (worst < 0) continue;
      const layer = run.hiddenLabels?.[worst] ?? `L${worst + 1}`;
      const share = `In run ${run.label}, ${percent(off[worst], 1, { trim: true })} of layer ${layer}’s units`;
      if (offUnitWord(e.act) === 'dead') r.add('dead-relu', `${share} are dead.`);
      else
        r.add(
          'dead-relu',
          `${share} are ≤ 0 on every probe example: inactive, not dead, since ${ACT_NAMES[e.act]} still passes a gradient below 0.`,
        );
    }
  }
  for (const sp of ctx.spectrum ?? []) {
    r.add(
      'isometry',
      `The spectrum view measured ${sp.label}: singular values of the hidden layers’ Jacobian from ${fmt(sp.smallest)} to ${fmt(sp.largest)}.`,
    );
  }
  for (const c of ctx.chaos ?? []) {
    const where =
      c.phase === 'unbounded'
        ? 'past the edge with no fixed point'
        : Number.isFinite(c.depthScale)
          ? `${c.phase}, depth scale ${fmt(c.depthScale)} layers`
          : 'on the edge of chaos';
    r.add('chaos', `The edge-of-chaos view places ${c.label} at σ_w² = ${fmt(c.sw2)}, σ_b² = ${fmt(c.sb2)}: ${where}.`);
  }
  // Last among measurements: the main runs are what the charts beside the panel show.
  const t = ctx.transferDemo;
  if (t) {
    r.add(
      'pretrained',
      `The transfer demo finished: on digits 5–9, ${percent(t.transfer.accuracy, 1)} from the 0–4 model vs ${percent(t.scratch.accuracy, 1)} from scratch.`,
    );
  }
}

function configured(e: Experiment, r: Ranking): void {
  e.init.forEach((choice) => {
    const card = SCHEME_CARD[choice.scheme];
    let reason = `You chose ${initLabel(choice)}.`;
    // ReLU keeps E[f(z)²] = ½·Var(z), leaky ReLU (1+a²)/2 of it: gain 1 leaves the rest unpaid.
    const kept = homogeneousRatio(e.act, e.slope);
    if (card === 'xavier' && kept !== null && kept < 1 && choice.gain === undefined && e.gain === 'auto') {
      const share = kept === 0.5 ? 'half' : `${fmt(kept)}×`;
      reason = `You chose ${initLabel(choice)} with ${ACT_NAMES[e.act]}: gain 1 gives ${share} the variance ${ACT_NAMES[e.act]} needs.`;
    }
    r.add(card, reason);
  });
  if (e.act === 'selu' && !e.init.some((c) => c.scheme.startsWith('lecun'))) {
    r.add('lecun', 'SELU self-normalizes only with LeCun’s variance 1/n_in.');
  }
  if (e.bn.some((b) => b !== 'none')) {
    const compared = e.bn.includes('none') ? 'You compare with and without batch norm' : 'Batch norm is on';
    r.add('batchnorm', `${compared} (bn=${e.bn.join(',')}).`);
  }
  const zeroModes = e.zero.filter((z) => z !== 'none');
  if (zeroModes.includes('kernel') && e.bn.some((b) => b !== 'none') && isResidual(e.arch)) {
    r.add(
      'residual',
      'zero=kernel with batch norm: BN rescales the zeroed kernel’s output to unit variance once it moves, so each branch is fully on after one step; zero=gamma keeps it off.',
    );
  }
  if (zeroModes.includes('both')) {
    r.add('residual', 'zero=both zeroes each branch’s last kernel and its γ: neither can ever get a gradient, so the branches stay off.');
  }
  if (zeroModes.length || isResidual(e.arch)) {
    r.add(
      'residual',
      zeroModes.length ? `Residual zero-init is on (zero=${e.zero.join(',')}).` : `You chose a residual net (arch=${e.arch}).`,
    );
  }
  if (e.bias !== 0) r.add('bias', `Biases start at ${fmt(e.bias)}.`);
  if (e.gain !== 'auto' || e.init.some((c) => c.gain !== undefined)) {
    r.add(
      'gains',
      e.gain !== 'auto' ? `You set gain=${typeof e.gain === 'number' ? fmt(e.gain) : e.gain}.` : 'A variant sets its own gain.',
    );
  }
  if (isConv(e.arch)) r.add('conv-fans', 'Your layers are convolutions.');
  if (e.param.includes('mup')) {
    const compared = e.param.includes('sp') ? 'You compare SP with μP' : 'μP is on';
    r.add('mup', `${compared} (param=${e.param.join(',')}, base ${e.base}).`);
  }
  if (e.seeds > 1) r.add('seeds', `Each variant runs with ${e.seeds} seeds.`);
}

export function rankCards(ctx: ExplainContext): RankedCard[] {
  const r = new Ranking();
  measured(ctx, r);
  configured(ctx.experiment, r);
  return r.result();
}
