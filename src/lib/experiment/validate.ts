/**
 * The rules every experiment obeys, written once as a declarative table (RULES, in share-URL
 * order, after TensorFlow Playground's state.ts). The URL codec turns text into candidate
 * values and checks them with the same rules; configs built elsewhere (the controls' edits,
 * and the engine and the PyTorch export, which check what they are given) go through
 * validateExperiment. Pure functions: nothing here touches the DOM or the URL.
 */
import { ACTIVATIONS, ARCHS, BN_MODES, bnModesFor, DATASETS, DEFAULT_EXPERIMENT, FAN_MODES, KERNEL_SIZES } from './config';
import { LIMITS, OPTIMIZERS, PARAMS, ZERO_MODES, type Experiment, type InitChoice } from './config';
import { sweepIssue, sweepText, type Sweep } from './sweep';
import { clip, describeValue } from './value-text';

/** One thing wrong with an input, in plain text (the UI renders it as text, never HTML). */
export interface Problem {
  key: string;
  value: string;
  message: string;
}

type Range = readonly [number, number];
export type Rule =
  | { kind: 'enum'; values: readonly (string | number)[] }
  /** A non-empty list of distinct enum values; each one multiplies the variants. */
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'int' | 'num'; range: (e: Experiment) => Range; nullable?: true }
  | { kind: 'gain' | 'init' | 'sweep' };

const fixed = (r: Range) => () => r;

/** Every field's rule. The mapped type makes the compiler refuse a field without one. */
export const RULES: { readonly [K in keyof Experiment]: Rule } = {
  arch: { kind: 'enum', values: ARCHS },
  // Depth is judged after arch: a CNN's limit is far lower than an MLP's.
  depth: { kind: 'int', range: (e) => LIMITS.depth[e.arch] },
  width: { kind: 'int', range: fixed(LIMITS.width) },
  channels: { kind: 'int', range: fixed(LIMITS.channels) },
  kernel: { kind: 'enum', values: KERNEL_SIZES },
  act: { kind: 'enum', values: ACTIVATIONS },
  slope: { kind: 'num', range: fixed(LIMITS.slope) },
  init: { kind: 'init' },
  gain: { kind: 'gain' },
  bias: { kind: 'num', range: fixed(LIMITS.bias) },
  bn: { kind: 'list', values: BN_MODES },
  zero: { kind: 'list', values: ZERO_MODES },
  param: { kind: 'list', values: PARAMS },
  base: { kind: 'int', range: fixed(LIMITS.base) },
  opt: { kind: 'enum', values: OPTIMIZERS },
  lr: { kind: 'num', range: fixed(LIMITS.lr) },
  bs: { kind: 'int', range: fixed(LIMITS.bs) },
  epochs: { kind: 'int', range: fixed(LIMITS.epochs) },
  steps: { kind: 'int', range: fixed(LIMITS.steps), nullable: true },
  seeds: { kind: 'int', range: fixed(LIMITS.seeds) },
  seed: { kind: 'int', range: fixed(LIMITS.seed) },
  data: { kind: 'enum', values: DATASETS },
  // Last: a sweep's values are judged in the experiment every other field has made.
  sweep: { kind: 'sweep' },
};
export const FIELD_KEYS = Object.keys(RULES) as (keyof Experiment)[];

/**
 * Fields added after links and saved records were already out: absent means the default,
 * with no problem reported (such a config was written before the field existed).
 */
export const LATER_FIELDS: readonly (keyof Experiment)[] = ['param', 'base', 'sweep'];

/** A config saved before the later fields existed, completed with their defaults (the input is not mutated). */
export function withLaterFields(e: Experiment): Experiment {
  const filled = { ...e };
  for (const key of LATER_FIELDS) {
    if (filled[key] === undefined) Object.assign(filled, { [key]: fallbackFor(key, filled) });
  }
  return filled;
}

export const INIT_PARAMS = ['std', 'limit', 'value', 'mode', 'gain'] as const;
export type InitParam = (typeof INIT_PARAMS)[number];
const PARAM_RANGES = { std: LIMITS.std, limit: LIMITS.limit, value: LIMITS.value, gain: LIMITS.gain };

export function numberIssue(v: unknown, [lo, hi]: Range, int: boolean): string | null {
  const what = int ? 'is not a whole number' : 'is not a number';
  if (typeof v !== 'number' || Number.isNaN(v)) return what;
  if (int && Number.isFinite(v) && !Number.isInteger(v)) return what;
  if (!(v >= lo && v <= hi)) return `is outside ${lo}..${hi}`;
  return null;
}

/** Why `v` is not acceptable for a (non-init) field, or null when it is. `e` holds earlier fields. */
export function checkValue(rule: Rule, v: unknown, e: Experiment): string | null {
  switch (rule.kind) {
    case 'enum':
      return rule.values.includes(v as string | number) ? null : `is not one of ${rule.values.join(', ')}`;
    case 'list':
      return listIssue(rule.values, v, e);
    case 'int':
    case 'num':
      return rule.nullable && v === null ? null : numberIssue(v, rule.range(e), rule.kind === 'int');
    case 'gain':
      if (v === 'auto' || v === 'act' || (typeof v === 'number' && !numberIssue(v, LIMITS.gain, false))) return null;
      return `is not auto, act or a number in ${LIMITS.gain[0]}..${LIMITS.gain[1]}`;
    case 'init':
      return 'is checked by sanitizeInitList (validate-init.ts)';
    case 'sweep':
      return sweepIssue(v, e, (key, value, cell) => checkValue(RULES[key], value, cell));
  }
}

type ListKey = 'bn' | 'zero' | 'param';
/** Variants multiply (init x bn x zero x param); `e` holds the fields before this one, in RULES order. */
function variantCount(e: Experiment, v: unknown[], key: ListKey): number {
  const before = key === 'bn' ? 1 : key === 'zero' ? e.bn.length : e.bn.length * e.zero.length;
  return e.init.length * before * v.length;
}

const EARLIER_LISTS: Record<ListKey, string> = { bn: '', zero: ' and bn', param: ', bn and zero' };

function listIssue(values: readonly string[], v: unknown, e: Experiment): string | null {
  if (!Array.isArray(v) || v.length === 0) return `is not a list of ${values.join(', ')}`;
  if (!v.every((x) => values.includes(x as string))) return `is not a list of ${values.join(', ')}`;
  if (new Set(v).size !== v.length) return 'repeats a value';
  const key: ListKey = values === ZERO_MODES ? 'zero' : values === PARAMS ? 'param' : 'bn';
  if (key === 'bn' && v.some((m) => !bnModesFor(e.arch).includes(m as 'none'))) {
    return `is not defined for ${e.arch}: inside a residual block BN follows each linear layer, so it takes ${bnModesFor(e.arch).join(' or ')}`;
  }
  const count = variantCount(e, v, key);
  if (count > LIMITS.variants[1]) return `makes ${count} variants with init${EARLIER_LISTS[key]} (at most ${LIMITS.variants[1]})`;
  return null;
}

export function paramIssue(name: InitParam, v: unknown): string | null {
  if (name === 'mode') return FAN_MODES.includes(v as 'fan_in') ? null : 'is not fan_in or fan_out';
  return numberIssue(v, PARAM_RANGES[name], false);
}

export const cloneInit = (init: InitChoice[]): InitChoice[] => init.map((c) => ({ ...c }));
/** A fresh copy of a checked value: lists are copied, and a sweep's value lists too. */
export const copyOf = (v: unknown): unknown =>
  Array.isArray(v) ? v.map((x) => (isRecord(x) && Array.isArray(x.values) ? { key: x.key, values: [...x.values] } : x)) : v;

/** The default of a field; a numeric default outside this experiment's range is clamped into it. */
export function fallbackFor<K extends keyof Experiment>(key: K, e: Experiment): Experiment[K] {
  if (key === 'init') return cloneInit(DEFAULT_EXPERIMENT.init) as Experiment[K];
  if (key === 'sweep') return [] as Sweep[] as Experiment[K];
  const d = DEFAULT_EXPERIMENT[key];
  if (Array.isArray(d)) return [...d] as Experiment[K];
  const rule = RULES[key];
  if ((rule.kind === 'int' || rule.kind === 'num') && typeof d === 'number') {
    const [lo, hi] = rule.range(e);
    return Math.min(hi, Math.max(lo, d)) as Experiment[K];
  }
  return d;
}

export const showFallback = (v: unknown): string =>
  v === null
    ? 'none'
    : Array.isArray(v)
      ? v.length === 0
        ? 'none'
        : v.map((c: InitChoice | Sweep | string) => (typeof c === 'string' ? c : 'scheme' in c ? c.scheme : sweepText(c))).join(',')
      : describeValue(v);

export function fieldProblem(key: string, raw: string, reason: string, using: unknown): Problem {
  const value = clip(raw);
  return { key, value, message: `${key}=${value} ${reason}; using ${showFallback(using)}` };
}

/** A plain object (not null, not an array): what a config or an init variant must be. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
