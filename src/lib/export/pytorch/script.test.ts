/**
 * The generated script, checked from both sides: its structure is the same for every config
 * (hostile share links included), and its Python agrees with the lab's TypeScript on the
 * initializers' formulas and on the seeded batch order.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, DEFAULT_EXPERIMENT, SCHEMES, type Experiment, type InitChoice } from '../../experiment/config';
import { arbExperiment } from '../../testing/arbitrary';
import { arbMutatedQuery } from '../../testing/arbitrary-url';
import { decodeExperiment } from '../../experiment/url';
import { validateExperiment } from '../../experiment/sanitize';
import { describeInit, type InitContext } from '../../engine/init';
import { epochOrder } from '../../data/batches';
import { deriveSeed } from '../../random/prng';
import { ALLOWED_STRINGS } from './experiment-block';
import { runChecks, tempDir } from '../../testing/python';
import { initialWeightsNpz } from './initial-weights';
import { pytorchRefusal } from './refusal';
import { pytorchScript } from './script';

const DATA = { source: 'mnist10k', train: 8000, validation: 2000 } as const;

function writeScript(dir: string, name: string, e: Experiment): string {
  const path = join(dir, `${name}.py`);
  writeFileSync(path, pytorchScript(e, DATA));
  return path;
}

describe('the experiment block', () => {
  it('refuses an invalid experiment instead of writing it', () => {
    expect(() => pytorchScript({ ...DEFAULT_EXPERIMENT, width: 10 ** 9 }, DATA)).toThrow(/invalid experiment/);
  });

  it('refuses μP, naming it, and writes param and base for SP', async () => {
    const mup = { ...DEFAULT_EXPERIMENT, param: ['sp' as const, 'mup' as const] };
    expect(() => pytorchScript(mup, DATA)).toThrow('The PyTorch export does not apply μP (param=mup)');
    await expect(initialWeightsNpz(mup)).rejects.toThrow(/does not apply μP/);
    const text = pytorchScript(DEFAULT_EXPERIMENT, DATA);
    expect(text).toContain('"param": ["sp"],');
    expect(text).toContain('"base": 64,');
  });

  it('refuses a sweep, naming it: one script trains one experiment', async () => {
    const grid = { ...DEFAULT_EXPERIMENT, sweep: [{ key: 'lr' as const, values: [0.001, 0.01] }] };
    expect(() => pytorchScript(grid, DATA)).toThrow('A sweep (2 cells) is a grid of experiments, and the PyTorch script trains one');
    await expect(initialWeightsNpz(grid)).rejects.toThrow(/A sweep \(2 cells\)/);
    expect(pytorchScript(DEFAULT_EXPERIMENT, DATA)).not.toContain('"sweep"');
  });

  it('writes the config as literals the reader can check by eye', () => {
    const text = pytorchScript(
      {
        ...DEFAULT_EXPERIMENT,
        init: [
          { scheme: 'normal', std: 0.02 },
          { scheme: 'he_normal', mode: 'fan_out' },
        ],
        gain: 1.5,
      },
      DATA,
    );
    expect(text).toContain('"init": [{"scheme": "normal", "std": 0.02}, {"scheme": "he_normal", "mode": "fan_out"}],');
    expect(text).toContain('"gain": 1.5,');
    expect(text).toContain('ADAM_EPSILON = 1e-7');
    expect(text).toContain('BN_MOMENTUM_OLD = 0.9');
  });
});

describe('hostile configs (the URL fuzz corpus) only change values, never code', () => {
  it('every script parses to the clean script’s statements, with only numbers and ids as data', () => {
    const dir = tempDir();
    const hostile = fc.sample(arbMutatedQuery, { seed: 20261202, numRuns: 200 }).map((q) => decodeExperiment(q).experiment);
    const valid = fc.sample(arbExperiment, { seed: 20261203, numRuns: 50 });
    const files = [writeScript(dir, 'clean', DEFAULT_EXPERIMENT)];
    let refused = 0;
    [...hostile, ...valid].forEach((given, i) => {
      // A μP config or a sweep is refused by name; its SP, one-cell twin still goes through the structure check.
      const refusal = pytorchRefusal(given);
      if (refusal) expect(() => pytorchScript(given, DATA)).toThrow(refusal);
      const e: Experiment = refusal ? { ...given, param: ['sp'], sweep: [] } : given;
      if (validateExperiment(e).length) {
        expect(() => pytorchScript(e, DATA)).toThrow();
        refused++;
      } else files.push(writeScript(dir, `case${i}`, e));
    });
    expect(files.length).toBeGreaterThan(200);
    const results = runChecks<{ error?: string; statements: string[]; problems: string[] }[]>(
      'structure',
      { files, allowed: [...ALLOWED_STRINGS] },
      dir,
    );
    const [clean, ...rest] = results;
    expect(clean.error).toBeUndefined();
    expect(clean.statements.filter((s) => s.startsWith('data '))).toEqual(['data EXPERIMENT', 'data LAB_DATA']);
    expect(clean.statements.length).toBeGreaterThan(50);
    rest.forEach((r, i) => {
      expect(r.error, files[i + 1]).toBeUndefined();
      expect(r.problems, files[i + 1]).toEqual([]);
      expect(r.statements, files[i + 1]).toEqual(clean.statements);
    });
    expect(refused).toBeLessThan(files.length);
  });

  it('the check itself catches code smuggled into the data block', () => {
    const dir = tempDir();
    const path = join(dir, 'smuggled.py');
    writeFileSync(path, pytorchScript(DEFAULT_EXPERIMENT, DATA).replace('"arch": "mlp"', '"arch": __import__("os").getcwd()'));
    const [r] = runChecks<{ problems: string[] }[]>('structure', { files: [path], allowed: [...ALLOWED_STRINGS] }, dir);
    expect(r.problems).toEqual(['EXPERIMENT: Call in the data block']);
  });
});

describe('the Python agrees with the lab', () => {
  it('describe_init gives describeInit’s numbers for every scheme, mode, gain and activation', () => {
    const dir = tempDir();
    const script = writeScript(dir, 'describe', DEFAULT_EXPERIMENT);
    const choices: InitChoice[] = SCHEMES.flatMap((scheme) => [
      { scheme },
      { scheme, mode: 'fan_out' as const, gain: 0.7, std: 0.3, limit: 0.2, value: -0.25 },
    ]);
    const shapes = [
      [784, 256],
      [256, 10],
      [3, 3, 16, 32],
      [5, 5, 1, 8],
      [16, 64],
    ];
    const gains: InitContext['gain'][] = ['auto', 'act', 1.5];
    const cases = choices.flatMap((choice) =>
      shapes.flatMap((shape) => ACTIVATIONS.flatMap((act) => gains.map((gain) => ({ choice, shape, act, slope: 0.2, gain })))),
    );
    const py = runChecks<Record<string, number | string | null>[]>('describe', { script, cases }, dir);
    expect(py).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const ts = describeInit(c.choice, c.shape, { act: c.act, slope: c.slope, gain: c.gain });
      const p = py[i];
      const where = JSON.stringify(c);
      expect(p.error, where).toBeUndefined();
      expect(p.dist, where).toBe(ts.distribution);
      expect(p.std, where).toBeCloseTo(ts.std, 14);
      expect(p.bound ?? null, where).toEqual(ts.bound === null ? null : expect.closeTo(ts.bound, 14));
      expect(p.mean, where).toBe(ts.mean);
      expect(p.gain ?? null, where).toEqual(ts.gain === null ? null : expect.closeTo(ts.gain, 14));
      expect([p.fan_in, p.fan_out], where).toEqual([ts.fanIn, ts.fanOut]);
    });
  });

  it('derive_seed and epoch_order give the lab’s seeds and batch order, bit for bit', () => {
    const dir = tempDir();
    const script = writeScript(dir, 'prng', DEFAULT_EXPERIMENT);
    const seeds = [
      { seed: 1, path: ['layer', 0] },
      { seed: 2 ** 31 - 1, path: ['layer', 31] },
      { seed: 0, path: ['epoch', 49] },
      { seed: 12345, path: ['split', 'mnist10k', 7] },
    ];
    const orders = [
      { count: 8000, seed: 1, epoch: 0 },
      { count: 8000, seed: 1, epoch: 2 },
      { count: 50000, seed: 2 ** 31 - 1, epoch: 7 },
      { count: 1, seed: 3, epoch: 0 },
    ];
    const py = runChecks<{ seeds: number[]; orders: number[][] }>('prng', { script, seeds, orders }, dir);
    expect(py.seeds).toEqual(seeds.map((s) => deriveSeed(s.seed, ...s.path)));
    orders.forEach((o, i) => expect(py.orders[i]).toEqual(Array.from(epochOrder(o.count, o.seed, o.epoch))));
  });
});
