import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from './config';
import { arbExperiment, arbQuery, limitViolations } from '../testing/arbitrary';
import { arbMutatedQuery } from '../testing/arbitrary-url';
import { URL_KEYS, decodeExperiment, describeExperiment, encodeExperiment, type Decoded } from './url';
import { validateExperiment } from './sanitize';
import { BACKEND_PREFERENCES, DEFAULT_PAGE_SETTINGS } from './page-settings';

const decode = (q: string) => decodeExperiment(q);
const keysOf = (d: Decoded) => d.problems.map((p) => p.key);
const withDefaults = (patch: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, ...patch });

describe('encode/decode round trip', () => {
  it('decode(encode(e)) is exactly e, with no problems, for any valid experiment', () => {
    fc.assert(
      fc.property(arbExperiment, fc.boolean(), fc.constantFrom(...BACKEND_PREFERENCES), (e, autorun, backend) => {
        const d = decode(encodeExperiment(e, { autorun, settings: { backend } }));
        expect(d.experiment).toStrictEqual(e);
        expect(d.problems).toEqual([]);
        expect(d.ignored).toEqual([]);
        expect(d.autorun).toBe(autorun);
        expect(d.settings).toEqual({ backend });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps -0 and tiny/odd doubles exact', () => {
    const e = withDefaults({ bias: -0, lr: 1.0000000000000002e-6, slope: 5e-324, init: [{ scheme: 'constant', value: -0 }] });
    const back = decode(encodeExperiment(e)).experiment;
    expect(Object.is(back.bias, -0)).toBe(true);
    expect(Object.is(back.init[0].value, -0)).toBe(true);
    expect(back).toStrictEqual(e);
  });

  it('writes readable text that URLSearchParams reads back value for value', () => {
    fc.assert(
      fc.property(arbExperiment, (e) => {
        const text = encodeExperiment(e);
        expect(text).toMatch(/^[A-Za-z0-9_.,:=&-]+$/); // nothing escaped, nothing unsafe
        const params = new URLSearchParams(text);
        const keys = [...params.keys()];
        // No sweep= without sweeps (arbExperiment has none; sweep.test.ts covers them).
        const written = URL_KEYS.filter((k) => !['autorun', 'backend', 'sweep', e.steps === null ? 'steps' : 'epochs'].includes(k));
        expect(keys).toEqual(written);
        for (const [k, v] of params) expect(`${k}=${v}`).toBe(text.split('&').find((p) => p.startsWith(`${k}=`)));
      }),
      { numRuns: 300 },
    );
  });

  it('writes every key in the documented order, defaults included', () => {
    expect(encodeExperiment(DEFAULT_EXPERIMENT)).toBe(
      'v=1&arch=mlp&depth=2&width=256&channels=16&kernel=3&act=relu&slope=0.01&init=he_normal&gain=auto' +
        '&bias=0&bn=none&zero=none&param=sp&base=64&opt=adam&lr=0.001&bs=64&epochs=3&seeds=1&seed=1&data=mnist10k',
    );
    const e = withDefaults({
      init: [{ scheme: 'normal', std: 0.01 }, { scheme: 'he_normal', gain: 1, mode: 'fan_out' }, { scheme: 'xavier_uniform' }],
      steps: 500,
    });
    const text = encodeExperiment(e, { autorun: true });
    expect(text).toContain('&init=normal:std=0.01,he_normal:mode=fan_out:gain=1,xavier_uniform&');
    expect(text).toContain('&bs=64&steps=500&seeds=1&');
    expect(text).not.toContain('epochs=');
    expect(text.endsWith('&autorun=1')).toBe(true);
    expect(encodeExperiment(e)).not.toContain('autorun');
  });
});

describe('decodeExperiment on hostile input', () => {
  const check = (q: string) => {
    const d = decode(q);
    expect(limitViolations(d.experiment)).toEqual([]);
    expect(validateExperiment(d.experiment)).toEqual([]);
    for (const p of d.problems) {
      expect(p.value.length).toBeLessThanOrEqual(61);
      expect(typeof p.message).toBe('string');
      expect(URL_KEYS).toContain(p.key);
    }
    for (const k of d.ignored) expect(k.length).toBeLessThanOrEqual(61);
    expect(typeof d.autorun).toBe('boolean');
    expect(BACKEND_PREFERENCES).toContain(d.settings.backend);
  };
  it('never throws and lets nothing outside the limits through: random strings', () => {
    fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 500 });
  });
  it('never throws and lets nothing outside the limits through: key/value soup', () => {
    fc.assert(fc.property(arbQuery(URL_KEYS), check), { numRuns: 1000 });
  });
  it('never throws and lets nothing outside the limits through: valid links, broken (the e2e fuzz corpus)', () => {
    fc.assert(
      fc.property(arbMutatedQuery, (q) => {
        check(q);
        // The page lists each message as is: each must name the key it is about.
        for (const p of decode(q).problems) expect(p.message).toContain(p.key);
      }),
      { numRuns: 300 },
    );
  });
  it('survives a few handpicked monsters', () => {
    for (const q of [
      'width=' + '9'.repeat(10_000),
      'init=' + 'he_normal:std=1,'.repeat(5_000),
      'init=' + 'bogus,'.repeat(5_000),
      'init=' + 'normal:std=abc'.repeat(2_000),
      'x'.repeat(10_000) + '=1',
      'depth=1e309&width=-8&seed=1e9&steps=10000000000&bs=-0&lr=-1e309',
      '%ZZ=%E0%A4%A&depth=%',
      '&&&==&=',
    ]) {
      check(q);
      expect(decode(q).problems.length).toBeLessThan(40);
    }
  });
});

describe('decodeExperiment hand cases', () => {
  it('empty query -> defaults, no problems', () => {
    for (const q of ['', '?']) {
      expect(decode(q)).toEqual({
        experiment: DEFAULT_EXPERIMENT,
        autorun: false,
        settings: DEFAULT_PAGE_SETTINGS,
        problems: [],
        ignored: [],
      });
    }
  });
  it('does not share the default init array with DEFAULT_EXPERIMENT', () => {
    expect(decode('').experiment.init).not.toBe(DEFAULT_EXPERIMENT.init);
  });
  it('a leading ? is optional', () => {
    expect(decode('?depth=4&act=tanh')).toEqual(decode('depth=4&act=tanh'));
    expect(decode('?depth=4').experiment.depth).toBe(4);
  });
  it('depth=abc -> default and a problem naming depth', () => {
    const d = decode('depth=abc');
    expect(d.experiment.depth).toBe(2);
    expect(d.problems).toEqual([{ key: 'depth', value: 'abc', message: 'depth=abc is not a whole number; using 2' }]);
  });
  it('refuses sizes outside the limits and non-integers', () => {
    const d = decode('width=1000000000&channels=-16&bs=2.5&seed=0x10&lr=Infinity&epochs=');
    expect(d.experiment).toEqual(DEFAULT_EXPERIMENT);
    expect(keysOf(d)).toEqual(['width', 'channels', 'lr', 'bs', 'epochs', 'seed']);
    expect(d.problems[0].message).toBe('width=1000000000 is outside 8..1024; using 256');
  });
  it('judges depth against the arch: cnn allows at most 6', () => {
    const d = decode('arch=cnn&depth=30');
    expect(d.experiment.arch).toBe('cnn');
    expect(d.experiment.depth).toBe(2);
    expect(d.problems[0].message).toBe('depth=30 is outside 1..6; using 2');
    expect(decode('arch=mlp&depth=30').problems).toEqual([]);
  });
  it('drops an unknown init scheme and keeps the rest', () => {
    const d = decode('init=he_normal,bogus,xavier_uniform');
    expect(d.experiment.init).toEqual([{ scheme: 'he_normal' }, { scheme: 'xavier_uniform' }]);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatchObject({ key: 'init', value: 'bogus' });
  });
  it('reads init params', () => {
    expect(decode('init=normal:std=0.05').experiment.init).toEqual([{ scheme: 'normal', std: 0.05 }]);
    const escaped = decode(new URLSearchParams({ init: 'normal:std=0.05,he_uniform:mode=fan_out' }).toString());
    expect(escaped.experiment.init).toEqual([
      { scheme: 'normal', std: 0.05 },
      { scheme: 'he_uniform', mode: 'fan_out' },
    ]);
  });
  it('reads init=lsuv alone or beside other schemes, and writes it back as it was', () => {
    const d = decode('init=orthogonal,lsuv');
    expect(d.problems).toEqual([]);
    expect(d.experiment.init).toEqual([{ scheme: 'orthogonal' }, { scheme: 'lsuv' }]);
    expect(encodeExperiment(d.experiment)).toContain('init=orthogonal,lsuv');
    // Like every scheme, lsuv parses the generic params; it uses none (a gain is divided away).
    expect(decode('init=lsuv:gain=2').experiment.init).toEqual([{ scheme: 'lsuv', gain: 2 }]);
  });
  it('drops lsuv for conv and residual nets, naming the arch, and falls back to the default when nothing is left', () => {
    const cnn = decode('arch=cnn&init=lsuv');
    expect(cnn.experiment.init).toEqual(DEFAULT_EXPERIMENT.init);
    expect(cnn.problems.map((p) => p.message)).toEqual([
      'init: lsuv is implemented for arch=mlp only (its pass over training digits is a dense forward), not cnn; dropped that variant',
      'init=lsuv has no variant cnn can take; using he_normal',
    ]);
    const res = decode('arch=resmlp&init=xavier_normal,lsuv');
    expect(res.experiment.init).toEqual([{ scheme: 'xavier_normal' }]);
    expect(res.problems).toHaveLength(1);
    expect(res.problems[0]).toMatchObject({ key: 'init', value: 'lsuv' });
    expect(res.problems[0].message).toContain('not resmlp');
  });
  it('never lets lsuv through on an arch other than mlp, whatever else the link holds', () => {
    const archs = ['mlp', 'cnn', 'resmlp', 'rescnn'] as const;
    fc.assert(
      fc.property(arbExperiment, fc.constantFrom(...archs), (e, arch) => {
        const query = encodeExperiment({ ...e, arch: 'mlp', depth: 1, init: [{ scheme: 'lsuv' as const }, ...e.init].slice(0, 8) }).replace(
          'arch=mlp',
          `arch=${arch}`,
        );
        const d = decode(query);
        expect(limitViolations(d.experiment)).toEqual([]);
        expect(d.experiment.init.some((c) => c.scheme === 'lsuv')).toBe(arch === 'mlp');
      }),
      { numRuns: 200 },
    );
  });
  it('reads gain as auto, act or a number', () => {
    expect(decode('gain=act').experiment.gain).toBe('act');
    expect(decode('gain=1.5').experiment.gain).toBe(1.5);
    const d = decode('gain=huge');
    expect(d.experiment.gain).toBe('auto');
    expect(keysOf(d)).toEqual(['gain']);
    expect(decode('gain=101').experiment.gain).toBe('auto');
  });
  it('uses the first of a repeated key and says so', () => {
    const d = decode('lr=0.1&lr=0.2&lr=0.3');
    expect(d.experiment.lr).toBe(0.1);
    expect(d.problems).toEqual([{ key: 'lr', value: '0.2', message: 'lr is given 3 times; using the first, lr=0.1' }]);
  });
  it('lists unknown keys as ignored, not as problems', () => {
    const d = decode('foo=1&depth=3&foo=2&Depth=9');
    expect(d.ignored).toEqual(['foo', 'Depth']);
    expect(d.problems).toEqual([]);
    expect(d.experiment.depth).toBe(3);
  });
  it('autorun only for exactly 1 or true', () => {
    expect(decode('autorun=1').autorun).toBe(true);
    expect(decode('autorun=true').autorun).toBe(true);
    expect(decode('autorun=0')).toMatchObject({ autorun: false, problems: [] });
    expect(decode('autorun=yes')).toMatchObject({ autorun: false, problems: [{ key: 'autorun' }] });
    expect(decode('autorun=TRUE').autorun).toBe(false);
  });
  it('reads backend as a page setting: written only when chosen, a bad value named and replaced by auto', () => {
    for (const backend of BACKEND_PREFERENCES)
      expect(decode(`backend=${backend}&depth=3`)).toMatchObject({ settings: { backend }, problems: [] });
    expect(encodeExperiment(DEFAULT_EXPERIMENT, { settings: { backend: 'auto' } })).not.toContain('backend');
    expect(encodeExperiment(DEFAULT_EXPERIMENT, { settings: { backend: 'wasm' }, autorun: true })).toMatch(
      /&data=mnist10k&backend=wasm&autorun=1$/,
    );
    const d = decode('backend=bogus&depth=3');
    expect(d.settings.backend).toBe('auto');
    expect(d.experiment.depth).toBe(3);
    expect(d.problems).toEqual([
      { key: 'backend', value: 'bogus', message: 'backend=bogus is not one of auto, webgl, webgpu, wasm, cpu; using auto' },
    ]);
    // Case matters, as for every enum key: WASM is not wasm.
    expect(decode('backend=WASM').settings.backend).toBe('auto');
    expect(decode('backend=cpu&backend=webgl')).toMatchObject({ settings: { backend: 'cpu' }, problems: [{ key: 'backend' }] });
  });
  it('reads v=1 silently and any other version with a problem', () => {
    expect(decode('v=1').problems).toEqual([]);
    const d = decode('v=2&depth=3');
    expect(d.experiment.depth).toBe(3);
    expect(d.problems).toEqual([{ key: 'v', value: '2', message: 'unknown version v=2; reading as v1' }]);
  });
  it('steps vs epochs', () => {
    expect(decode('epochs=7').experiment).toMatchObject({ epochs: 7, steps: null });
    expect(decode('steps=200').experiment).toMatchObject({ epochs: 3, steps: 200 });
    expect(decode('steps=200&epochs=7').experiment).toMatchObject({ epochs: 7, steps: 200 });
    const d = decode('steps=0');
    expect(d.experiment.steps).toBeNull();
    expect(d.problems[0].message).toBe('steps=0 is outside 1..100000; using none');
  });
  it('clips an oversize value to 60 characters plus an ellipsis', () => {
    const d = decode('act=' + 'a'.repeat(10_000));
    expect(d.problems[0].value).toBe('a'.repeat(60) + '…');
    expect(d.problems[0].message.length).toBeLessThan(200);
  });
  it('keeps markup as inert text in messages', () => {
    const d = decode('act=<script>alert(1)</script>');
    expect(d.problems[0].message).toBe(
      'act=<script>alert(1)</script> is not one of relu, leaky_relu, tanh, sigmoid, linear, elu, selu, gelu; using relu',
    );
  });
});

describe('param and base (μP)', () => {
  it('an old link without param or base opens as SP with base 64, with no problem', () => {
    const old = 'v=1&arch=mlp&depth=3&width=512&init=he_normal&bn=none&zero=none&opt=adam&lr=0.01';
    const d = decode(old);
    expect(d.problems).toEqual([]);
    expect([d.experiment.param, d.experiment.base]).toEqual([['sp'], 64]);
  });
  it('reads param=sp,mup and base, and names a bad one', () => {
    const d = decode('param=sp,mup&base=128&width=1024');
    expect([d.experiment.param, d.experiment.base, d.problems]).toEqual([['sp', 'mup'], 128, []]);
    expect(encodeExperiment(d.experiment)).toContain('&zero=none&param=sp,mup&base=128&opt=');
    expect(decode('param=ntk').problems.map((p) => p.message)).toEqual(['param=ntk is not a list of sp, mup; using sp']);
    expect(decode('base=2000').problems.map((p) => p.message)).toEqual(['base=2000 is outside 8..1024; using 64']);
  });
  it('describeExperiment names μP and its base, and describes a config saved before param existed', () => {
    expect(describeExperiment(decode('param=sp,mup&base=32').experiment)).toContain('· adam lr 0.001 · SP vs μP base 32 · bs 64 ·');
    expect(describeExperiment(decode('param=mup').experiment)).toContain('· μP base 64 ·');
    const { param: _p, base: _b, ...older } = DEFAULT_EXPERIMENT;
    expect(describeExperiment(older as Experiment)).toBe(describeExperiment(DEFAULT_EXPERIMENT));
  });
});

describe('describeExperiment', () => {
  it('summarises the defaults in one line', () => {
    expect(describeExperiment(DEFAULT_EXPERIMENT)).toBe('MLP 2×256 relu · he_normal · adam lr 0.001 · bs 64 · 3 epochs · seed 1');
  });
  it('mentions what differs from the plain case', () => {
    const e = withDefaults({
      arch: 'rescnn',
      depth: 4,
      channels: 32,
      kernel: 5,
      act: 'leaky_relu',
      slope: 0.2,
      bn: ['after'],
      zero: ['gamma'],
      init: [{ scheme: 'he_normal' }, { scheme: 'normal', std: 0.02 }],
      gain: 'act',
      opt: 'sgd',
      lr: 0.1,
      steps: 1,
      seeds: 3,
      seed: 7,
      data: 'idx',
    });
    expect(describeExperiment(e)).toBe(
      'ResCNN 4×32ch k5 leaky_relu(0.2) BN after zero-init gamma · he_normal vs normal:std=0.02 gain act · ' +
        'sgd lr 0.1 · bs 64 · 1 step · seeds 7..9 · own IDX data',
    );
  });
});
