/**
 * Share-URL codec: the whole experiment lives in the query string, human-readable and
 * versioned (`v=1`). Both directions walk the same table (RULES in validate.ts), so a field
 * cannot be written without also being read. Pure: the caller passes the query string in
 * and puts the result where it wants; nothing here touches window or location.
 */
import type { Experiment } from './config';
import { formatInitChoice, formatInitList, parseInitList } from './init-spec';
import { parseSweep, sweepText, type Sweep } from './sweep';
import { DEFAULT_PAGE_SETTINGS, PAGE_KEYS, PAGE_RULES, type PageSettings } from './page-settings';
import { FIELD_KEYS, RULES, checkValue, fallbackFor, fieldProblem, type Problem } from './validate';
import { clip, formatNumber, parseNumberText } from './value-text';
import { fitInitToArch } from './validate-init';

export type { Problem };

export interface Decoded {
  experiment: Experiment;
  autorun: boolean;
  /** Page settings (page-settings.ts): how this page trains, not what. */
  settings: PageSettings;
  problems: Problem[];
  /** Unknown keys (clipped, without repeats): not errors, so old or foreign links still open. */
  ignored: string[];
}

export const URL_VERSION = '1';
/**
 * Every key the codec knows, in the order it writes them (steps and epochs: only one is
 * written; a page setting only when it is not its default).
 */
export const URL_KEYS: readonly string[] = ['v', ...FIELD_KEYS, ...PAGE_KEYS, 'autorun'];
const KNOWN = new Set(URL_KEYS);

function fieldText(e: Experiment, key: keyof Experiment): string {
  const v = e[key];
  if (key === 'init') return formatInitList(e.init);
  if (Array.isArray(v)) return v.join(',');
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

/**
 * URLSearchParams-compatible escaping that keeps ',', ':' and '=' readable: inside a value
 * they mean nothing to the query parser (it splits on '&' and the first '=' only).
 */
function escapeValue(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%3D/g, '=');
}

/**
 * 'v=1&arch=mlp&…' without '?'. Every key is written, defaults included, so a shared link
 * keeps its meaning if the defaults change later. With steps set, epochs is not written:
 * it plays no part in such a run.
 */
export function encodeExperiment(e: Experiment, opts: { autorun?: boolean; settings?: Partial<PageSettings> } = {}): string {
  const parts = [`v=${URL_VERSION}`];
  for (const key of FIELD_KEYS) {
    if (key === (e.steps === null ? 'steps' : 'epochs')) continue;
    // One `sweep=` per sweep, none without: a link written before sweeps existed reads the same.
    if (key === 'sweep') parts.push(...e.sweep.map((s) => `sweep=${escapeValue(sweepText(s))}`));
    else parts.push(`${key}=${escapeValue(fieldText(e, key))}`);
  }
  // A default page setting is left out: links written before the setting existed stay as they were.
  for (const key of PAGE_KEYS) {
    const value = opts.settings?.[key];
    if (value !== undefined && value !== DEFAULT_PAGE_SETTINGS[key]) parts.push(`${key}=${escapeValue(value)}`);
  }
  if (opts.autorun) parts.push('autorun=1');
  return parts.join('&');
}

/** Text -> the value the rule checks: numbers where the field is numeric, else the text itself. */
function candidate(key: keyof Experiment, text: string): unknown {
  const rule = RULES[key];
  if (rule.kind === 'list') return text.split(',').map((part) => part.trim());
  const textual = rule.kind === 'enum' && typeof rule.values[0] === 'string';
  return textual ? text : (parseNumberText(text) ?? text);
}

/**
 * Each `sweep=` text on its own: a bad one is dropped with its reason. Then the grid as a
 * whole (too big, a key twice): refused whole, since a part of a grid is another experiment.
 */
function readSweeps(texts: string[], e: Experiment, problems: Problem[]): Sweep[] {
  const sweeps: Sweep[] = [];
  for (const text of texts) {
    const s = parseSweep(text);
    if (typeof s === 'string') problems.push({ key: 'sweep', value: clip(text), message: `sweep=${clip(text)}: ${s}; dropped it` });
    else sweeps.push(s);
  }
  const issue = checkValue(RULES.sweep, sweeps, e);
  if (issue === null) return sweeps;
  const shown = clip(sweeps.map(sweepText).join('&sweep='));
  problems.push({ key: 'sweep', value: shown, message: `sweep=${shown} ${issue}; training no sweep` });
  return [];
}

function readAutorun(text: string | undefined, problems: Problem[]): boolean {
  if (text === undefined || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  const message = `autorun=${clip(text)} is not 1 or true; not starting by itself`;
  problems.push({ key: 'autorun', value: clip(text), message });
  return false;
}

/** Never throws, for any input string. Query with or without a leading '?'. */
export function decodeExperiment(query: string): Decoded {
  const problems: Problem[] = [];
  const ignored = new Set<string>();
  const first = new Map<string, string>();
  const repeats = new Map<string, { count: number; value: string }>();
  const sweeps: string[] = [];
  // URLSearchParams drops one leading '?' and never throws on a string (bad escapes become U+FFFD).
  for (const [key, value] of new URLSearchParams(typeof query === 'string' ? query : '')) {
    if (!KNOWN.has(key)) {
      if (key !== '') ignored.add(clip(key));
    } else if (key === 'sweep') {
      sweeps.push(value); // the one key given once per sweep
    } else if (!first.has(key)) {
      first.set(key, value);
    } else {
      const r = repeats.get(key);
      if (r) r.count++;
      else repeats.set(key, { count: 2, value });
    }
  }
  for (const [key, r] of repeats) {
    const used = clip(first.get(key) ?? '');
    const message = `${key} is given ${r.count} times; using the first, ${key}=${used}`;
    problems.push({ key, value: clip(r.value), message });
  }

  const v = first.get('v');
  if (v !== undefined && v !== URL_VERSION) {
    problems.push({ key: 'v', value: clip(v), message: `unknown version v=${clip(v)}; reading as v${URL_VERSION}` });
  }

  // Fields are read in table order, so depth is judged against the arch already read.
  const e = {} as Experiment;
  const set = (key: keyof Experiment, value: unknown) => ((e as unknown as Record<string, unknown>)[key] = value);
  for (const key of FIELD_KEYS) {
    const text = key === 'sweep' ? (sweeps.length ? sweeps.join('&') : undefined) : first.get(key);
    if (text === undefined) {
      set(key, fallbackFor(key, e)); // absent keys are not problems: a short hand-written link is fine
    } else if (key === 'init') {
      const r = parseInitList(text);
      const fit = fitInitToArch(e, r.init);
      e.init = fit.init;
      problems.push(...r.problems, ...fit.problems);
    } else if (key === 'sweep') {
      e.sweep = readSweeps(sweeps, e, problems);
    } else {
      const value = candidate(key, text);
      const issue = checkValue(RULES[key], value, e);
      if (issue === null) set(key, value);
      else {
        const using = fallbackFor(key, e);
        set(key, using);
        problems.push(fieldProblem(key, text, issue, using));
      }
    }
  }
  const settings = { ...DEFAULT_PAGE_SETTINGS };
  for (const key of PAGE_KEYS) {
    const text = first.get(key);
    if (text === undefined) continue;
    const issue = checkValue(PAGE_RULES[key], text, e);
    if (issue === null) settings[key] = text as PageSettings[typeof key];
    else problems.push(fieldProblem(key, text, issue, DEFAULT_PAGE_SETTINGS[key]));
  }
  const autorun = readAutorun(first.get('autorun'), problems);
  return { experiment: e, autorun, settings, problems, ignored: [...ignored] };
}

const ARCH_NAMES = { mlp: 'MLP', cnn: 'CNN', resmlp: 'ResMLP', rescnn: 'ResCNN' } as const;

/** The network in a few words, e.g. "MLP 3×256 relu BN before". */
export function describeModel(e: Experiment): string {
  const dense = e.arch === 'mlp' || e.arch === 'resmlp';
  return [
    `${ARCH_NAMES[e.arch]} ${e.depth}×${dense ? e.width : `${e.channels}ch k${e.kernel}`}`,
    e.act === 'leaky_relu' ? `leaky_relu(${formatNumber(e.slope)})` : e.act,
    e.bn.join() !== 'none' ? `BN ${e.bn.join('/')}` : '',
    e.zero.join() !== 'none' ? `zero-init ${e.zero.join('/')}` : '',
  ]
    .filter((p) => p !== '')
    .join(' ');
}

/**
 * One line for page titles and exports, e.g.
 * "MLP 2×256 relu · he_normal · adam lr 0.001 · bs 64 · 3 epochs · seed 1".
 */
export function describeExperiment(e: Experiment): string {
  const init = [
    e.init.map(formatInitChoice).join(' vs '),
    e.gain !== 'auto' ? `gain ${typeof e.gain === 'number' ? formatNumber(e.gain) : e.gain}` : '',
    e.bias !== 0 ? `bias ${formatNumber(e.bias)}` : '',
  ];
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const length = e.steps !== null ? count(e.steps, 'step') : count(e.epochs, 'epoch');
  const seeds = e.seeds === 1 ? `seed ${e.seed}` : `seeds ${e.seed}..${e.seed + e.seeds - 1}`;
  const join = (parts: string[]) => parts.filter((p) => p !== '').join(' ');
  return [
    describeModel(e),
    join(init),
    `${e.opt} lr ${formatNumber(e.lr)}`,
    // `?.`: a record saved before μP existed has no param (history/record.ts describes old ones too).
    e.param?.includes('mup') ? `${e.param.length > 1 ? 'SP vs μP' : 'μP'} base ${e.base}` : '',
    `bs ${e.bs}`,
    length,
    seeds,
    e.data === 'idx' ? 'own IDX data' : '',
    e.sweep.length ? `sweep ${e.sweep.map((sw) => `${sw.key} ${sw.values.map(formatNumber).join('/')}`).join(' × ')}` : '',
  ]
    .filter((p) => p !== '')
    .join(' · ');
}
