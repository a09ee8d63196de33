/** Variants multiply over the parametrization as over bn and zero, and their labels name it when it matters. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from './config';
import { planRuns, planVariants, variantLabel } from './plan';

describe('param in the plan', () => {
  const e: Experiment = { ...DEFAULT_EXPERIMENT, bn: ['none', 'before'], param: ['sp', 'mup'] };
  it('makes init × bn × zero × param variants, param innermost', () => {
    const vs = planVariants(e);
    expect(vs.map((v) => [v.bn, v.param])).toEqual([
      ['none', 'sp'],
      ['none', 'mup'],
      ['before', 'sp'],
      ['before', 'mup'],
    ]);
    expect(planRuns({ ...e, seeds: 2 })).toHaveLength(8);
  });
  it('labels SP and μP when the experiment varies or sets them, and says nothing for plain SP', () => {
    expect(planVariants(e).map((v) => variantLabel(v, e))).toEqual([
      'he_normal · no BN · SP',
      'he_normal · no BN · μP',
      'he_normal · BN before · SP',
      'he_normal · BN before · μP',
    ]);
    const mupOnly = { ...DEFAULT_EXPERIMENT, param: ['mup' as const] };
    expect(variantLabel(planVariants(mupOnly)[0], mupOnly)).toBe('he_normal · μP');
    expect(variantLabel(planVariants(DEFAULT_EXPERIMENT)[0], DEFAULT_EXPERIMENT)).toBe('he_normal');
  });
});
