/**
 * Where every stacked variable goes: the walk of walk.ts over unit counts. Each entry is
 * one tensor with a leading run axis R in the stacked model (params.ts).
 */
import type { Experiment } from '../../experiment/config';
import { walkDense, type StackStructure } from './walk';

export interface StackLayout {
  /** Kernels [in, out] in forward order (model.ts's kernel order), and which end a branch. */
  kernels: { shape: [number, number]; branchEnd: boolean }[];
  /** Batch-norm layers in forward order: their width and whether they end a branch. */
  norms: { units: number; branchEnd: boolean }[];
  /** Number of residual alphas. */
  alphas: number;
  /** Label of every recorded hidden activation (L<kernels so far>, as architectures.ts). */
  hidden: string[];
}

export function stackLayout(e: Experiment, s: StackStructure): StackLayout {
  const layout: StackLayout = { kernels: [], norms: [], alphas: 0, hidden: [] };
  walkDense<number>(
    e,
    s,
    {
      linear: (x, units, branchEnd) => {
        layout.kernels.push({ shape: [x, units], branchEnd });
        return units;
      },
      norm: (x, branchEnd) => {
        layout.norms.push({ units: x, branchEnd });
        return x;
      },
      act: (x) => x,
      record: (x) => {
        layout.hidden.push(`L${layout.kernels.length}`);
        return x;
      },
      alpha: (x) => {
        layout.alphas++;
        return x;
      },
      add: (x) => x,
    },
    28 * 28,
  );
  return layout;
}
