/**
 * How input and numbers are written in problems and in the URL: clipped, parsed strictly,
 * formatted to round-trip. A leaf (no imports), so the rules, the sweep codec and the UI all
 * read it without importing the rules themselves.
 */

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
