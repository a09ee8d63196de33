/**
 * Python literals for the generated script's data block. The script is code a person will
 * run, and the config behind it may come from someone else's share link, so this writer
 * accepts only finite numbers, booleans, null and strings from an explicit allowlist (the
 * lab's enumerated ids and field names), and refuses everything else by throwing: nothing
 * from outside can become Python syntax.
 */

export type PyValue = number | boolean | null | string | PyValue[] | { [key: string]: PyValue };

/** Decimal syntax only, as String(number) writes finite doubles: Python reads it as the same double. */
const NUMBER_TEXT = /^-?(?:\d+(?:\.\d+)?)(?:e[+-]\d+)?$/;
/** Ids are lower-case words: even an allowlisted string must look like one. */
const ID_TEXT = /^[a-z][a-z0-9_]*$/;

export function pyNumber(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`not a finite number: ${String(n)}`);
  if (Object.is(n, -0)) return '-0.0';
  const text = String(n);
  if (!NUMBER_TEXT.test(text)) throw new TypeError(`unexpected number text ${text}`);
  return text;
}

export function pyString(s: string, allowed: ReadonlySet<string>): string {
  if (typeof s !== 'string' || !allowed.has(s) || !ID_TEXT.test(s))
    throw new TypeError(`not an allowed id: ${JSON.stringify(s)?.slice(0, 40)}`);
  return `"${s}"`;
}

/** One value, on one line (lists of dicts break over lines in the experiment block instead). */
export function pyLiteral(v: PyValue, allowed: ReadonlySet<string>): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyString(v, allowed);
  if (Array.isArray(v)) return `[${v.map((x) => pyLiteral(x, allowed)).join(', ')}]`;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const entries = Object.entries(v).map(([k, x]) => `${pyString(k, allowed)}: ${pyLiteral(x, allowed)}`);
    return `{${entries.join(', ')}}`;
  }
  throw new TypeError(`cannot write ${typeof v} as a Python literal`);
}
