/**
 * The rules every experiment obeys, written once as a declarative table (RULES, in share-URL
 * order, after TensorFlow Playground's state.ts). The URL codec turns text into candidate
 * values and checks them with the same rules; configs built elsewhere (the controls' edits,
 * and the engine and the PyTorch export, which check what they are given) go through
 * validateExperiment. Pure functions: nothing here touches the DOM or the URL.
 */
import { ACTIVATIONS, ARCHS, BN_MODES, bnModesFor, DATASETS, DEFAULT_EXPERIMENT, FAN_MODES, KERNEL_SIZES } from './config';
import { LIMITS, OPTIMIZERS, PARAMS, SCHEMES, ZERO_MODES, type Experiment, type InitChoice } from './config';
import { sweepIssue, sweepText, type Sweep } from './sweep';

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

const MAX_SHOWN = 60;
/** Problem values and quoted input are cut to 60 chars + '…' so oversize input can't flood the UI. */
export function clip(text: string): string {
  if (text.length <= MAX_SHOWN) return text;
  let cut = text.slice(0, MAX_SHOWN);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1); // never half a surrogate pair
  return cut + '…';
}

// Decimal only: Number() alone would also take '0x10', 'Infinity', '' and ' 2 '.
const NUMBER_SYNTAX = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Strict decimal parse; null on bad syntax. May overflow to ±Infinity, which range checks refuse. */
export function parseNumberText(text: string): number | null {
  return NUMBER_SYNTAX.test(text) ? Number(text) : null;
}

/** String(n) round-trips every finite double except -0, which it writes as '0'. */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** How a raw value appears in a message; never throws, whatever it is given. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (v === null || typeof v !== 'object') return typeof v === 'symbol' ? 'a symbol' : String(v);
  try {
    return JSON.stringify(v) ?? 'an object';
  } catch {
    return Array.isArray(v) ? 'an array' : 'an object';
  }
}

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
      return 'is checked by sanitizeInitList';
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

const cloneInit = (init: InitChoice[]): InitChoice[] => init.map((c) => ({ ...c }));
/** A fresh copy of a checked value: lists are copied, and a sweep's value lists too. */
const copyOf = (v: unknown): unknown =>
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

/** Problems about the init list all carry key 'init'; `value` is clipped here once. */
export const initProblem = (value: string, message: string): Problem => ({ key: 'init', value: clip(value), message });

const MAX_INIT_PROBLEMS = 8;
type Candidate = { choice: InitChoice; shown: string };
/**
 * The list-level init rules, shared by the URL parser and sanitize: exact duplicates are
 * dropped (comparing a scheme with itself teaches nothing), at most LIMITS.variants[1] are
 * kept, and an empty result falls back to the default. Detail problems are capped so a
 * pathological list yields a handful of messages, not thousands.
 */
export function tidyInitList(cands: Candidate[], detail: Problem[], whole: string) {
  const [problems, init, seen] = [[...detail], [] as InitChoice[], new Set<string>()];
  const max = LIMITS.variants[1];
  let [extra, firstExtra] = [0, ''];
  for (const { choice, shown } of cands) {
    const key = initChoiceKey(choice);
    if (seen.has(key)) {
      problems.push(initProblem(shown, `init: ${clip(shown)} repeats an earlier variant; dropped the repeat`));
    } else if (init.length >= max) {
      if (extra++ === 0) firstExtra = shown;
    } else {
      seen.add(key);
      init.push(choice);
    }
  }
  if (extra > 0) problems.push(initProblem(firstExtra, `init lists more than ${max} variants; dropped the last ${extra}`));
  const [capped, more] = [problems.slice(0, MAX_INIT_PROBLEMS), problems.length - MAX_INIT_PROBLEMS];
  if (more > 0) capped.push(initProblem('', `init: ${more} more problems not listed`));
  if (init.length > 0) return { init, problems: capped };
  const using = fallbackFor('init', DEFAULT_EXPERIMENT);
  capped.push(fieldProblem('init', whole, 'has no valid variant', using));
  return { init: using, problems: capped };
}

/**
 * Why `arch` cannot take this init variant, or null. lsuv's data pass (engine/init/lsuv.ts) is
 * a dense forward in plain JS: conv nets would need convolutions there, and residual nets a
 * choice of what to normalise (branch or sum) the paper does not make, so both are refused.
 */
export function initArchIssue(choice: InitChoice, arch: Experiment['arch']): string | null {
  if (choice.scheme === 'lsuv' && arch !== 'mlp') {
    return `init: lsuv is implemented for arch=mlp only (its pass over training digits is a dense forward), not ${arch}; dropped that variant`;
  }
  return null;
}

/** The variants `e.arch` can take (reporting each one dropped); the default when none is left. */
export function fitInitToArch(e: Experiment, init: InitChoice[]): { init: InitChoice[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const kept = init.filter((c) => {
    const issue = initArchIssue(c, e.arch);
    if (issue) problems.push(initProblem(c.scheme, issue));
    return issue === null;
  });
  if (kept.length > 0 || init.length === 0) return { init: kept, problems };
  const using = fallbackFor('init', DEFAULT_EXPERIMENT);
  problems.push(fieldProblem('init', init.map((c) => c.scheme).join(','), `has no variant ${e.arch} can take`, using));
  return { init: using, problems };
}

/** Identity of a variant for duplicate detection: scheme plus params in canonical order. */
export function initChoiceKey(c: InitChoice): string {
  return JSON.stringify([c.scheme, ...INIT_PARAMS.map((p) => c[p] ?? null)]);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sanitizeInitChoice(raw: unknown, label: string, problems: Problem[]): InitChoice | null {
  const say = (v: unknown, text: string) => problems.push(initProblem(describeValue(v), label + text));
  if (!isRecord(raw)) return (say(raw, ' is not an object with a scheme; dropped it'), null);
  if (!SCHEMES.includes(raw.scheme as 'zeros')) {
    const shown = clip(describeValue(raw.scheme));
    return (say(raw.scheme, `.scheme=${shown} is not a known scheme; dropped that variant`), null);
  }
  const choice: InitChoice = { scheme: raw.scheme as InitChoice['scheme'] };
  for (const name of INIT_PARAMS) {
    const v = raw[name];
    if (v === undefined) continue; // an absent param means the scheme's default
    const issue = paramIssue(name, v);
    if (issue) say(v, `.${name}=${clip(describeValue(v))} ${issue}; dropped it`);
    else Object.assign(choice, { [name]: v });
  }
  for (const name of Object.keys(raw)) {
    if (name !== 'scheme' && !(INIT_PARAMS as readonly string[]).includes(name)) {
      say(raw[name], `.${clip(name)} is not a parameter (${INIT_PARAMS.join(', ')}); dropped it`);
    }
  }
  return choice;
}

function sanitizeInitList(raw: unknown) {
  if (!Array.isArray(raw)) {
    const using = fallbackFor('init', DEFAULT_EXPERIMENT);
    const reason = raw === undefined ? 'is missing' : 'is not a list of variants';
    return { init: using, problems: [fieldProblem('init', describeValue(raw), reason, using)] };
  }
  const detail: Problem[] = [];
  const cands: Candidate[] = [];
  raw.forEach((item, i) => {
    const choice = sanitizeInitChoice(item, `init[${i}]`, detail);
    if (choice) cands.push({ choice, shown: describeValue(item) });
  });
  return tidyInitList(cands, detail, describeValue(raw));
}

/**
 * For configs from outside the URL codec (validateExperiment's callers): each bad or missing
 * field is replaced by its default and reported. Returns a fresh object; the input is never mutated.
 */
export function sanitizeExperiment(raw: unknown): { experiment: Experiment; problems: Problem[] } {
  const e: Experiment = {
    ...DEFAULT_EXPERIMENT,
    init: cloneInit(DEFAULT_EXPERIMENT.init),
    bn: [...DEFAULT_EXPERIMENT.bn],
    zero: [...DEFAULT_EXPERIMENT.zero],
    param: [...DEFAULT_EXPERIMENT.param],
    sweep: [],
  };
  if (!isRecord(raw)) {
    const value = clip(describeValue(raw));
    const message = `the config (${value}) is not an object; using the defaults`;
    return { experiment: e, problems: [{ key: 'config', value, message }] };
  }
  const problems: Problem[] = [];
  const set = (key: keyof Experiment, v: unknown) => ((e as unknown as Record<string, unknown>)[key] = v);
  for (const key of FIELD_KEYS) {
    const v = raw[key];
    if (key === 'init') {
      const r = sanitizeInitList(v);
      const fit = fitInitToArch(e, r.init);
      e.init = fit.init;
      problems.push(...r.problems, ...fit.problems);
      continue;
    }
    const later = v === undefined && LATER_FIELDS.includes(key);
    const issue = later ? null : v === undefined ? 'is missing' : checkValue(RULES[key], v, e);
    const using = issue === null && !later ? copyOf(v) : fallbackFor(key, e);
    set(key, using);
    if (issue === null) continue;
    const missing = { key, value: '', message: `${key} is missing; using ${showFallback(using)}` };
    problems.push(v === undefined ? missing : fieldProblem(key, describeValue(v), issue, using));
  }
  return { experiment: e, problems };
}

/** [] iff every field is within LIMITS and its enum — exactly when sanitize would change nothing. */
export function validateExperiment(e: Experiment): Problem[] {
  return sanitizeExperiment(e).problems;
}
