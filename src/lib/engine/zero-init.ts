/**
 * Which residual pieces a variant's zero-init mode zeroes, and what a person should know
 * about it. Pure (no TF.js): the models, the stacked engine, the signal theory and the
 * PyTorch export's initial weights all read this one rule.
 */
import { isResidual, type Experiment } from '../experiment/config';
import type { Variant } from '../experiment/plan';

/**
 * Kernel `index` (in kernelShapes order) ends a residual branch: after the stem (0), blocks
 * own kernels 1+2i and 2+2i, the second being the branch's last; the head is last. The
 * signal theory and the exported initial weights use it; layers.test.ts and the PyTorch
 * forward test hold it to the graph the models build.
 */
export function isBranchEnd(e: Experiment, index: number, kernelCount: number): boolean {
  return isResidual(e.arch) && index >= 2 && index % 2 === 0 && index < kernelCount - 1;
}

/** What a zero-init mode does in this variant, and a note when it can do nothing or harm. */
export function zeroInitPlan(e: Experiment, v: Variant): { kernel: boolean; gamma: boolean; alpha: boolean; notes: string[] } {
  const notes: string[] = [];
  if (v.zero === 'none') return { kernel: false, gamma: false, alpha: false, notes };
  if (!isResidual(e.arch)) {
    notes.push(`zero-init "${v.zero}" applies to residual branches; this ${e.arch.toUpperCase()} has none, so it has no effect.`);
    return { kernel: false, gamma: false, alpha: false, notes };
  }
  const hasBn = v.bn !== 'none';
  const kernel = v.zero === 'kernel' || v.zero === 'both';
  const gamma = (v.zero === 'gamma' || v.zero === 'both') && hasBn;
  if ((v.zero === 'gamma' || v.zero === 'both') && !hasBn) {
    notes.push(`zero-init "${v.zero}" zeroes the last batch-norm γ of each branch, but batch norm is off: there is no γ to zero.`);
  }
  if (kernel && gamma) {
    notes.push(
      'Both the last kernel and the last BN γ of every branch start at zero. The kernel’s gradient is scaled by γ (= 0) and γ’s ' +
        'gradient by the normalised kernel output (= 0 when the kernel is 0): neither can ever move. Only the branch’s last BN ' +
        'β still learns, and it adds the same per-unit constant for every input, so the network trains like its stem and head ' +
        'with a learned bias added before each block’s activation.',
    );
  } else if (kernel && hasBn) {
    notes.push(
      'The last kernel of every branch starts at zero, but batch norm follows it. BN divides that kernel’s output by its batch ' +
        'std, √(0 + ε) = √ε ≈ 0.003 at init, so the first gradient reaching the kernel is tens to hundreds of times what it would be without ' +
        'BN (amplified up to 1/√ε ≈ 316×, less the part BN’s mean subtraction removes), and from ' +
        'the second step on BN rescales whatever the kernel has become to unit variance: each branch is fully on after one ' +
        'step and the trunk grows as without zero-init. With BN, zero the last γ instead (zero=gamma): it scales after the ' +
        'normalisation, so the branch stays off until γ itself grows.',
    );
  }
  return { kernel, gamma, alpha: v.zero === 'alpha', notes };
}
