/**
 * One-click replays of the field's known results. Each preset is a share-URL query (so it is
 * exactly reproducible and editable), a statement of what it should show, and the claim the
 * lab checks on the numbers the runs produce, on every seed. Every preset runs 3 seeds, so
 * its charts show seed bands and its claim cannot hang on one lucky draw. Sizes are chosen
 * to finish in seconds on a GPU and within a few minutes on a software renderer.
 *
 * Numbers in the statements that theory gives (q*, χ, growth per block) are checked against
 * the lab's own mean-field code in presets.test.ts; the measured ones by the claims.
 */
import { decodeExperiment, encodeExperiment } from '../experiment/url';
import type { SweepMetric } from '../state/sweep-results';
import { SWEEP_DEFINITIONS } from './sweep-presets';
import type { Experiment } from '../experiment/config';
import type { RunSeries } from '../state/run-series';
import { finalAccuracy } from '../state/outcome';
import {
  claimOf,
  depthStdRatio,
  divergedAtStep,
  firstOverLastGradNorm,
  perLayerStdFactor,
  stdsAtInit,
  type Check,
  type Claim,
} from './claims';

export interface Preset {
  id: string;
  title: string;
  /** What the experiment should show, and why, in one paragraph. */
  statement: string;
  query: string;
  /** What the claim checks, each on every seed of its variant. */
  checks: Check[];
  claim: Claim;
  /** A sweep preset: what its sweep panel compares first (its claim reads the same number). */
  sweepMetric?: { metric: SweepMetric; target: number };
}

const lastHiddenStdAtInit = (run: RunSeries) => stdsAtInit(run).at(-1) ?? Number.NaN;
/** Largest spread between units of the first hidden layer at the end: 0 = all units identical. */
const firstLayerSpread = (run: RunSeries) => run.evals.at(-1)?.unitSpread[0] ?? Number.NaN;
/** The largest gradient norm of any kernel at the first step (the gradient at init). */
const largestGradAtInit = (run: RunSeries) => Math.max(...run.gradNorms.map((g) => g[0] ?? Number.NaN));

const DEFINITIONS: Omit<Preset, 'claim'>[] = [
  {
    id: 'zeros-symmetry',
    title: 'Zeros cannot break symmetry',
    statement:
      'With every weight at zero, all units of a hidden layer compute the same function and receive the same gradient, so ' +
      'they stay identical forever (here they even stay at exactly zero: a ReLU of 0 passes no gradient). The network is ' +
      'then no better than its output bias: it gives every image the same logits, so it predicts one digit for all of them, ' +
      'and its accuracy is that digit’s share of the validation set, at most 11.3%. Both follow from the init alone, whatever the seed, so the page marks them as demonstrations. ' +
      'He init, same everything else, trains normally.',
    query: 'arch=mlp&depth=2&width=64&act=relu&init=zeros,he_normal&opt=momentum&lr=0.05&bs=32&steps=150&seeds=3&seed=1',
    checks: [
      {
        variant: 0,
        name: 'zeros: first-layer units differ by at most',
        measure: firstLayerSpread,
        want: 'below',
        bound: 1e-6,
        demonstration: true,
      },
      {
        variant: 0,
        name: 'zeros: final validation accuracy',
        measure: finalAccuracy,
        want: 'below',
        bound: 0.3,
        format: 'pct',
        demonstration: true,
      },
      { variant: 1, name: 'He: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.7, format: 'pct' },
    ],
  },
  {
    id: 'small-vs-large',
    title: 'Too small vs too large on a deep tanh MLP',
    statement:
      'In an 8-layer tanh MLP of width 128, σ = 0.01 makes each layer multiply the signal by about √128·0.01 ≈ 0.11, so the ' +
      'last layer’s activations are about 10⁻⁷ of the first’s. The backward signal shrinks by the same factor on its way ' +
      'to the input, and a weight’s gradient is the product of the two, so every layer gets the same, tiny gradient: the ' +
      'net cannot move. σ = 1 is the chaotic phase (Poole et al. 2016): the pre-activations settle at a variance q* ≈ 119, ' +
      'tanh saturates at ±1, and yet the gradients do not vanish. Each layer multiplies the backward variance by ' +
      'χ = n·σ²·E[tanh′(z)²] ≈ 6.2, so they explode toward the input, by about √6.2 ≈ 2.5 per layer: the first layer’s ' +
      'gradient is about a thousand times the output layer’s. Neither of the two learns. Xavier keeps both factors near 1 and trains.',
    query:
      'arch=mlp&depth=8&width=128&act=tanh&init=normal:std=0.01,normal:std=1,xavier_normal&opt=sgd&lr=0.05&bs=32&steps=150&seeds=3&seed=1',
    checks: [
      { variant: 0, name: 'σ=0.01: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 1e-3 },
      { variant: 0, name: 'σ=0.01: largest gradient norm of any layer at step 1', measure: largestGradAtInit, want: 'below', bound: 1e-4 },
      {
        variant: 0,
        name: 'σ=0.01: first-layer / output-layer gradient norm at step 1 (no growth toward the input)',
        measure: firstOverLastGradNorm,
        want: 'below',
        bound: 3,
      },
      { variant: 1, name: 'σ=1: last hidden std at init (saturated ≈ 1)', measure: lastHiddenStdAtInit, want: 'above', bound: 0.9 },
      {
        variant: 1,
        name: 'σ=1: first-layer / output-layer gradient norm at step 1 (explodes toward the input)',
        measure: firstOverLastGradNorm,
        want: 'above',
        bound: 10,
      },
      { variant: 0, name: 'σ=0.01: final validation accuracy', measure: finalAccuracy, want: 'below', bound: 0.5, format: 'pct' },
      { variant: 1, name: 'σ=1: final validation accuracy', measure: finalAccuracy, want: 'below', bound: 0.5, format: 'pct' },
      { variant: 2, name: 'Xavier: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.8, format: 'pct' },
    ],
  },
  {
    id: 'glorot-bengio-2010',
    title: 'Glorot & Bengio 2010: standard vs normalized init',
    statement:
      'The "standard" init of the time, U(±1/√n), has variance 1/(3n): each tanh layer multiplies the activation variance ' +
      'by about 1/3, so deeper layers see ever smaller signals (the paper’s Figure 6). Their "normalized" init, ' +
      'U(±√(6/(n_in+n_out))), has variance 2/(n_in+n_out) = 1/n for square layers: the last layer keeps about half the ' +
      'activation spread of the first (tanh still shrinks a little), where the standard init loses about 90% of it.',
    query: 'arch=mlp&depth=5&width=128&act=tanh&init=torch_default,xavier_uniform&opt=sgd&lr=0.05&bs=32&steps=150&seeds=3&seed=1',
    checks: [
      { variant: 0, name: 'standard: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 0.2 },
      { variant: 1, name: 'normalized: last/first hidden std at init', measure: depthStdRatio, want: 'above', bound: 0.3 },
      { variant: 1, name: 'normalized: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.8, format: 'pct' },
    ],
  },
  {
    id: 'he-2015',
    title: 'He et al. 2015: a 30-layer plain ReLU net',
    statement:
      'A ReLU zeroes half of its input, halving the second moment per layer. Xavier (variance 1/n for square layers) does ' +
      'not compensate, so each layer multiplies the activation std by 1/√2 ≈ 0.71 and after 30 layers the signal is ' +
      '2^-14.5 of its input: SGD (with momentum 0.9, as in the paper) cannot move it, and accuracy stays at chance. He init ' +
      'doubles the variance (2/n), which cancels the ReLU in expectation: averaged over draws of the weights the second ' +
      'moment stays the same at every depth. One draw of a 128-unit layer is not its average, though: each layer multiplies ' +
      'the second moment by a random factor whose log has a variance of about 5/128 (Hanin & Nica 2019), so after 30 layers ' +
      'one He net’s last/first std ratio lands anywhere from about 0.2 to 1.5, and the narrower the net, the wider that ' +
      'spread (at width 64, 0.14 to 1.4 over ten seeds). Per layer those fluctuations are small, ' +
      'so the claim is on the per-layer factor: about 1 for He on every seed, 0.71 for Xavier. The He net learns, ' +
      'if slowly: 30 plain layers are slow to train even from a good init.',
    query: 'arch=mlp&depth=30&width=128&act=relu&init=xavier_normal,he_normal&opt=momentum&lr=0.005&bs=64&steps=250&seeds=3&seed=1',
    checks: [
      {
        variant: 0,
        name: 'Xavier: per-layer std factor at init, (last/first)^(1/29)',
        measure: perLayerStdFactor,
        want: 'below',
        bound: 0.8,
      },
      { variant: 1, name: 'He: per-layer std factor at init, (last/first)^(1/29)', measure: perLayerStdFactor, want: 'above', bound: 0.9 },
      { variant: 0, name: 'Xavier: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 1e-3 },
      {
        variant: 0,
        name: 'Xavier: final validation accuracy (chance ≈ 11%)',
        measure: finalAccuracy,
        want: 'below',
        bound: 0.15,
        format: 'pct',
      },
      {
        variant: 1,
        name: 'He: final validation accuracy (3× chance or more)',
        measure: finalAccuracy,
        want: 'above',
        bound: 0.35,
        format: 'pct',
      },
    ],
  },
  {
    id: 'bn-rescue',
    title: 'Batch norm rescues a badly scaled init',
    statement:
      'With σ = 0.01 a 6-layer ReLU MLP of width 128 passes on only 0.01·√(128/2) = 0.08 of its signal per layer: at init its ' +
      'last layer’s activations are about 3·10⁻⁶ of the first’s, and it does not learn with SGD. Batch norm before each ' +
      'activation re-standardises every layer’s pre-activations over the batch, so the scale of the weights no longer ' +
      'decides the scale of the signal (Ioffe & Szegedy 2015): measured as the first training step computes it, with batch ' +
      'statistics, every layer of the same badly scaled net has the same activation std, and it trains.',
    query: 'arch=mlp&depth=6&width=128&act=relu&init=normal:std=0.01&bn=none,before&opt=sgd&lr=0.05&bs=32&steps=150&seeds=3&seed=1',
    checks: [
      { variant: 0, name: 'no BN: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 1e-3 },
      { variant: 1, name: 'BN: last/first hidden std at init (batch statistics)', measure: depthStdRatio, want: 'above', bound: 0.5 },
      { variant: 0, name: 'no BN: final validation accuracy', measure: finalAccuracy, want: 'below', bound: 0.3, format: 'pct' },
      { variant: 1, name: 'BN: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.75, format: 'pct' },
    ],
  },
  {
    id: 'zero-init-residual',
    title: 'Zero-init residual branches train a deep net without normalization',
    statement:
      'In a residual net without normalization each block adds a He-scaled branch to its input and passes the sum through a ' +
      'ReLU. By the lab’s mean-field theory that multiplies the trunk’s variance by about 2.4 per block (not exactly 2: the ' +
      'ReLU’s output, which the next block adds to, is not Gaussian), so 16 blocks multiply its std by about 980; one draw ' +
      'at width 64 lands up to a few times lower. Logits that large make the first SGD step overshoot, and these runs ' +
      'reach NaN within a few steps. Starting the last layer of every branch at zero (Goyal et al. 2017; Fixup; SkipInit) makes every ' +
      'block the identity at init, so the trunk keeps its scale exactly (a demonstration: it holds by construction), and ' +
      'the deep net trains like a shallow one that grows its branches as it learns.',
    query: 'arch=resmlp&depth=16&width=64&act=relu&init=he_normal&zero=none,kernel&opt=sgd&lr=0.05&bs=32&steps=150&seeds=3&seed=1',
    checks: [
      { variant: 0, name: 'no zero-init: last/first hidden std at init', measure: depthStdRatio, want: 'above', bound: 50 },
      {
        variant: 1,
        name: 'zero-init: last/first hidden std at init',
        measure: depthStdRatio,
        want: 'below',
        bound: 1.001,
        demonstration: true,
      },
      { variant: 0, name: 'no zero-init: step at which it diverged', measure: divergedAtStep, want: 'below', bound: 10, format: 'step' },
      {
        variant: 0,
        name: 'no zero-init: final validation accuracy (a diverged run counts as 0)',
        measure: finalAccuracy,
        want: 'below',
        bound: 0.3,
        format: 'pct',
      },
      { variant: 1, name: 'zero-init: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.75, format: 'pct' },
    ],
  },
];

export const PRESETS: Preset[] = [...DEFINITIONS, ...SWEEP_DEFINITIONS].map((d) => ({ ...d, claim: claimOf(d.checks) }));

/**
 * The experiment with its seeds set aside: a preset's claim holds on every seed, so the
 * same config with more seeds, or other ones, is still that preset and its claim is checked.
 */
function withoutSeeds(e: Experiment): string {
  return encodeExperiment({ ...e, seeds: 1, seed: 1 });
}

const PRESET_KEYS = new Map(PRESETS.map((p) => [withoutSeeds(decodeExperiment(p.query).experiment), p]));

/** The preset whose experiment this is, up to its seeds (count and base), if any. */
export function presetOf(e: Experiment): Preset | null {
  return PRESET_KEYS.get(withoutSeeds(e)) ?? null;
}
