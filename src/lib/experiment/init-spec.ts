/**
 * Text syntax of the `init` list in share URLs:
 *   normal:std=0.01,he_normal:mode=fan_out:gain=1,xavier_uniform
 * Variants are separated by commas; each is a scheme id followed by optional `:name=value`
 * params. The value rules (ranges, duplicates, at most 8) live in validate.ts; this file only
 * knows the syntax, so it can be read and written by hand.
 */
import { SCHEMES, type InitChoice, type SchemeId } from './config';
import { INIT_PARAMS, paramIssue, type InitParam, type Problem } from './validate';
import { clip, formatNumber, parseNumberText } from './value-text';
import { initProblem, tidyInitList } from './validate-init';

/** Writes only the params set on the choice, always in the order std, limit, value, mode, gain. */
export function formatInitChoice(c: InitChoice): string {
  let text: string = c.scheme;
  for (const name of INIT_PARAMS) {
    const v = c[name];
    if (v !== undefined) text += `:${name}=${typeof v === 'number' ? formatNumber(v) : v}`;
  }
  return text;
}

export function formatInitList(init: InitChoice[]): string {
  return init.map(formatInitChoice).join(',');
}

const isParam = (name: string): name is InitParam => (INIT_PARAMS as readonly string[]).includes(name);

/** One variant; a bad param is dropped (the rest of the variant still counts), a bad scheme drops it all. */
function parseVariant(piece: string, problems: Problem[]): InitChoice | null {
  const say = (value: string, message: string) => problems.push(initProblem(value, `init: ${message}`));
  const [schemeText, ...paramTexts] = piece.split(':');
  if (!SCHEMES.includes(schemeText as SchemeId)) {
    say(piece, `${clip(schemeText)} is not a known scheme; dropped that variant`);
    return null;
  }
  const choice: InitChoice = { scheme: schemeText as SchemeId };
  for (const text of paramTexts) {
    const eq = text.indexOf('=');
    const name = eq < 0 ? text : text.slice(0, eq);
    const valueText = eq < 0 ? '' : text.slice(eq + 1);
    const where = `${schemeText}:${clip(text)}`;
    if (!isParam(name)) {
      say(text, `${where} is not a parameter (${INIT_PARAMS.join(', ')}); dropped it`);
    } else if (eq < 0) {
      say(text, `${where} has no value (write ${name}=…); dropped it`);
    } else if (choice[name] !== undefined) {
      say(text, `${where} repeats ${name}; using the first`);
    } else {
      // mode stays text; every other param must be a strict decimal number within its range.
      const v = name === 'mode' ? valueText : (parseNumberText(valueText) ?? valueText);
      const issue = paramIssue(name, v);
      if (issue) say(text, `${where} ${issue}; dropped it`);
      else Object.assign(choice, { [name]: v });
    }
  }
  return choice;
}

/** Never throws; always returns 1..LIMITS.variants[1] distinct, valid variants. */
export function parseInitList(text: string): { init: InitChoice[]; problems: Problem[] } {
  const detail: Problem[] = [];
  const cands: { choice: InitChoice; shown: string }[] = [];
  let empty = 0;
  if (text.trim() !== '') {
    for (const raw of text.split(',')) {
      // Trimmed because 'he_normal, xavier_uniform' is how people write lists by hand.
      const piece = raw.trim();
      if (piece === '') empty++;
      else {
        const choice = parseVariant(piece, detail);
        if (choice) cands.push({ choice, shown: piece });
      }
    }
  }
  if (empty > 0) {
    const s = empty > 1 ? 's' : '';
    detail.push(initProblem('', `init has ${empty} empty variant${s} (a stray comma); skipped`));
  }
  return tidyInitList(cands, detail, text);
}
