/**
 * The rows of the per-layer LSUV table (LsuvScales.svelte): for each kernel of an init=lsuv
 * run, the scale LSUV gave it, the divisions it took, and the std it was actually drawn
 * with (LayerInfo.initStd, the orthonormal σ times the scale). Empty for other runs.
 */
import type { LayerInfo } from '../../engine/events';

export interface LsuvRow {
  label: string;
  shape: string;
  scale: string;
  iterations: number;
  initStd: string;
}

const three = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : '–');

export function lsuvRows(layers: readonly LayerInfo[]): LsuvRow[] {
  if (!layers.length || !layers.every((l) => l.lsuv)) return [];
  return layers.map((l) => ({
    label: l.label,
    shape: l.shape.join('×'),
    scale: `×${three(l.lsuv!.scale)}`,
    iterations: l.lsuv!.iterations,
    initStd: three(l.initStd),
  }));
}
