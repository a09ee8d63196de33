/**
 * When a run evaluates. An evaluation is a forward pass over the whole validation set plus
 * the probe batch; a training step is about three batch-sized passes (forward, backward,
 * update). So with every = 4·(val + probe)/bs steps, evaluation costs about a twelfth of
 * training (measured on the default run: see README, Benchmark). The PyTorch export mirrors
 * this rule (export/pytorch/py/train.py).
 */
import { PROBE_SIZE } from './gpu-data';

/** About 25 evaluations per run, but never more often than the cost rule above allows. */
export function evalEveryOf(total: number, valCount: number, bs: number): number {
  return Math.max(1, Math.ceil(total / 25), Math.ceil((4 * (valCount + Math.min(PROBE_SIZE, valCount))) / bs));
}

/**
 * Step `step` (1-based) is evaluated every `every` steps and at the last step; a periodic
 * evaluation less than half a period before the last is left to the last one.
 */
export function evaluatesAt(step: number, total: number, every: number): boolean {
  return step === total || (step % every === 0 && total - step >= every / 2);
}
