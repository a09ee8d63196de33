/**
 * Hostile share URLs for the fuzz tests (test-only, like arbitrary.ts): valid links from
 * arbExperiment, then the same links broken the ways links get broken or forged: wrong
 * types, huge and negative numbers, unknown schemes and params, repeated keys, markup and
 * script in keys and values, oversize strings, bad percent-escapes, odd unicode.
 * Every script payload sets window.__pwned, so a browser test can tell if one ever ran.
 * Mutations are plain data, so a failing case prints as something a person can read.
 */
import fc from 'fast-check';
import { SCHEMES } from '../experiment/config';
import { arbExperiment, arbInitText } from './arbitrary';
import { URL_KEYS, encodeExperiment } from '../experiment/url';
import { BACKEND_PREFERENCES } from '../experiment/page-settings';

export const SCRIPT_PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><img src=x onerror=window.__pwned=1>',
  "'><svg onload=window.__pwned=1>",
  '<svg><script>window.__pwned=1</script></svg>',
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1">x</a>',
  '{@html "<img src=x onerror=window.__pwned=1>"}',
  '${window.__pwned=1}',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '</li></ul><img src=x onerror=window.__pwned=1>',
  '<details open ontoggle=window.__pwned=1>',
  '--><script>window.__pwned=1</script><!--',
];
const HUGE = [
  '1e9',
  '1000000000',
  '1e308',
  '1e309',
  '-1e309',
  '1.7976931348623157e308',
  'Infinity',
  '-Infinity',
  'NaN',
  '9'.repeat(400),
  '4294967296',
  '2147483648',
  '9007199254740993',
  '1e-400',
  '5e-324',
];
const NEGATIVE = ['-1', '-8', '-64', '-0', '-1000000000', '-2147483648', '-0.5'];
const WRONG_TYPE = [
  '',
  ' ',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '[1,2]',
  '{}',
  '{"width":64}',
  'mlp',
  'relu',
  'he_normal',
  'abc',
  '0x10',
  '0b11',
  '1_000',
  '1,2',
  '2.5',
  '1.',
  '.5',
  '+3',
  ' 2',
  '2 ',
  '__proto__',
];
const UNICODE = ['\u202Erelu', 'relu\u200B', 'ｍｌｐ', '２５６', '٣', '🧠', 'e\u0301', '\uFEFF1', 'ℌ', '\uD800', 'Ω≈ç√'];
/** Written raw into the query: the browser keeps these escapes as they are, broken or not. */
export const PERCENT_GARBAGE = ['%', '%%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '%FF%FE', '%2', '%u0041', '%252F'];
const OVERSIZE = [
  'x'.repeat(100_000),
  '9'.repeat(100_000),
  'he_normal,'.repeat(10_000),
  '<img src=x onerror=window.__pwned=1>'.repeat(2_800),
  '%'.repeat(100_000),
];
const BAD_VARIANTS = [
  'kaiming',
  'HE_NORMAL',
  'xavier',
  'he_normall',
  'normal:std=1e9',
  'normal:std=-1',
  'normal:std=NaN',
  'he_normal:mode=sideways',
  'he_normal:gain=1e308',
  'constant:value=-1e9',
  'uniform:limit=Infinity',
  'normal:std=1:std=2',
  'normal:foo=1',
  'normal:std',
  '::',
  ':',
  'normal:',
  'orthogonal:gain=-1',
  ...SCRIPT_PAYLOADS,
];
const UNKNOWN_KEYS = [
  'foo',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'V',
  'Depth',
  'WIDTH',
  '?v',
  'width[]',
  'width.x',
  'init[0]',
  ' width',
  'width ',
  'autorun ',
  'tfjsflags',
  ...SCRIPT_PAYLOADS,
  ...UNICODE,
];

export const arbBadValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HUGE), weight: 4 },
  { arbitrary: fc.constantFrom(...NEGATIVE), weight: 3 },
  { arbitrary: fc.constantFrom(...WRONG_TYPE), weight: 3 },
  { arbitrary: fc.constantFrom(...SCRIPT_PAYLOADS), weight: 3 },
  { arbitrary: fc.constantFrom(...UNICODE), weight: 1 },
  { arbitrary: fc.constantFrom(...PERCENT_GARBAGE), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 },
);

export type Mutation =
  | { op: 'set'; key: string; value: string }
  | { op: 'repeat'; key: string; value: string; times: number }
  | { op: 'unknown'; key: string; value: string }
  | { op: 'init'; text: string }
  | { op: 'drop'; key: string }
  | { op: 'oversize'; inKey: boolean; text: string };

const key = fc.constantFrom(...URL_KEYS);
/** Oversize links are rare (about 1 in 30): each costs a browser far more than a plain one. */
export const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('set' as const), key, value: arbBadValue }), weight: 32 },
  { arbitrary: fc.record({ op: fc.constant('repeat' as const), key, value: arbBadValue, times: fc.constantFrom(1, 2, 5, 50) }), weight: 8 },
  {
    arbitrary: fc.record({
      op: fc.constant('unknown' as const),
      key: fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), arbBadValue),
      value: arbBadValue,
    }),
    weight: 12,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('init' as const),
      text: fc.oneof(
        arbInitText,
        fc
          .array(fc.oneof(fc.constantFrom(...SCHEMES), fc.constantFrom(...BAD_VARIANTS)), { minLength: 1, maxLength: 12 })
          .map((v) => v.join(',')),
      ),
    }),
    weight: 16,
  },
  { arbitrary: fc.record({ op: fc.constant('drop' as const), key }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('oversize' as const), inKey: fc.boolean(), text: fc.constantFrom(...OVERSIZE) }), weight: 1 },
);

type Pairs = [string, string][];

export function applyMutation(pairs: Pairs, m: Mutation): Pairs {
  switch (m.op) {
    case 'set':
      return pairs.some(([k]) => k === m.key) ? pairs.map(([k, v]) => [k, k === m.key ? m.value : v]) : [...pairs, [m.key, m.value]];
    case 'repeat':
      return [...pairs, ...Array.from({ length: m.times }, (): [string, string] => [m.key, m.value])];
    case 'unknown':
      return [...pairs, [m.key, m.value]];
    case 'init':
      return applyMutation(pairs, { op: 'set', key: 'init', value: m.text });
    case 'drop':
      return pairs.filter(([k]) => k !== m.key);
    case 'oversize':
      return m.inKey ? [...pairs, [m.text, '1']] : applyMutation(pairs, { op: 'set', key: 'width', value: m.text });
  }
}

/** Pairs -> query text, escaped as a browser would or pasted raw (then '&', '=' and '#' in values bite). */
export function joinQuery(pairs: Pairs, escaped: boolean): string {
  return escaped ? new URLSearchParams(pairs).toString() : pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

const pairsOf = (query: string): Pairs => [...new URLSearchParams(query)];

/** A link the app itself would write (sometimes with autorun=1, sometimes with a chosen backend). */
export const arbValidQuery: fc.Arbitrary<string> = fc
  .tuple(arbExperiment, fc.boolean(), fc.constantFrom(...BACKEND_PREFERENCES))
  .map(([e, autorun, backend]) => encodeExperiment(e, { autorun, settings: { backend } }));

/** A valid link with one to four things broken in it. */
export const arbMutatedQuery: fc.Arbitrary<string> = fc
  .tuple(arbValidQuery, fc.array(arbMutation, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([query, mutations, escaped]) => joinQuery(mutations.reduce(applyMutation, pairsOf(query)), escaped));
