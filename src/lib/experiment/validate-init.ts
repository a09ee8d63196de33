/**
 * The init list's rules: variants of one scheme tidied (repeats dropped, the count capped),
 * fitted to the architecture, and sanitized from untyped input. The URL codec and
 * sanitizeExperiment share them.
 */
import { DEFAULT_EXPERIMENT, LIMITS, SCHEMES, type Experiment, type InitChoice } from './config';
import { fallbackFor, fieldProblem, INIT_PARAMS, isRecord, paramIssue, type Problem } from './validate';
import { clip, describeValue } from './value-text';

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

export function sanitizeInitList(raw: unknown) {
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
