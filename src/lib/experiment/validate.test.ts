import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from './config';
import { arbExperiment, limitViolations } from '../testing/arbitrary';
import { clip, parseNumberText } from './value-text';
import { LATER_FIELDS, withLaterFields } from './validate';
import { sanitizeExperiment, validateExperiment } from './sanitize';

const withDefaults = (patch: Record<string, unknown>) => ({ ...DEFAULT_EXPERIMENT, ...patch });

describe('validateExperiment', () => {
  it('accepts every valid experiment', () => {
    fc.assert(
      fc.property(arbExperiment, (e) => {
        expect(validateExperiment(e)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  // One bad value per field; each must be caught and named, whatever else the experiment holds.
  const BAD: [keyof Experiment, unknown[]][] = [
    ['arch', ['MLP', 'transformer', 1, null]],
    ['depth', [0, 33, 2.5, NaN, '2']],
    ['width', [7, 1025, 1e9, -256, Infinity]],
    ['channels', [3, 129, 16.5]],
    ['kernel', [4, 1, '3', 7]],
    ['act', ['swish', '']],
    ['slope', [-0.1, 1.5, NaN]],
    [
      'init',
      [
        [],
        null,
        'he_normal',
        [{ scheme: 'bogus' }],
        [{ scheme: 'normal', std: -1 }],
        [{ scheme: 'normal', std: NaN }],
        [{ scheme: 'he_normal', mode: 'fan_avg' }],
        [{ scheme: 'he_normal', foo: 1 }],
        [{ scheme: 'zeros' }, { scheme: 'zeros' }],
        Array.from({ length: 9 }, (_, i) => ({ scheme: 'constant', value: i })),
      ],
    ],
    ['gain', ['none', -1, 101, NaN, null]],
    ['bias', [-11, 10.5, Infinity]],
    ['bn', ['both']],
    ['zero', ['all']],
    ['param', ['mup', ['ntk'], [], ['sp', 'sp']]],
    ['base', [7, 1025, 64.5, '64']],
    ['opt', ['rmsprop']],
    ['lr', [0, 1e-7, 11, -0.1, -Infinity]],
    ['bs', [0, 1025, 32.5]],
    ['epochs', [0, 51, undefined]],
    ['steps', [0, 100001, 1.5, undefined]],
    ['seeds', [0, 6]],
    ['seed', [-1, 2 ** 31, 0.5]],
    ['data', ['cifar']],
  ];
  const arbBroken = fc
    .tuple(arbExperiment, fc.constantFrom(...BAD))
    .chain(([e, [key, values]]) => fc.constantFrom(...values).map((bad) => ({ e: { ...e, [key]: bad } as Experiment, key })));

  it('names the one bad field, and sanitize repairs it', () => {
    fc.assert(
      fc.property(arbBroken, ({ e, key }) => {
        const problems = validateExperiment(e);
        expect(problems.length).toBeGreaterThan(0);
        // Variants multiply (init x bn x zero x param, capped at 8): when a broken init list is cut
        // down to its first 8 variants, a bn, zero or param list may then be reported too, never another field.
        const keys = new Set(problems.map((p) => p.key));
        expect(keys.has(key)).toBe(true);
        const allowed = key === 'init' ? ['init', 'bn', 'zero', 'param'] : [key];
        expect([...keys].every((k) => allowed.includes(k))).toBe(true);
        const fixed = sanitizeExperiment(e).experiment;
        expect(limitViolations(fixed)).toEqual([]);
        expect(validateExperiment(fixed)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('sanitizeExperiment', () => {
  it('leaves a valid experiment unchanged, without sharing or mutating it', () => {
    fc.assert(
      fc.property(arbExperiment, (e) => {
        const copy = structuredClone(e);
        const r = sanitizeExperiment(e);
        expect(r).toStrictEqual({ experiment: copy, problems: [] });
        expect(r.experiment).not.toBe(e);
        expect(r.experiment.init).not.toBe(e.init);
        expect(e).toStrictEqual(copy);
      }),
      { numRuns: 500 },
    );
  });

  it('turns anything that is not an object into the defaults, with one problem', () => {
    for (const raw of [null, undefined, 42, 'mlp', [], [1, 2], true, Symbol('x'), () => 1, 10n]) {
      const r = sanitizeExperiment(raw);
      expect(r.experiment).toStrictEqual(DEFAULT_EXPERIMENT);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].key).toBe('config');
    }
  });

  it('reports every missing field of {}, except those added later (param, base)', () => {
    const r = sanitizeExperiment({});
    expect(r.experiment).toStrictEqual(DEFAULT_EXPERIMENT);
    // Fields added after configs were out in the world (param, base, sweep) take their default unreported.
    const older = Object.keys(DEFAULT_EXPERIMENT).filter((k) => !LATER_FIELDS.includes(k as keyof Experiment));
    expect(LATER_FIELDS).toEqual(['param', 'base', 'sweep']);
    expect(r.problems.map((p) => p.key)).toEqual(older);
    expect(r.problems).toHaveLength(Object.keys(DEFAULT_EXPERIMENT).length - 3);
    expect(r.problems.find((p) => p.key === 'depth')?.message).toBe('depth is missing; using 2');
  });

  it('replaces wrong types, NaN and Infinity by the defaults, by name', () => {
    const r = sanitizeExperiment(withDefaults({ depth: '3', width: NaN, lr: Infinity, act: 7, gain: {}, bn: null }));
    expect(r.experiment).toStrictEqual(DEFAULT_EXPERIMENT);
    expect(r.problems.map((p) => p.message)).toEqual([
      'depth=3 is not a whole number; using 2',
      'width=NaN is not a whole number; using 256',
      'act=7 is not one of relu, leaky_relu, tanh, sigmoid, linear, elu, selu, gelu; using relu',
      'gain={} is not auto, act or a number in 0..100; using auto',
      'bn=null is not a list of none, before, after; using none',
      'lr=Infinity is outside 0.000001..10; using 0.001',
    ]);
  });

  it('refuses BN after the activation in residual nets by name, and keeps it for plain ones', () => {
    for (const arch of ['resmlp', 'rescnn'] as const) {
      const { experiment, problems } = sanitizeExperiment({ ...DEFAULT_EXPERIMENT, arch, bn: ['none', 'after'] });
      expect(problems.map((p) => p.key)).toEqual(['bn']);
      expect(problems[0].message).toBe(
        `bn=["none","after"] is not defined for ${arch}: inside a residual block BN follows each linear layer, so it takes none or before; using none`,
      );
      expect(experiment.bn).toEqual(['none']);
      expect(validateExperiment({ ...DEFAULT_EXPERIMENT, arch, bn: ['none', 'before'] })).toEqual([]);
    }
    expect(validateExperiment({ ...DEFAULT_EXPERIMENT, arch: 'mlp', bn: ['after'] })).toEqual([]);
  });

  it('judges depth against the (sanitized) arch', () => {
    expect(sanitizeExperiment(withDefaults({ arch: 'cnn', depth: 30 })).experiment).toMatchObject({ arch: 'cnn', depth: 2 });
    expect(sanitizeExperiment(withDefaults({ arch: 'bogus', depth: 30 })).experiment).toMatchObject({ arch: 'mlp', depth: 30 });
  });

  it('cleans init variant by variant', () => {
    const r = sanitizeExperiment(
      withDefaults({
        init: [
          { scheme: 'normal', std: -1, foo: 2 },
          'xavier_normal',
          { scheme: 'nope' },
          { scheme: 'he_normal', mode: 'fan_out', gain: undefined },
          { scheme: 'normal' },
        ],
      }),
    );
    expect(r.experiment.init).toStrictEqual([{ scheme: 'normal' }, { scheme: 'he_normal', mode: 'fan_out' }]);
    expect(r.problems.map((p) => p.message)).toEqual([
      'init[0].std=-1 is outside 0..100; dropped it',
      'init[0].foo is not a parameter (std, limit, value, mode, gain); dropped it',
      'init[1] is not an object with a scheme; dropped it',
      'init[2].scheme=nope is not a known scheme; dropped that variant',
      'init: {"scheme":"normal"} repeats an earlier variant; dropped the repeat',
    ]);
  });

  it('refuses lsuv on any arch but mlp, in saved configs as in links (absent from old ones: nothing to report)', () => {
    const r = sanitizeExperiment(
      withDefaults({ arch: 'rescnn', depth: 2, init: [{ scheme: 'lsuv' }, { scheme: 'he_normal', mode: 'fan_out' }] }),
    );
    expect(r.experiment.init).toEqual([{ scheme: 'he_normal', mode: 'fan_out' }]);
    expect(r.problems.map((p) => p.message)).toEqual([
      'init: lsuv is implemented for arch=mlp only (its pass over training digits is a dense forward), not rescnn; dropped that variant',
    ]);
    expect(validateExperiment(withDefaults({ init: [{ scheme: 'lsuv' }] }) as Experiment)).toEqual([]);
    expect(validateExperiment(withDefaults({ arch: 'cnn', init: [{ scheme: 'lsuv' }] }) as Experiment)).toHaveLength(2);
  });

  it('survives JSON that cannot be stringified', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const r = sanitizeExperiment(withDefaults({ init: [cyclic], gain: cyclic, seed: 10n }));
    expect(r.experiment).toStrictEqual(DEFAULT_EXPERIMENT);
    expect(r.problems.map((p) => p.key)).toEqual(['init', 'init', 'gain', 'seed']);
  });
});

describe('param and base (μP)', () => {
  const { param: _param, base: _base, ...older } = DEFAULT_EXPERIMENT;
  it('a config saved before μP existed is valid, with SP and base 64, and no problem', () => {
    const r = sanitizeExperiment({ ...older, width: 512 });
    expect(r.problems).toEqual([]);
    expect([r.experiment.param, r.experiment.base]).toEqual([['sp'], 64]);
    expect(withLaterFields(older as Experiment)).toStrictEqual(DEFAULT_EXPERIMENT);
  });
  it('multiplies the variants: init × bn × zero × param stays at most 8', () => {
    const two = [{ scheme: 'he_normal' as const }, { scheme: 'xavier_normal' as const }];
    const ok = { ...DEFAULT_EXPERIMENT, init: two, bn: ['none', 'before'], param: ['sp', 'mup'] } as Experiment;
    expect(validateExperiment(ok)).toEqual([]);
    const over = { ...ok, bn: ['none', 'before', 'after'] } as Experiment;
    const problems = validateExperiment(over);
    expect(problems.map((p) => p.key)).toEqual(['param']);
    expect(problems[0].message).toBe('param=["sp","mup"] makes 12 variants with init, bn and zero (at most 8); using sp');
  });
  it('refuses a base outside 8..1024 by name', () => {
    const r = sanitizeExperiment({ ...DEFAULT_EXPERIMENT, base: 4 });
    expect(r.problems.map((p) => p.message)).toEqual(['base=4 is outside 8..1024; using 64']);
  });
});

describe('helpers', () => {
  it('parseNumberText takes decimal numbers only', () => {
    const ok: [string, number][] = [
      ['0', 0],
      ['-0', -0],
      ['+3', 3],
      ['2.5', 2.5],
      ['1.', 1],
      ['.5', 0.5],
      ['-2e-3', -0.002],
      ['1E3', 1000],
      ['1e309', Infinity],
    ];
    for (const [text, n] of ok) expect(parseNumberText(text), text).toBe(n);
    for (const text of ['', ' 1', '1 ', '0x10', '0b1', '1_000', 'Infinity', 'NaN', '1e', 'e5', '--1', '.', '1,5', '١']) {
      expect(parseNumberText(text), text).toBeNull();
    }
  });
  it('clip keeps 60 characters and never splits a surrogate pair', () => {
    expect(clip('a'.repeat(60))).toBe('a'.repeat(60));
    expect(clip('a'.repeat(61))).toBe('a'.repeat(60) + '…');
    const cut = clip('a'.repeat(59) + '😀'.repeat(5));
    expect(cut).toBe('a'.repeat(59) + '…');
    expect(cut.length).toBeLessThanOrEqual(61);
  });
});
