/**
 * The edge-of-chaos view's numbers for an experiment: the order/chaos boundary of its
 * activation in the (σ_w², σ_b²) plane, and for each variant where it sits (its square
 * hidden layers' σ_w² = n·σ², σ_b² = b² for the lab's constant bias b), its phase and depth
 * scale, and the correlation of two real digits across its depth against the prediction.
 */
import type { Experiment } from '../../experiment/config';
import { planRuns } from '../../experiment/plan';
import { chaosPoint, criticalWeightVariance, type ChaosPoint } from './chaos';
import type { InitBatch } from '../init/lsuv-batch';
import { correlationProfile, type CorrelationProfile } from './correlation';
import { theoryLayers } from './layers';
import { whyNoTheory } from './theory';

/** σ_b² from 0 to this: where the literature draws the diagram (Poole et al. 2016, Fig. 2). */
export const MAX_BIAS_VARIANCE = 0.5;
const BOUNDARY_POINTS = 26;

export interface VariantChaos {
  variant: number;
  point: ChaosPoint | null;
  profile: CorrelationProfile | null;
  why: string | null;
}

export interface ChaosReport {
  boundary: { sb2: number; sw2: number }[];
  variants: VariantChaos[];
}

/** `initBatch`: the LSUV batch, for init=lsuv variants (which have no mean-field point, theory.ts). */
export function chaosReport(e: Experiment, pair: [Float32Array, Float32Array], initBatch?: InitBatch | null): ChaosReport {
  const boundary = Array.from({ length: BOUNDARY_POINTS }, (_, i) => {
    const sb2 = (MAX_BIAS_VARIANCE * i) / (BOUNDARY_POINTS - 1);
    return { sb2, sw2: criticalWeightVariance(e.act, e.slope, sb2) };
  }).filter((p) => Number.isFinite(p.sw2));
  const variants = planRuns(e)
    .filter((r) => r.repeat === 0)
    .map((run): VariantChaos => {
      const why =
        e.arch !== 'mlp'
          ? 'The diagram is for plain MLPs: a conv or residual net is not a stack of identical random layers.'
          : run.bn !== 'none'
            ? 'Batch norm resets every layer’s variance, which takes the net off this diagram.'
            : e.depth < 2
              ? 'It takes 2 or more hidden layers to have a depth to propagate through.'
              : whyNoTheory(e, run);
      if (why) return { variant: run.variant, point: null, profile: null, why };
      const square = theoryLayers(e, run)[1];
      const point = chaosPoint(e.act, e.slope, square.fanIn * square.std ** 2, e.bias * e.bias);
      return { variant: run.variant, point, profile: correlationProfile(e, run, pair[0], pair[1], initBatch), why: null };
    });
  return { boundary, variants };
}
