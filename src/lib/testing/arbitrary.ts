/**
 * fast-check arbitraries shared by the experiment tests (test-only: nothing in the app imports
 * this). Valid experiments are built from LIMITS and the enums in config.ts; hostile query
 * strings mix known keys with junk. limitViolations restates the limits independently of
 * validate.ts, so a bug there cannot hide itself from the tests.
 */
import fc from 'fast-check';
import {
  ACTIVATIONS,
  ARCHS,
  BN_MODES,
  bnModesFor,
  DATASETS,
  DEFAULT_EXPERIMENT,
  ENUM_IDS,
  FAN_MODES,
  KERNEL_SIZES,
  LIMITS,
  OPTIMIZERS,
  SCHEMES,
  ZERO_MODES,
  PARAMS,
  type Experiment,
  type InitChoice,
} from '../experiment/config';
import { initChoiceKey } from '../experiment/validate-init';
import { gridFlops } from '../experiment/sweep';

type Range = readonly [number, number];
const dbl = ([min, max]: Range) => fc.double({ min, max, noNaN: true });
const int = ([min, max]: Range) => fc.integer({ min, max });

const arbInitChoiceOf = (schemes: readonly InitChoice['scheme'][]): fc.Arbitrary<InitChoice> =>
  fc.record(
    {
      scheme: fc.constantFrom(...schemes),
      std: dbl(LIMITS.std),
      limit: dbl(LIMITS.limit),
      value: dbl(LIMITS.value),
      mode: fc.constantFrom(...FAN_MODES),
      gain: dbl(LIMITS.gain),
    },
    { requiredKeys: ['scheme'], noNullPrototype: true },
  );
export const arbInitChoice: fc.Arbitrary<InitChoice> = arbInitChoiceOf(SCHEMES);

const arbInitListOf = (choice: fc.Arbitrary<InitChoice>): fc.Arbitrary<InitChoice[]> =>
  fc.uniqueArray(choice, {
    minLength: LIMITS.variants[0],
    maxLength: LIMITS.variants[1],
    selector: initChoiceKey,
  });
export const arbInitList: fc.Arbitrary<InitChoice[]> = arbInitListOf(arbInitChoice);
/** lsuv's data pass is a dense forward: only plain MLPs take it (restated: validate.ts initArchIssue). */
const arbNonMlpInitList = arbInitListOf(arbInitChoiceOf(SCHEMES.filter((s) => s !== 'lsuv')));

/**
 * Any valid experiment. When steps is set, epochs is the default: the URL does not carry
 * epochs then (it plays no part in the run), so only such experiments round-trip exactly.
 */
export const arbExperiment: fc.Arbitrary<Experiment> = fc.constantFrom(...ARCHS).chain((arch) =>
  fc
    .record(
      {
        arch: fc.constant(arch),
        depth: int(LIMITS.depth[arch]),
        width: int(LIMITS.width),
        channels: int(LIMITS.channels),
        kernel: fc.constantFrom(...KERNEL_SIZES),
        act: fc.constantFrom(...ACTIVATIONS),
        slope: dbl(LIMITS.slope),
        init: arch === 'mlp' ? arbInitList : arbNonMlpInitList,
        gain: fc.oneof(fc.constantFrom('auto' as const, 'act' as const), dbl(LIMITS.gain)),
        bias: dbl(LIMITS.bias),
        bn: fc.uniqueArray(fc.constantFrom(...bnModesFor(arch)), { minLength: 1, maxLength: bnModesFor(arch).length }),
        zero: fc.uniqueArray(fc.constantFrom(...ZERO_MODES), { minLength: 1, maxLength: ZERO_MODES.length }),
        param: fc.uniqueArray(fc.constantFrom(...PARAMS), { minLength: 1, maxLength: PARAMS.length }),
        base: int(LIMITS.base),
        opt: fc.constantFrom(...OPTIMIZERS),
        lr: dbl(LIMITS.lr),
        bs: int(LIMITS.bs),
        epochs: int(LIMITS.epochs),
        steps: fc.option(int(LIMITS.steps), { nil: null }),
        seeds: int(LIMITS.seeds),
        seed: int(LIMITS.seed),
        data: fc.constantFrom(...DATASETS),
      },
      { noNullPrototype: true },
    )
    // Variants multiply (init x bn x zero x param) and are capped: shorten the bn, zero and param lists to fit.
    .map((e) => {
      const bn = e.bn.slice(0, Math.max(1, Math.floor(LIMITS.variants[1] / e.init.length)));
      const zero = e.zero.slice(0, Math.max(1, Math.floor(LIMITS.variants[1] / (e.init.length * bn.length))));
      const param = e.param.slice(0, Math.max(1, Math.floor(LIMITS.variants[1] / (e.init.length * bn.length * zero.length))));
      return { ...e, bn, zero, param };
    })
    .filter((e) => e.init.length * e.bn.length * e.zero.length * e.param.length <= LIMITS.variants[1])
    .map((e) => (e.steps === null ? e : { ...e, epochs: DEFAULT_EXPERIMENT.epochs }))
    .map((e): Experiment => ({ ...e, sweep: [] })),
);

/** A valid sweep's values: 2..5 distinct numbers within the field's own limits. */
const sweepValues = (key: 'lr' | 'bias' | 'depth', arch: Experiment['arch']) =>
  key === 'depth'
    ? fc.uniqueArray(int(LIMITS.depth[arch]), { minLength: 2, maxLength: 5 })
    : fc.uniqueArray(dbl(LIMITS[key]), { minLength: 2, maxLength: 5, comparator: 'SameValueZero' });

/**
 * Any valid experiment with one or two sweeps: short (1..20 steps, one seed) so that the grid
 * stays within the lab's run and work limits, which `gridOk` restates.
 */
export const arbSweptExperiment: fc.Arbitrary<Experiment> = arbExperiment
  .chain((e) =>
    fc
      .uniqueArray(fc.constantFrom('lr' as const, 'bias' as const, 'depth' as const), { minLength: 1, maxLength: 2 })
      .chain((keys) => fc.tuple(...keys.map((key) => sweepValues(key, e.arch).map((values) => ({ key, values })))))
      .chain((sweep) =>
        fc.integer({ min: 1, max: 20 }).map((steps) => ({ ...e, steps, epochs: DEFAULT_EXPERIMENT.epochs, seeds: 1, sweep })),
      ),
  )
  .filter((e) => gridRuns(e) <= LIMITS.sweepRuns && gridFlops(e) <= LIMITS.sweepTeraflops * 1e12);

/** Runs of a grid: cells × variants × seeds, restated. */
export function gridRuns(e: Experiment): number {
  return e.sweep.reduce((n, s) => n * s.values.length, 1) * e.init.length * e.bn.length * e.zero.length * e.param.length * e.seeds;
}

const NASTY = [
  '',
  '1e309',
  '-1e309',
  '1e-400',
  '1000000000',
  '-5',
  '-1',
  '-0',
  '0',
  '2.5',
  '1.',
  '.5',
  '+3',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '0b1',
  '1_000',
  ' 2',
  '2 ',
  '1e',
  'e5',
  '--1',
  'null',
  'true',
  'undefined',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '%',
  '%zz',
  '%E0%A4%A',
  '+',
  '&',
  '=',
  ',',
  ':',
  ',,,',
  'x'.repeat(10_000),
  '9'.repeat(10_000),
  '1' + '0'.repeat(400),
  'he_normal,'.repeat(1_000),
  'bogus,'.repeat(1_000),
  '__proto__',
];
const ENUM_WORDS = [...ENUM_IDS, 'auto', 'act', '3', '5'];

const numberish = fc.oneof(
  fc.constantFrom(...NASTY.slice(0, 26)),
  fc.integer().map(String),
  fc.double().map(String),
  fc.integer({ min: -2, max: 40 }).map(String),
);

const paramText = fc
  .tuple(
    fc.constantFrom('std', 'limit', 'value', 'mode', 'gain', 'foo', '', 'std='),
    fc.oneof(numberish, fc.constantFrom('fan_in', 'fan_out', 'sideways')),
    fc.boolean(),
  )
  .map(([name, value, withEq]) => (withEq ? `${name}=${value}` : name));
const variantText = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constantFrom(...SCHEMES), weight: 4 }, fc.string({ maxLength: 8 })),
    fc.array(fc.oneof({ arbitrary: paramText, weight: 4 }, fc.string({ maxLength: 6 })), { maxLength: 4 }),
  )
  .map(([scheme, params]) => [scheme, ...params].join(':'));
/** Init lists as a person (or an attacker) might type them: mostly plausible, often wrong. */
export const arbInitText: fc.Arbitrary<string> = fc.array(variantText, { maxLength: 14 }).map((vs) => vs.join(','));

const arbValue = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  { arbitrary: fc.constantFrom(...ENUM_WORDS), weight: 3 },
  { arbitrary: numberish, weight: 3 },
  { arbitrary: arbInitText, weight: 2 },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
);

export function arbQuery(knownKeys: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...knownKeys), weight: 8 },
    { arbitrary: fc.constantFrom('foo', '__proto__', 'constructor', 'toString', 'V', 'Depth', '', '?v'), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
  );
  return fc.tuple(fc.boolean(), fc.array(fc.tuple(key, arbValue), { maxLength: 30 }), fc.boolean()).map(([question, pairs, escaped]) => {
    // Escaped like a browser would (URLSearchParams replaces lone surrogates instead of
    // throwing as encodeURIComponent does), or raw as a person might paste it.
    const body = escaped ? new URLSearchParams(pairs).toString() : pairs.map(([k, v]) => `${k}=${v}`).join('&');
    return (question ? '?' : '') + body;
  });
}

const inRange = (v: unknown, [lo, hi]: Range, isInt: boolean) =>
  typeof v === 'number' && v >= lo && v <= hi && (!isInt || Number.isInteger(v));
const oneOf = (v: unknown, values: readonly unknown[]) => values.includes(v);

/** Names of the fields of `e` outside LIMITS or their enums, restated here without validate.ts. */
export function limitViolations(e: Experiment): string[] {
  const bad: string[] = [];
  const need = (ok: boolean, name: string) => ok || bad.push(name);
  need(oneOf(e.arch, ARCHS), 'arch');
  need(oneOf(e.arch, ARCHS) && inRange(e.depth, LIMITS.depth[e.arch], true), 'depth');
  need(inRange(e.width, LIMITS.width, true), 'width');
  need(inRange(e.channels, LIMITS.channels, true), 'channels');
  need(oneOf(e.kernel, KERNEL_SIZES), 'kernel');
  need(oneOf(e.act, ACTIVATIONS), 'act');
  need(inRange(e.slope, LIMITS.slope, false), 'slope');
  need(e.gain === 'auto' || e.gain === 'act' || inRange(e.gain, LIMITS.gain, false), 'gain');
  need(inRange(e.bias, LIMITS.bias, false), 'bias');
  const list = (v: unknown, values: readonly string[]) =>
    Array.isArray(v) && v.length > 0 && v.every((x) => values.includes(x)) && new Set(v).size === v.length;
  // Residual blocks have no place for BN after the activation (restated: architectures.ts).
  const residual = e.arch === 'resmlp' || e.arch === 'rescnn';
  need(list(e.bn, BN_MODES) && !(residual && e.bn.includes('after')), 'bn');
  need(list(e.zero, ZERO_MODES), 'zero');
  need(list(e.param, PARAMS), 'param');
  need(inRange(e.base, LIMITS.base, true), 'base');
  const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const count = len(e.init) * len(e.bn) * len(e.zero) * len(e.param);
  need(count <= LIMITS.variants[1], 'variants');
  need(oneOf(e.opt, OPTIMIZERS), 'opt');
  need(inRange(e.lr, LIMITS.lr, false), 'lr');
  need(inRange(e.bs, LIMITS.bs, true), 'bs');
  need(inRange(e.epochs, LIMITS.epochs, true), 'epochs');
  need(e.steps === null || inRange(e.steps, LIMITS.steps, true), 'steps');
  need(inRange(e.seeds, LIMITS.seeds, true), 'seeds');
  need(inRange(e.seed, LIMITS.seed, true), 'seed');
  need(oneOf(e.data, DATASETS), 'data');
  const sweeps = Array.isArray(e.sweep) ? e.sweep : null;
  const sweepOk =
    sweeps !== null &&
    sweeps.length <= LIMITS.sweeps[1] &&
    new Set(sweeps.map((s) => s.key)).size === sweeps.length &&
    sweeps.every(
      (s) =>
        ['width', 'channels', 'depth', 'lr', 'gain', 'bias', 'slope'].includes(s.key) &&
        Array.isArray(s.values) &&
        s.values.length >= LIMITS.sweepValues[0] &&
        s.values.length <= LIMITS.sweepValues[1] &&
        new Set(s.values).size === s.values.length &&
        s.values.every((v) =>
          s.key === 'depth'
            ? inRange(v, LIMITS.depth[e.arch] ?? [1, 1], true)
            : inRange(v, LIMITS[s.key], s.key === 'width' || s.key === 'channels'),
        ),
    ) &&
    (sweeps.length === 0 || gridRuns(e) <= LIMITS.sweepRuns);
  need(sweepOk, 'sweep');
  const init = Array.isArray(e.init) ? e.init : [];
  need(init.length >= LIMITS.variants[0] && init.length <= LIMITS.variants[1], 'init');
  for (const c of init) {
    const ok =
      oneOf(c.scheme, SCHEMES) &&
      (c.std === undefined || inRange(c.std, LIMITS.std, false)) &&
      (c.limit === undefined || inRange(c.limit, LIMITS.limit, false)) &&
      (c.value === undefined || inRange(c.value, LIMITS.value, false)) &&
      (c.gain === undefined || inRange(c.gain, LIMITS.gain, false)) &&
      (c.mode === undefined || oneOf(c.mode, FAN_MODES)) &&
      Object.keys(c).every((k) => ['scheme', 'std', 'limit', 'value', 'mode', 'gain'].includes(k)) &&
      // LSUV's pass over training digits is a dense forward: plain MLPs only.
      (c.scheme !== 'lsuv' || e.arch === 'mlp');
    need(ok, 'init');
  }
  return bad;
}
