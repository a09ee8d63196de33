/**
 * Where every stacked variable goes: the walk of walk.ts over per-example shapes. Each entry
 * is one tensor with a leading run axis R in the stacked model (params.ts).
 */
import { isConv, type Experiment } from '../../experiment/config';
import { walkNet, type LinearKind, type StackStructure } from './walk';

export interface StackLayout {
  /**
   * Kernels in forward order (model.ts's kernel order): [in, out] dense, [k, k, in, out]
   * conv, tf.layers' layout; and which end a branch.
   */
  kernels: { kind: LinearKind; shape: number[]; branchEnd: boolean }[];
  /** Batch-norm layers in forward order: their width (channels for a conv layer) and whether they end a branch. */
  norms: { units: number; branchEnd: boolean }[];
  /** Number of residual alphas. */
  alphas: number;
  /** Label of every recorded hidden activation (L<kernels so far>, as architectures.ts). */
  hidden: string[];
}

export function stackLayout(e: Experiment, s: StackStructure): StackLayout {
  const layout: StackLayout = { kernels: [], norms: [], alphas: 0, hidden: [] };
  const same = (x: number[]) => x;
  walkNet<number[]>(
    e,
    s,
    {
      linear: (x, kind, units, branchEnd) => {
        const inputs = x.at(-1)!;
        layout.kernels.push({ kind, shape: kind === 'dense' ? [inputs, units] : [e.kernel, e.kernel, inputs, units], branchEnd });
        return [...x.slice(0, -1), units];
      },
      norm: (x, branchEnd) => {
        layout.norms.push({ units: x.at(-1)!, branchEnd });
        return x;
      },
      act: same,
      record: (x) => {
        layout.hidden.push(`L${layout.kernels.length}`);
        return x;
      },
      alpha: (x) => {
        layout.alphas++;
        return x;
      },
      add: same,
      pool: ([h, w, c]) => [Math.floor(h / 2), Math.floor(w / 2), c],
      flatten: (x) => [x.reduce((a, b) => a * b, 1)],
    },
    isConv(e.arch) ? [28, 28, 1] : [28 * 28],
  );
  return layout;
}
