/**
 * Configs from outside the URL codec (the controls' edits, the engine and the PyTorch export,
 * which check what they are given): each field checked by its rule in validate.ts, the init
 * list by validate-init.ts.
 */
import { DEFAULT_EXPERIMENT, type Experiment } from './config';
import {
  checkValue,
  cloneInit,
  copyOf,
  fallbackFor,
  FIELD_KEYS,
  fieldProblem,
  isRecord,
  LATER_FIELDS,
  RULES,
  showFallback,
  type Problem,
} from './validate';
import { fitInitToArch, sanitizeInitList } from './validate-init';
import { clip, describeValue } from './value-text';

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
