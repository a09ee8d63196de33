import { describe, expect, it } from 'vitest';
import { sampleRun } from '../testing/results-fixture';
import { importedRuns, placeBeside } from './imported-series';

describe('placeBeside', () => {
  it('gives imported variants indices after the browser’s and every earlier file’s, and unique ids', () => {
    const own = [sampleRun({ variant: 0 }), sampleRun({ runId: 'v1s0', variant: 1 })];
    const a = {
      id: 1,
      fileName: 'a.json',
      source: 'PyTorch 1.13, cpu',
      runs: importedRuns(1, 'PyTorch 1.13, cpu', [
        sampleRun({ variant: 0 }),
        sampleRun({ variant: 0, repeat: 1 }),
        sampleRun({ variant: 3 }),
      ]),
    };
    const b = { id: 2, fileName: 'b.json', source: 'Init Lab', runs: importedRuns(2, 'Init Lab', [sampleRun({ variant: 0 })]) };
    const all = placeBeside(own, [a, b]);
    expect(all.map((r) => r.variant)).toEqual([0, 1, 2, 2, 3, 4]);
    expect(new Set(all.map((r) => r.runId)).size).toBe(all.length);
    expect(all[2].label).toBe('PyTorch 1.13, cpu · he_normal');
    expect(placeBeside([], [b])[0].variant).toBe(0);
  });
});
