import { describe, expect, it } from 'vitest';
import type { CoordCheck } from '../../engine/signal/coord-report';
import { coordDatasets, coordLines } from './coord-datasets';

const check: CoordCheck = {
  widths: [64, 2048],
  steps: 2,
  base: 64,
  opt: 'adam',
  lr: 0.01,
  ms: 10_500,
  backend: 'wasm',
  curves: [
    {
      param: 'sp',
      layer: 'L1',
      change: [
        [1, 0.5],
        [2, 1],
      ],
    },
    {
      param: 'sp',
      layer: 'logits',
      change: [
        [1, 4],
        [2, 40],
      ],
    },
    {
      param: 'mup',
      layer: 'L1',
      change: [
        [1, 1.1],
        [2, 2.2],
      ],
    },
    {
      param: 'mup',
      layer: 'logits',
      change: [
        [1, 1.2],
        [2, 2.4],
      ],
    },
  ],
};

describe('the coordinate check on the page', () => {
  it('draws one line per layer and parametrization at the last step, μP solid and SP dashed in the layer’s colour', () => {
    const sets = coordDatasets(check);
    expect(sets.map((s) => s.label)).toEqual(['L1 SP', 'logits SP', 'L1 μP', 'logits μP']);
    expect(sets[1].data).toEqual([
      { x: 64, y: 2 },
      { x: 2048, y: 40 },
    ]);
    expect(sets[0].borderDash).toEqual([6, 4]);
    expect(sets[2].borderDash).toBeUndefined();
    expect(sets[0].borderColor).toBe(sets[2].borderColor);
    expect(coordDatasets(check, 1)[1].data[1].y).toBe(4);
  });

  it('says the verdict, the growth at every step and the cost, from the numbers', () => {
    expect(coordLines(check)).toEqual([
      "After 2 adam steps at lr 0.01, the logits' change per coordinate grows 20× from width 64 to 2048 under SP, and stays within a factor 1.5 (1.2×) under μP (base 64).",
      "Logits' change at width 2048 over width 64, SP: step 1 4.00×, step 2 20.0×; μP: step 1 1.20×, step 2 1.20×.",
      "Logits' change after step 2, SP: 64: 2.00, 2048: 40.0.",
      "Logits' change after step 2, μP: 64: 2.00, 2048: 2.40.",
      "Computed in 10.5 s on TF.js wasm, in this page's view worker.",
    ]);
  });
});
