/**
 * Whether the lab has checked a theory curve against its own measurement, for the chart to
 * say so. "Checked" means a test probes a real network of that kind at width ≥ 256 on real
 * MNIST and finds the measured std at every layer within a finite-width band of the curve
 * (the band derived from finite-width theory, and tight enough to reject a wrong curve):
 *
 *   plain MLP, no BN, forward and backward, every activation
 *                      theory-wide.test.ts (width 512: ReLU He/Xavier, tanh Xavier and σ = 1;
 *                      width 256: every activation, a bias, uniform and orthogonal draws),
 *                      probe-fit.test.ts and probe.test.ts (width 256, depth 10 and 30)
 *   plain MLP, BN before/after, ReLU (after: zero bias), forward (BN has no backward curve)
 *                      probe-fit.test.ts (width 256)
 *   residual MLP, ReLU, no BN, any zero-init, forward and backward
 *                      theory-wide.test.ts (width 512, no zero-init; width 256, alpha),
 *                      probe-fit.test.ts (width 128, zeroed branch ends)
 *
 * Everything else is drawn but marked approximate, with the reason. Pure: no TF.js, no DOM.
 */
import { isConv, type Experiment } from '../../experiment/config';
import type { Variant } from '../../experiment/plan';

export type TheoryCheck = 'checked' | 'approximate';

export interface TheoryExactness {
  level: TheoryCheck;
  /** One sentence: what was checked, or why the curve is only approximate. */
  reason: string;
}

/** Narrowest width at which a measured-vs-theory test runs for a plain MLP. */
export const CHECKED_MIN_WIDTH = 256;

const approximate = (reason: string): TheoryExactness => ({ level: 'approximate', reason });

export function theoryExactness(e: Experiment, v: Variant): TheoryExactness {
  if (isConv(e.arch)) {
    return approximate(
      'Approximate: for convolutions the curve assumes the signal is spread evenly over the zero-padded map and takes max-pooling halfway between two exact limits; the lab’s measurements agree with it only to within a factor of 2.',
    );
  }
  if (e.width < CHECKED_MIN_WIDTH) {
    return approximate(
      `Approximate: mean-field theory is the wide-layer limit, and the lab has checked it against measurement only from width ${CHECKED_MIN_WIDTH}; narrower layers add finite-width corrections it leaves out.`,
    );
  }
  if (e.arch === 'resmlp') {
    if (v.bn !== 'none') return approximate('Approximate: the residual curve with batch norm has not been checked against measurement.');
    if (e.act !== 'relu') return approximate('Approximate: the residual curve has been checked against measurement only with ReLU.');
    if (e.bias !== 0) return approximate('Approximate: the residual curve has been checked against measurement only with zero biases.');
    return {
      level: 'checked',
      reason:
        'Checked: the lab’s tests measure residual ReLU MLPs (width 512) and find every layer within the finite-width band of this curve.',
    };
  }
  if (v.bn !== 'none' && e.act !== 'relu') {
    return approximate('Approximate: with batch norm the curve has been checked against measurement only with ReLU.');
  }
  // BN before the activation removes the bias exactly; BN after it does not.
  if (v.bn === 'after' && e.bias !== 0) {
    return approximate(
      'Approximate: with batch norm after the activation the curve has been checked against measurement only with zero biases.',
    );
  }
  return {
    level: 'checked',
    reason:
      'Checked: the lab’s tests measure plain MLPs like this one (width 256–512) and find every layer within the finite-width band of this curve.',
  };
}
