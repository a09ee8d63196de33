import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCRIPT_PAYLOADS } from '../testing/arbitrary-url';
import { IMPORT_LIMITS, parseResultsFile, parseResultsValue } from './parse-results';
import { sampleResults, sampleRun } from '../testing/results-fixture';
import { sourceLabel } from './results-source';

const text = (v: unknown) => JSON.stringify(v);
const refused = (v: unknown) => {
  const r = parseResultsFile(typeof v === 'string' ? v : text(v));
  if (r.ok) throw new Error('expected a refusal');
  return r.problem;
};

describe('parseResultsFile: files it reads', () => {
  it('reads the lab’s own export back into the same runs (NaN was written as null)', () => {
    const file = sampleResults();
    const r = parseResultsFile(text(file));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file.version).toBe(1);
    const { evals, ...rest } = r.file.runs[0];
    const { evals: expectedEvals, ...expected } = file.runs[0];
    expect(rest).toEqual(expected);
    expect(evals[1]).toEqual(expectedEvals[1]);
    expect(evals[0].updateRatios.every(Number.isNaN)).toBe(true);
    expect(sourceLabel(r.file)).toBe('Init Lab, TF.js 4.22 webgl, MNIST 8k');
  });

  it("gives runs from files without variantLabel (the PyTorch script's, older exports) their variant's label", () => {
    const seeds = [0, 1].map((repeat) => {
      const { variantLabel: _omitted, ...run } = sampleRun({ runId: `v0s${repeat}`, label: `he_normal #${repeat + 1}`, repeat });
      return run;
    });
    const one = (() => {
      const { variantLabel: _omitted, ...run } = sampleRun({ runId: 'v1s0', label: 'lecun #1 fan', variant: 1 });
      return run;
    })();
    const r = parseResultsFile(text({ ...sampleResults(), runs: [...seeds, one] }));
    if (!r.ok) throw new Error(r.problem);
    expect(r.file.runs.map((run) => [run.label, run.variantLabel])).toEqual([
      ['he_normal #1', 'he_normal'],
      ['he_normal #2', 'he_normal'],
      ['lecun #1 fan', 'lecun #1 fan'],
    ]);
  });

  it('takes bnStats where given, treats a missing one as null, and ignores unknown fields', () => {
    const file = sampleResults() as unknown as { runs: { evals: Record<string, unknown>[]; extra?: unknown }[]; future?: unknown };
    file.runs[0].evals[0].bnStats = 'batch';
    file.runs[0].evals[1].bnStats = 'moving';
    file.runs[0].extra = { anything: [1, 2] };
    file.future = 'ignored';
    const r = parseResultsFile(text(file));
    expect(r.ok && r.file.runs[0].evals.map((e) => (e as { bnStats?: unknown }).bnStats)).toEqual(['batch', 'moving']);
    expect(r.ok && (r.file.runs[1].evals[0] as { bnStats?: unknown }).bnStats).toBe(null);
  });

  it('keeps an lsuv run’s per-layer LSUV scales, and reads layers without them (older files, other schemes) as before', () => {
    const file = sampleResults();
    const lsuv = { scale: 1.7, iterations: 1, varianceBefore: 0.346, variance: 1 };
    file.runs[0].layers = file.runs[0].layers.map((l) => ({ ...l, lsuv }));
    const r = parseResultsFile(text(file));
    if (!r.ok) throw new Error(r.problem);
    expect(r.file.runs[0].layers.map((l) => l.lsuv)).toEqual([lsuv, lsuv]);
    expect(r.file.runs[1].layers.every((l) => !('lsuv' in l))).toBe(true);
    file.runs[0].layers[0] = { ...file.runs[0].layers[0], lsuv: { ...lsuv, iterations: -1 } };
    expect(refused(file)).toMatch(/iterations/);
  });

  it('names a PyTorch source from its environment', () => {
    const file = {
      ...sampleResults(),
      environment: {
        backend: 'pytorch',
        framework: 'PyTorch',
        frameworkVersion: '1.13.0a0',
        device: 'cpu',
        worldSize: 2,
        distributedBackend: 'gloo',
      },
      dataset: { name: 'Fashion-MNIST', train: 60000, validation: 10000 },
    };
    const r = parseResultsFile(text(file));
    expect(r.ok && sourceLabel(r.file)).toBe('PyTorch 1.13, 2× gloo, Fashion-MNIST 60k');
  });

  it('marks runs that were still going when written as stopped', () => {
    const r = parseResultsFile(text(sampleResults([sampleRun({ status: 'running' })])));
    expect(r.ok && r.file.runs[0].status).toBe('stopped');
  });
});

describe('parseResultsFile: files it refuses, saying why', () => {
  const file = () => JSON.parse(text(sampleResults()));
  it.each([
    ['{', /not JSON/],
    ['[]', /the file is a list, not an object/],
    ['"x"', /not an object/],
    [text({ runs: [] }), /no "format" field/],
    [text({ ...file(), format: 'something-else' }), /format is "something-else", not "init-lab-results"/],
    [text({ ...file(), version: 2 }), /version is 2: the file is newer than this lab/],
    [text({ ...file(), version: '1' }), /version is the text "1", not a whole number/],
    [text({ ...file(), runs: undefined }), /runs is missing/],
    [text({ ...file(), runs: [] }), /runs is empty/],
  ])('%#: %s', (input, reason) => {
    expect(refused(input)).toMatch(reason);
  });

  it('refuses wrong types and missing fields of runs, naming the path', () => {
    const cases: [(f: ReturnType<typeof file>) => void, RegExp][] = [
      [(f) => (f.runs[0].loss[1] = '1.9'), /runs\[0\]\.loss\[1\] is the text "1\.9", not a number/],
      [(f) => delete f.runs[1].label, /runs\[1\]\.label is missing/],
      [(f) => (f.runs[0].label = { html: '<b>' }), /runs\[0\]\.label is an object, not text/],
      [(f) => (f.runs[0].variant = -1), /runs\[0\]\.variant is -1, outside 0\.\.10,000/],
      [(f) => f.runs[0].gradNorms.pop(), /gradNorms has 1 series for 2 layers/],
      [(f) => f.runs[0].gradNorms[0].pop(), /gradNorms\[0\] has 2 steps, but loss has 3/],
      [(f) => (f.runs[0].evals[1].weightNorms = [1]), /evals\[1\]\.weightNorms has 1 entries for 2 layers/],
      [(f) => (f.runs[0].evals[0].bnStats = 'sometimes'), /bnStats is the text "sometimes", not one of batch, moving/],
      [(f) => (f.runs[0].status = 'exploded'), /status is the text "exploded"/],
      [(f) => (f.runs[0].evals[0].activations[0].histogram = 'many'), /histogram is the text "many", not a list of numbers/],
      [(f) => (f.environment.worldSize = 0), /environment\.worldSize is 0/],
    ];
    for (const [mutate, reason] of cases) {
      const f = file();
      mutate(f);
      expect(refused(f)).toMatch(reason);
    }
  });

  it('refuses arrays and files beyond its limits before drawing anything', () => {
    const f = file();
    f.runs[0].loss = new Array(IMPORT_LIMITS.steps + 1).fill(0);
    expect(refused(f)).toMatch(/runs\[0\]\.loss has 1,000,001 entries, more than the 1,000,000/);
    const many = file();
    many.runs = Array.from({ length: IMPORT_LIMITS.runs + 1 }, () => many.runs[0]);
    expect(refused(many)).toMatch(/runs has 65 entries/);
    expect(parseResultsFile('x'.repeat(IMPORT_LIMITS.chars + 1))).toEqual({
      ok: false,
      problem: expect.stringMatching(/MB, more than the 100 MB/),
    });
  });
});

describe('parseResultsFile: fuzzed files', () => {
  /** A JSON path into the sample file and a value to put there. */
  const paths = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
    typeof v === 'object' && v !== null
      ? [prefix, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, Array.isArray(v) ? Number(k) : k]))]
      : [prefix];
  const base = JSON.parse(text(sampleResults()));
  const allPaths = paths(base).filter((p) => p.length > 0);
  const hostile = fc.oneof(
    fc.constantFrom(...SCRIPT_PAYLOADS),
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53, 0.5, '', '1', [], {}, [null], { __proto__: { polluted: 1 } }),
    fc.constantFrom('x'.repeat(10_000), '<b>'.repeat(1000)),
    fc.array(fc.oneof(fc.double(), fc.string()), { maxLength: 5 }),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it('never throws, and whatever it accepts holds only text labels and number series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...allPaths), hostile), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (mutations, drop) => {
          const f = JSON.parse(text(base));
          for (const [path, value] of mutations) {
            let at = f;
            for (const k of path.slice(0, -1)) at = at?.[k];
            if (at && typeof at === 'object') {
              if (drop) delete at[path[path.length - 1]];
              else at[path[path.length - 1]] = value;
            }
          }
          const r = parseResultsFile(text(f));
          if (!r.ok) {
            expect(typeof r.problem).toBe('string');
            expect(r.problem.length).toBeGreaterThan(0);
            expect(r.problem.length).toBeLessThan(400);
            return;
          }
          for (const run of r.file.runs) {
            expect(typeof run.label).toBe('string');
            expect(typeof run.runId).toBe('string');
            expect(run.loss.every((x) => typeof x === 'number')).toBe(true);
            expect(run.gradNorms.every((s) => s.length === run.loss.length)).toBe(true);
            expect(run.evals.every((e) => e.weightNorms.length === run.layers.length)).toBe(true);
          }
        },
      ),
      { numRuns: 400, seed: 20261201 },
    );
  });
});

describe('parseResultsValue: a results object already in memory', () => {
  it('reads it as the same file would be read, and refuses it for the same reasons', () => {
    const file = sampleResults();
    expect(parseResultsValue(file)).toEqual(parseResultsFile(JSON.stringify(file)));
    expect(parseResultsValue({ ...file, runs: [] })).toEqual({ ok: false, problem: 'runs is empty: the file has no runs to show' });
    expect(parseResultsValue(null).ok).toBe(false);
  });
});
