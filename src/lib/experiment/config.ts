/**
 * The experiment: a pure description of what to train. No TF.js, no DOM.
 * Every field here has a share-URL key (see url.ts) and a limit (LIMITS below);
 * validate.ts is the only way a config from outside reaches the engine.
 */
import type { Sweep } from './sweep';

export const ARCHS = ['mlp', 'cnn', 'resmlp', 'rescnn'] as const;
export type Arch = (typeof ARCHS)[number];

export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear', 'elu', 'selu', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const SCHEMES = [
  'zeros',
  'constant',
  'normal',
  'uniform',
  'xavier_uniform',
  'xavier_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'orthogonal',
  'torch_default',
  // Data-dependent: orthonormal, then rescaled layer by layer on training digits (engine/init/lsuv.ts).
  'lsuv',
] as const;
export type SchemeId = (typeof SCHEMES)[number];

export const FAN_MODES = ['fan_in', 'fan_out'] as const;
export type FanMode = (typeof FAN_MODES)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerId = (typeof OPTIMIZERS)[number];

export const BN_MODES = ['none', 'before', 'after'] as const;
export type BatchNormMode = (typeof BN_MODES)[number];

/** The architectures with residual blocks: the only ones zero-init and the residual theory act on. */
export function isResidual(arch: Arch): boolean {
  return arch === 'resmlp' || arch === 'rescnn';
}

/** The architectures built of convolutions (28×28 maps in, a dense head out). */
export function isConv(arch: Arch): boolean {
  return arch === 'cnn' || arch === 'rescnn';
}

/**
 * Inside a residual block BN follows each linear layer (architectures.ts): there is no
 * "after the activation" place for the branch's last BN, so residual nets take none|before.
 */
export function bnModesFor(arch: Arch): readonly BatchNormMode[] {
  return isResidual(arch) ? ['none', 'before'] : BN_MODES;
}

/**
 * Residual zero-init: the last kernel of each branch, its last BN gamma, a learned scalar
 * alpha per branch (SkipInit/ReZero), or kernel AND gamma together, which the lab offers
 * to show why that branch can then never learn.
 */
export const ZERO_MODES = ['none', 'kernel', 'gamma', 'alpha', 'both'] as const;
export type ZeroInitMode = (typeof ZERO_MODES)[number];

/**
 * Parametrization: standard (SP), or maximal-update (μP, Tensor Programs V), which rescales
 * the output layer's init and each layer's learning rate by width / base (engine/mup.ts).
 */
export const PARAMS = ['sp', 'mup'] as const;
export type Parametrization = (typeof PARAMS)[number];

export const DATASETS = ['mnist10k', 'idx'] as const;
export type DatasetId = (typeof DATASETS)[number];

/** Every word a config's enumerated fields can hold (what may pass into an export as text). */
export const ENUM_IDS: readonly string[] = [
  ...ARCHS,
  ...ACTIVATIONS,
  ...SCHEMES,
  ...FAN_MODES,
  ...OPTIMIZERS,
  ...BN_MODES,
  ...ZERO_MODES,
  ...PARAMS,
  ...DATASETS,
];

export const KERNEL_SIZES = [3, 5] as const;
export type KernelSize = (typeof KERNEL_SIZES)[number];

/**
 * One init variant. Parameters a scheme does not use are ignored; a missing one takes
 * the scheme's default (SCHEME_DEFAULTS). `gain` here overrides the experiment's gain.
 */
export interface InitChoice {
  scheme: SchemeId;
  std?: number; // normal
  limit?: number; // uniform: U(-limit, limit)
  value?: number; // constant
  mode?: FanMode; // he_*, lecun_*: which fan normalises the variance
  gain?: number;
}

/** Gain: 'auto' = each scheme's own convention, 'act' = the activation's gain, or a number. */
export type GainSetting = 'auto' | 'act' | number;

export interface Experiment {
  arch: Arch;
  /** Hidden layers (mlp), conv layers (cnn), residual blocks (resmlp, rescnn). */
  depth: number;
  /** Units per hidden dense layer. */
  width: number;
  /** Channels per conv layer. */
  channels: number;
  kernel: KernelSize;
  act: Activation;
  /** Negative slope of leaky_relu. */
  slope: number;
  /** One or more init variants; more than one is a side-by-side comparison. */
  init: InitChoice[];
  gain: GainSetting;
  /** Every bias starts at this constant (0 = zeros). */
  bias: number;
  /** One or more batch-norm placements; several multiply the variants. */
  bn: BatchNormMode[];
  /** One or more residual zero-init modes (residual archs only); several multiply the variants. */
  zero: ZeroInitMode[];
  /** One or more parametrizations (sp, mup); several multiply the variants. */
  param: Parametrization[];
  /** μP's base width: at width (or channels) = base, μP is SP exactly. */
  base: number;
  opt: OptimizerId;
  lr: number;
  /** Batch size (fixed; the ragged last batch of an epoch is dropped). */
  bs: number;
  epochs: number;
  /** If set, train exactly this many steps instead of `epochs` epochs. */
  steps: number | null;
  /** Runs per variant, each with its own init seed (seed, seed+1, ...). */
  seeds: number;
  seed: number;
  data: DatasetId;
  /** Up to two fields trained over a grid of values (sweep.ts); [] trains the experiment as it is. */
  sweep: Sweep[];
}

export const SCHEME_DEFAULTS = {
  std: 0.01,
  limit: 0.05,
  value: 0.1,
  mode: 'fan_in' as FanMode,
};

export const DEFAULT_EXPERIMENT: Experiment = {
  arch: 'mlp',
  depth: 2,
  width: 256,
  channels: 16,
  kernel: 3,
  act: 'relu',
  slope: 0.01,
  init: [{ scheme: 'he_normal' }],
  gain: 'auto',
  bias: 0,
  bn: ['none'],
  zero: ['none'],
  param: ['sp'],
  base: 64,
  opt: 'adam',
  lr: 0.001,
  bs: 64,
  epochs: 3,
  steps: null,
  seeds: 1,
  seed: 1,
  data: 'mnist10k',
  sweep: [],
};

/** Inclusive numeric limits; anything outside is refused before it can reach the engine. */
export const LIMITS = {
  depth: { mlp: [1, 32], cnn: [1, 6], resmlp: [1, 32], rescnn: [1, 32] } as Record<Arch, [number, number]>,
  width: [8, 1024],
  channels: [4, 128],
  slope: [0, 1],
  gain: [0, 100],
  bias: [-10, 10],
  std: [0, 100],
  limit: [0, 100],
  value: [-100, 100],
  lr: [1e-6, 10],
  bs: [1, 1024],
  epochs: [1, 50],
  steps: [1, 100000],
  seeds: [1, 5],
  seed: [0, 2 ** 31 - 1],
  base: [8, 1024],
  /** Variants = init schemes x bn modes x zero modes x parametrizations. */
  variants: [1, 8],
  /** Sweeps per experiment, values per sweep, runs of a whole grid, and its training work. */
  sweeps: [0, 2],
  sweepValues: [2, 8],
  sweepRuns: 96,
  sweepTeraflops: 1,
} as const;
