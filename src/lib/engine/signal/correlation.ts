/**
 * The layer of truth under the order/chaos picture (chaos.ts): how alike two real digits
 * look to each hidden layer of the net as the lab draws it at init, against the mean-field
 * prediction for the same two inputs. The correlation is the non-centred cosine of the two
 * pre-activation vectors, c = h_a·h_b/(|h_a|·|h_b|), the quantity the theory carries. In the
 * ordered phase it climbs to 1 (the net maps every input to the same thing); in the chaotic
 * one it falls to c* < 1 (nearby inputs are torn apart), at a rate set by the depth scale.
 */
import type { Experiment } from '../../experiment/config';
import type { RunSpec } from '../../experiment/plan';
import { runKernels, type InitBatch } from '../init/run-kernels';
import { activationFn } from './act-math';
import { dot } from '../linalg/singular-values';
import { correlation, nextPair, type Pair } from './chaos';
import { affine } from './jacobian';
import { theoryLayers } from './layers';

export interface CorrelationProfile {
  /** Correlation of the two inputs themselves (standardised pixels). */
  input: number;
  /** Per hidden layer, the measured correlation of the two pre-activation vectors. */
  measured: number[];
  /** Per hidden layer, the mean-field prediction for these two inputs. */
  predicted: number[];
}

/** Both curves for run `run` of a plain MLP at two standardised digits. */
export function correlationProfile(
  e: Experiment,
  run: RunSpec,
  xa: Float32Array,
  xb: Float32Array,
  initBatch?: InitBatch | null,
): CorrelationProfile {
  if (e.arch !== 'mlp' || run.bn !== 'none')
    throw new RangeError('correlations across depth are computed for plain MLPs without batch norm');
  const kernels = runKernels(e, run, initBatch).slice(0, e.depth);
  const layers = theoryLayers(e, run).slice(0, e.depth);
  const f = activationFn(e.act, e.slope);
  let a = Float64Array.from(xa);
  let b = Float64Array.from(xb);
  const n0 = a.length;
  const input = dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  const measured: number[] = [];
  const predicted: number[] = [];
  // Layer 1 reads the pixels themselves: its pre-activation covariance is exact in expectation.
  const sw2 = (l: number) => layers[l].fanIn * layers[l].std ** 2;
  const b2 = e.bias * e.bias;
  let pair: Pair = { qa: (sw2(0) * dot(a, a)) / n0 + b2, qb: (sw2(0) * dot(b, b)) / n0 + b2, qab: (sw2(0) * dot(a, b)) / n0 + b2 };
  kernels.forEach((k, l) => {
    if (l > 0) pair = nextPair(e.act, e.slope, pair, sw2(l), b2);
    const ha = affine(a, k, e.bias);
    const hb = affine(b, k, e.bias);
    measured.push(dot(ha, hb) / Math.sqrt(dot(ha, ha) * dot(hb, hb)));
    predicted.push(correlation(pair));
    a = Float64Array.from(ha, f);
    b = Float64Array.from(hb, f);
  });
  return { input, measured, predicted };
}
