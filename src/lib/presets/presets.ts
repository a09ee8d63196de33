/**
 * One-click replays of the field's known results. Each preset is a share-URL query (so it is
 * exactly reproducible and editable), a statement of what it should show, and the claim the
 * lab checks on the numbers the runs produce. Sizes are chosen to finish in seconds on a GPU
 * and within about a minute on a software renderer.
 */
import { claimOf, depthStdRatio, finalAccuracy, type Claim } from './claims';
import type { RunSeries } from '../state/run-series';

export interface Preset {
  id: string;
  title: string;
  /** What the experiment should show, and why, in one paragraph. */
  statement: string;
  query: string;
  claim: Claim;
}

const lastHiddenStdAtInit = (run: RunSeries) => run.evals[0]?.activations.at(-1)?.std ?? Number.NaN;
/** Largest spread between units of the first hidden layer at the end: 0 = all units identical. */
const firstLayerSpread = (run: RunSeries) => run.evals.at(-1)?.unitSpread[0] ?? Number.NaN;

export const PRESETS: Preset[] = [
  {
    id: 'zeros-symmetry',
    title: 'Zeros cannot break symmetry',
    statement:
      'With every weight at zero, all units of a hidden layer compute the same function and receive the same gradient, so ' +
      'they stay identical forever (here they even stay at exactly zero: a ReLU of 0 passes no gradient). The network is ' +
      'then no better than its output bias, which learns the class frequencies: accuracy stays near chance. He init, ' +
      'same everything else, trains normally.',
    query: 'arch=mlp&depth=2&width=64&act=relu&init=zeros,he_normal&opt=momentum&lr=0.05&bs=32&steps=100&seeds=2&seed=1',
    claim: claimOf([
      { variant: 0, name: 'zeros: first-layer units differ by at most', measure: firstLayerSpread, want: 'below', bound: 1e-6 },
      { variant: 0, name: 'zeros: final validation accuracy', measure: finalAccuracy, want: 'below', bound: 0.3, format: 'pct' },
      { variant: 1, name: 'He: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.7, format: 'pct' },
    ]),
  },
  {
    id: 'small-vs-large',
    title: 'Too small vs too large on a deep tanh MLP',
    statement:
      'In an 8-layer tanh MLP of width 128, weights with σ = 0.01 shrink the signal by about √128·0.01 ≈ 0.11 per layer, so it has ' +
      'all but vanished by the last layer and the gradients with it. σ = 1 multiplies pre-activations by √128 ≈ 11 per ' +
      'layer: tanh saturates at ±1 and its derivative is ~0, so gradients vanish again for the opposite reason. ' +
      'Xavier keeps the variance near 1 and trains.',
    query: 'arch=mlp&depth=8&width=128&act=tanh&init=normal:std=0.01,normal:std=1,xavier_normal&opt=sgd&lr=0.05&bs=32&steps=150&seed=1',
    claim: claimOf([
      { variant: 0, name: 'σ=0.01: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 1e-3 },
      { variant: 1, name: 'σ=1: last hidden std at init (saturated ≈ 1)', measure: lastHiddenStdAtInit, want: 'above', bound: 0.9 },
      { variant: 0, name: 'σ=0.01: final validation accuracy', measure: finalAccuracy, want: 'below', bound: 0.5, format: 'pct' },
      { variant: 2, name: 'Xavier: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.8, format: 'pct' },
    ]),
  },
  {
    id: 'glorot-bengio-2010',
    title: 'Glorot & Bengio 2010: standard vs normalized init',
    statement:
      'The "standard" init of the time, U(±1/√n), has variance 1/(3n): each tanh layer multiplies the activation variance ' +
      'by about 1/3, so deeper layers see ever smaller signals (the paper’s Figure 6). Their "normalized" init, ' +
      'U(±√(6/(n_in+n_out))), has variance 2/(n_in+n_out) = 1/n for square layers: the last layer keeps about half the ' +
      'activation spread of the first (tanh still shrinks a little), where the standard init loses about 90% of it.',
    query: 'arch=mlp&depth=5&width=128&act=tanh&init=torch_default,xavier_uniform&opt=sgd&lr=0.05&bs=32&steps=150&seed=1',
    claim: claimOf([
      { variant: 0, name: 'standard: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 0.2 },
      { variant: 1, name: 'normalized: last/first hidden std at init', measure: depthStdRatio, want: 'above', bound: 0.3 },
      { variant: 1, name: 'normalized: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.8, format: 'pct' },
    ]),
  },
  {
    id: 'he-2015',
    title: 'He et al. 2015: a 30-layer plain ReLU net',
    statement:
      'A ReLU zeroes half of its input, halving the second moment per layer. Xavier (variance 1/n for square layers) does ' +
      'not compensate, so after 30 layers the signal is 2^-15 of its input and SGD (with momentum 0.9, as in the paper) ' +
      'cannot move it: accuracy stays at chance. He init doubles the variance (2/n), exactly cancelling the ReLU, and the ' +
      'same net starts learning at once (a 30-layer plain net still learns slowly: give it more steps and it keeps climbing).',
    query: 'arch=mlp&depth=30&width=64&act=relu&init=xavier_normal,he_normal&opt=momentum&lr=0.005&bs=64&steps=250&seed=1',
    claim: claimOf([
      { variant: 0, name: 'Xavier: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 1e-3 },
      { variant: 1, name: 'He: last/first hidden std at init', measure: depthStdRatio, want: 'above', bound: 0.2 },
      { variant: 0, name: 'Xavier: final validation accuracy (chance ≈ 11%)', measure: finalAccuracy, want: 'below', bound: 0.15, format: 'pct' },
      { variant: 1, name: 'He: final validation accuracy (3× chance or more)', measure: finalAccuracy, want: 'above', bound: 0.35, format: 'pct' },
    ]),
  },
  {
    id: 'bn-rescue',
    title: 'Batch norm rescues a badly scaled init',
    statement:
      'With σ = 0.01 a 6-layer ReLU MLP of width 128 passes on only 0.01·√(128/2) = 0.08 of its signal per layer and does not learn ' +
      'with SGD. Batch norm before each activation re-standardises every layer’s pre-activations, so the scale of the ' +
      'weights no longer decides the scale of the signal (Ioffe & Szegedy 2015), and the same bad init trains.',
    query: 'arch=mlp&depth=6&width=128&act=relu&init=normal:std=0.01&bn=none,before&opt=sgd&lr=0.05&bs=32&steps=150&seed=1',
    claim: claimOf([
      { variant: 0, name: 'no BN: final validation accuracy', measure: finalAccuracy, want: 'below', bound: 0.3, format: 'pct' },
      { variant: 1, name: 'BN: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.75, format: 'pct' },
    ]),
  },
  {
    id: 'zero-init-residual',
    title: 'Zero-init residual branches train a deep net without normalization',
    statement:
      'In a residual net without normalization, each block adds a branch of the same variance as its input, so the ' +
      'variance doubles per block: 2^16 after 16 blocks. Starting the last layer of every branch at zero (Goyal et al. ' +
      '2017; Fixup; SkipInit) makes every block the identity at init, the signal keeps its scale, and the deep net trains ' +
      'like a shallow one that grows its branches as it learns.',
    query: 'arch=resmlp&depth=16&width=64&act=relu&init=he_normal&zero=none,kernel&opt=sgd&lr=0.05&bs=32&steps=150&seed=1',
    claim: claimOf([
      { variant: 0, name: 'no zero-init: last/first hidden std at init', measure: depthStdRatio, want: 'above', bound: 50 },
      { variant: 1, name: 'zero-init: last/first hidden std at init', measure: depthStdRatio, want: 'below', bound: 2 },
      { variant: 1, name: 'zero-init: final validation accuracy', measure: finalAccuracy, want: 'above', bound: 0.75, format: 'pct' },
    ]),
  },
];

/** The preset whose query describes exactly this experiment, if any. */
export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
