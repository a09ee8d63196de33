import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './config';
import { arbInitList, arbInitText, limitViolations } from '../testing/arbitrary';
import { formatInitList, parseInitList } from './init-spec';
import { DEFAULT_EXPERIMENT } from './config';

const parse = (t: string) => parseInitList(t);

describe('init list syntax', () => {
  it('parse(format(list)) is exactly the list, with no problems', () => {
    fc.assert(
      fc.property(arbInitList, (init) => {
        expect(parse(formatInitList(init))).toStrictEqual({ init, problems: [] });
      }),
      { numRuns: 1000 },
    );
  });

  it('always yields 1..8 distinct valid variants, whatever the text', () => {
    const check = (text: string) => {
      const { init, problems } = parse(text);
      expect(limitViolations({ ...DEFAULT_EXPERIMENT, init })).toEqual([]);
      expect(new Set(init.map((c) => formatInitList([c]))).size).toBe(init.length);
      for (const p of problems) {
        expect(p.key).toBe('init');
        expect(p.value.length).toBeLessThanOrEqual(61);
      }
      expect(problems.length).toBeLessThanOrEqual(10);
    };
    fc.assert(fc.property(arbInitText, check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 300 });
  });

  it('writes params in the order std, limit, value, mode, gain', () => {
    expect(formatInitList([{ gain: 2, mode: 'fan_out', scheme: 'he_normal', std: 1, value: -3, limit: 0.5 }])).toBe(
      'he_normal:std=1:limit=0.5:value=-3:mode=fan_out:gain=2',
    );
    expect(formatInitList([{ scheme: 'zeros' }, { scheme: 'orthogonal', gain: 1 }])).toBe('zeros,orthogonal:gain=1');
  });

  it('reads params, in any order', () => {
    expect(parse('he_normal:gain=1:mode=fan_out').init).toEqual([{ scheme: 'he_normal', mode: 'fan_out', gain: 1 }]);
    expect(parse('uniform:limit=0.1,constant:value=-2').init).toEqual([
      { scheme: 'uniform', limit: 0.1 },
      { scheme: 'constant', value: -2 },
    ]);
  });

  it('tolerates spaces around variants', () => {
    expect(parse('he_normal, xavier_uniform ')).toEqual({ init: [{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }], problems: [] });
  });

  it('drops a bad param but keeps its variant', () => {
    const cases: [string, string][] = [
      ['normal:std=-1', 'init: normal:std=-1 is outside 0..100; dropped it'],
      ['normal:std=abc', 'init: normal:std=abc is not a number; dropped it'],
      ['normal:std=0x1', 'init: normal:std=0x1 is not a number; dropped it'],
      ['normal:std=1e309', 'init: normal:std=1e309 is outside 0..100; dropped it'],
      ['normal:mode=sideways', 'init: normal:mode=sideways is not fan_in or fan_out; dropped it'],
      ['normal:foo=1', 'init: normal:foo=1 is not a parameter (std, limit, value, mode, gain); dropped it'],
      ['normal:std', 'init: normal:std has no value (write std=…); dropped it'],
    ];
    for (const [text, message] of cases) {
      expect(parse(text), text).toEqual({ init: [{ scheme: 'normal' }], problems: [{ key: 'init', value: text.slice(7), message }] });
    }
    const twice = parse('normal:std=0.1:std=0.2');
    expect(twice.init).toEqual([{ scheme: 'normal', std: 0.1 }]);
    expect(twice.problems).toHaveLength(1);
  });

  it('drops exact duplicates but keeps the same scheme with other params', () => {
    const d = parse('he_normal,he_normal,he_normal:mode=fan_out');
    expect(d.init).toEqual([{ scheme: 'he_normal' }, { scheme: 'he_normal', mode: 'fan_out' }]);
    expect(d.problems.map((p) => p.message)).toEqual(['init: he_normal repeats an earlier variant; dropped the repeat']);
  });

  it(`keeps at most ${LIMITS.variants[1]} variants`, () => {
    const schemes = [
      'zeros',
      'constant',
      'normal',
      'uniform',
      'xavier_uniform',
      'xavier_normal',
      'he_uniform',
      'he_normal',
      'lecun_uniform',
      'orthogonal',
    ];
    const d = parse(schemes.join(','));
    expect(d.init.map((c) => c.scheme)).toEqual(schemes.slice(0, 8));
    expect(d.problems).toEqual([{ key: 'init', value: 'lecun_uniform', message: 'init lists more than 8 variants; dropped the last 2' }]);
  });

  it('falls back to the default when nothing valid remains', () => {
    expect(parse('')).toEqual({
      init: [{ scheme: 'he_normal' }],
      problems: [{ key: 'init', value: '', message: 'init= has no valid variant; using he_normal' }],
    });
    const d = parse('bogus,also_bogus');
    expect(d.init).toEqual([{ scheme: 'he_normal' }]);
    expect(d.problems.map((p) => p.value)).toEqual(['bogus', 'also_bogus', 'bogus,also_bogus']);
  });

  it('reports stray commas once', () => {
    const d = parse('he_normal,,,xavier_normal,');
    expect(d.init).toHaveLength(2);
    expect(d.problems.map((p) => p.message)).toEqual(['init has 3 empty variants (a stray comma); skipped']);
  });

  it('caps the problems of a pathological list', () => {
    const d = parse('bogus,'.repeat(5_000) + 'normal');
    expect(d.init).toEqual([{ scheme: 'normal' }]);
    expect(d.problems).toHaveLength(9);
    expect(d.problems[8].message).toBe('init: 4992 more problems not listed');
  });
});
