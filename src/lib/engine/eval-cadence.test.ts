import { describe, expect, it } from 'vitest';
import { evalEveryOf, evaluatesAt } from './eval-cadence';

const steps = (total: number, every: number) => Array.from({ length: total }, (_, i) => i + 1).filter((s) => evaluatesAt(s, total, every));

describe('evaluation cadence', () => {
  it('evaluates the default run (2,000 validation images, bs 64) every 141 steps and at the end', () => {
    expect(evalEveryOf(300, 2000, 64)).toBe(141);
    // 282 is 18 steps before the end: the final evaluation stands for it.
    expect(steps(300, 141)).toEqual([141, 300]);
    expect(steps(375, evalEveryOf(375, 2000, 64))).toEqual([141, 282, 375]);
  });

  it('keeps about 25 evaluations in long runs, and always the last step', () => {
    expect(evalEveryOf(10_000, 2000, 64)).toBe(400);
    expect(steps(10_000, 400)).toHaveLength(25);
    expect(steps(5, 3)).toEqual([3, 5]);
    expect(steps(1, 1)).toEqual([1]);
    expect(steps(64, 32)).toEqual([32, 64]);
  });
});
