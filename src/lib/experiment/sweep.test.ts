import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbExperiment, arbSweptExperiment, limitViolations } from '../testing/arbitrary';
import { DEFAULT_EXPERIMENT, LIMITS, type Experiment } from './config';
import { planRuns, planVariants } from './plan';
import { gridFlops, parseSweep, planCells, sweepText, variantsPerCell } from './sweep';
import { decodeExperiment, encodeExperiment } from './url';
import { sanitizeExperiment, validateExperiment } from './sanitize';

const withDefaults = (patch: Partial<Experiment>): Experiment => ({ ...DEFAULT_EXPERIMENT, ...patch });

describe('the grid of a sweep', () => {
  it('puts each value in, the first sweep varying fastest, with no sweep left in a cell', () => {
    const e = withDefaults({
      sweep: [
        { key: 'width', values: [64, 128] },
        { key: 'lr', values: [0.001, 0.01, 0.1] },
      ],
    });
    const cells = planCells(e);
    expect(cells.map((c) => [c.experiment.width, c.experiment.lr])).toEqual([
      [64, 0.001],
      [128, 0.001],
      [64, 0.01],
      [128, 0.01],
      [64, 0.1],
      [128, 0.1],
    ]);
    expect(cells.map((c) => c.at)).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(cells[3].label).toBe('width=128 · lr=0.01');
    expect(cells.every((c) => c.experiment.sweep.length === 0)).toBe(true);
  });

  it('runs every cell × variant × seed with the same seeds in each cell', () => {
    const e = withDefaults({
      init: [{ scheme: 'he_normal' }, { scheme: 'orthogonal' }],
      seeds: 2,
      sweep: [{ key: 'depth', values: [1, 4, 8] }],
    });
    const runs = planRuns(e);
    expect(runs).toHaveLength(3 * 2 * 2);
    expect(runs.map((r) => r.id).slice(0, 5)).toEqual(['c0v0s0', 'c0v0s1', 'c0v1s0', 'c0v1s1', 'c1v0s0']);
    expect(runs.filter((r) => r.cell === 2).map((r) => r.experiment.depth)).toEqual([8, 8, 8, 8]);
    expect(new Set(runs.filter((r) => r.repeat === 1).map((r) => r.initSeed))).toEqual(new Set([e.seed + 1]));
  });

  it('counts the variants of a cell as planVariants makes them', () => {
    fc.assert(
      fc.property(arbExperiment, (e) => {
        expect(variantsPerCell(e)).toBe(planVariants(e).length);
      }),
    );
  });

  it('is one cell, the experiment itself, without sweeps (ids as before sweeps existed)', () => {
    const runs = planRuns(withDefaults({ seeds: 2 }));
    expect(runs.map((r) => r.id)).toEqual(['v0s0', 'v0s1']);
    expect(runs.every((r) => r.cell === 0)).toBe(true);
  });

  it('counts its training work as flops.ts counts a step, worked by hand', () => {
    // MLP 784-8-10, bs 10: 2·10·(784·8·2 + 8·10·3) = 255,680 FLOPs a step (no dX for the first layer).
    const e = withDefaults({ depth: 1, width: 8, bs: 10, steps: 5, sweep: [{ key: 'lr', values: [0.1, 0.2] }] });
    expect(gridFlops(e)).toBe(2 * 5 * 255_680);
    // A width sweep changes the work per cell: 784·16·2 + 16·10·3 = 25,568 for width 16.
    const w = withDefaults({ depth: 1, bs: 10, steps: 5, sweep: [{ key: 'width', values: [8, 16] }] });
    expect(gridFlops(w)).toBe(5 * 2 * 10 * (12_784 + 25_568));
  });
});

describe('sweep= in the share URL', () => {
  it('decode(encode(e)) is exactly e for any valid swept experiment', () => {
    fc.assert(
      fc.property(arbSweptExperiment, (e) => {
        expect(validateExperiment(e)).toEqual([]);
        expect(limitViolations(e)).toEqual([]);
        const d = decodeExperiment(encodeExperiment(e));
        expect(d.problems).toEqual([]);
        expect(d.experiment).toStrictEqual(e);
      }),
      { numRuns: 300 },
    );
  });

  it('writes one readable sweep= per sweep, and none without', () => {
    const e = withDefaults({
      sweep: [
        { key: 'width', values: [64, 128] },
        { key: 'lr', values: [0.001, 0.01] },
      ],
    });
    expect(encodeExperiment(e)).toContain('&sweep=width:64,128&sweep=lr:0.001,0.01');
    expect(encodeExperiment(DEFAULT_EXPERIMENT)).not.toContain('sweep');
  });

  it('reads a hand-written sweep', () => {
    const d = decodeExperiment('sweep=width:64,128,256&sweep=lr:0.0003,0.001&steps=50');
    expect(d.problems).toEqual([]);
    expect(d.experiment.sweep).toEqual([
      { key: 'width', values: [64, 128, 256] },
      { key: 'lr', values: [0.0003, 0.001] },
    ]);
  });

  it.each([
    ['sweep=bs:16,32', 'bs cannot be swept'],
    ['sweep=width:64,abc', 'abc is not a number'],
    ['sweep=width:64', 'width has 1 values (a sweep takes 2 to 8)'],
    ['sweep=width:64,64', 'width repeats a value'],
    ['sweep=width:64,2000', 'width=2000 is outside 8..1024'],
    ['arch=cnn&sweep=width:64,128', 'width plays no part in a cnn'],
    ['arch=cnn&sweep=depth:2,9', 'depth=9 is outside 1..6'],
    ['sweep=lr:0.1,0.2&sweep=lr:0.3,0.4', 'sweeps lr twice'],
    ['sweep=lr:0.1,0.2&sweep=bias:0,1&sweep=depth:1,2', 'has 3 sweeps (at most 2)'],
    ['sweep=slope:0.1,0.2', 'slope plays a part only with act=leaky_relu'],
  ])('%s is refused by name: %s', (query, reason) => {
    const d = decodeExperiment(query);
    expect(d.problems.map((p) => p.message).join(' | ')).toContain(reason);
    expect(d.problems.every((p) => p.key === 'sweep')).toBe(true);
    expect(validateExperiment(d.experiment)).toEqual([]);
  });

  it('refuses a grid above what the machine can do in a few minutes, saying how big it is', () => {
    // 8 widths × 8 lrs = 64 cells of a 3-epoch MLP at width up to 1024: far over the work limit.
    const query = 'sweep=width:128,256,384,512,640,768,896,1024&sweep=lr:1,2,3,4,5,6,7,8';
    const d = decodeExperiment(query);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0].message).toMatch(/is [\d.]+ TFLOP of training \(64 runs\), more than the 1 TFLOP a grid may take/);
    expect(d.experiment.sweep).toEqual([]);
    // And the run count on its own: 8 × 8 cells × 2 variants = 128 runs.
    const many = decodeExperiment('init=he_normal,orthogonal&steps=1&sweep=depth:1,2,3,4,5,6,7,8&sweep=lr:1,2,3,4,5,6,7,8');
    expect(many.problems[0].message).toContain(`makes 128 runs (cells × variants × seeds; at most ${LIMITS.sweepRuns})`);
  });

  it('parses and writes the same text', () => {
    expect(parseSweep('lr:0.001,1e-4')).toEqual({ key: 'lr', values: [0.001, 0.0001] });
    expect(sweepText({ key: 'lr', values: [0.001, 0.0001] })).toBe('lr:0.001,0.0001');
  });
});

describe('configs from before sweeps', () => {
  it('a saved config without a sweep field opens as it was, with nothing reported', () => {
    const old: Record<string, unknown> = { ...DEFAULT_EXPERIMENT };
    delete old.sweep;
    const r = sanitizeExperiment(old);
    expect(r.problems).toEqual([]);
    expect(r.experiment).toStrictEqual(DEFAULT_EXPERIMENT);
  });

  it('a sweep field that is not a sweep list is reported and dropped', () => {
    const r = sanitizeExperiment({ ...DEFAULT_EXPERIMENT, sweep: [{ key: 'bs', values: [1, 2] }] });
    expect(r.problems.map((p) => p.key)).toEqual(['sweep']);
    expect(r.experiment.sweep).toEqual([]);
  });
});
