import { describe, expect, it } from 'vitest';
import { sampleResults, sampleRun } from '../testing/results-fixture';
import { ImportedRunsState, MAX_IMPORTED_FILES } from './imported.svelte';

const good = JSON.stringify(sampleResults());

describe('ImportedRunsState', () => {
  it('adds a file’s runs, named by their source, beside the browser’s', () => {
    const s = new ImportedRunsState();
    expect(s.add(good, 'lab.json')).toBe(true);
    expect(s.files[0].source).toBe('Init Lab, TF.js 4.22 webgl, MNIST 8k');
    const shown = s.beside([sampleRun({ runId: 'v0s0' })]);
    expect(shown.map((r) => r.label)).toEqual([
      'he_normal',
      'Init Lab, TF.js 4.22 webgl, MNIST 8k · he_normal',
      'Init Lab, TF.js 4.22 webgl, MNIST 8k · xavier_normal',
    ]);
    expect(shown.map((r) => r.variant)).toEqual([0, 1, 2]);
  });

  it('refuses a bad file with its name and reason, keeping what is already there', () => {
    const s = new ImportedRunsState();
    s.add(good, 'lab.json');
    expect(s.add('{"format":"init-lab-results","version":2,"runs":[]}', 'future.json')).toBe(false);
    expect(s.error).toBe('future.json was not imported: version is 2: the file is newer than this lab, which reads versions up to 1');
    expect(s.files).toHaveLength(1);
    expect(s.add(good, 'again.json')).toBe(true);
    expect(s.error).toBeNull();
    s.remove(s.files[0].id);
    expect(s.files.map((f) => f.fileName)).toEqual(['again.json']);
  });

  it(`shows at most ${MAX_IMPORTED_FILES} files at once`, () => {
    const s = new ImportedRunsState();
    for (let i = 0; i < MAX_IMPORTED_FILES; i++) expect(s.add(good, `f${i}.json`)).toBe(true);
    expect(s.add(good, 'one-more.json')).toBe(false);
    expect(s.error).toMatch(/at most 8 files/);
    expect(new Set(s.beside([]).map((r) => r.runId)).size).toBe(2 * MAX_IMPORTED_FILES);
  });

  it('adds a results object from memory through the same checks as a file', () => {
    const s = new ImportedRunsState();
    expect(s.addValue(sampleResults(), 'history: run 1')).toBe(true);
    expect(s.files[0]).toMatchObject({ fileName: 'history: run 1', source: 'Init Lab, TF.js 4.22 webgl, MNIST 8k' });
    expect(s.files[0].runs).toHaveLength(2);
    expect(s.addValue({ format: 'other' }, 'bad')).toBe(false);
    expect(s.error).toMatch(/^bad was not imported: format is "other"/);
  });
});
