/**
 * Sentences every card builds its live numbers from: one line per group of same-shaped
 * layers, quoting the engine's own fans and stds (describeInit), in words and as the
 * substituted formula.
 */
import type { Experiment, InitChoice, SchemeId } from '../../experiment/config';
import { initLabel } from '../../experiment/plan';
import type { LayerInitInfo } from '../../engine/init';
import { orthogonalDims } from '../../engine/init';
import { fmt, layerRange, shapeText } from '../format';
import { layerGroups, variantsWhere } from '../layers';
import type { LiveNumber } from '../types';

const n = (x: number) => String(x); // fans inside formulas: exact digits, no grouping commas

/** How this layer's weights are drawn, with this layer's numbers. */
export function drawText(info: LayerInitInfo, choice: InitChoice, shape: readonly number[]): string {
  const g = fmt(info.gain ?? 1);
  const fan = (choice.mode ?? 'fan_in') === 'fan_in' ? info.fanIn : info.fanOut;
  const b = fmt(info.bound ?? 0);
  const s = fmt(info.std);
  switch (info.scheme) {
    case 'zeros':
      return 'every weight is 0';
    case 'constant':
      return `every weight is ${fmt(info.mean)}`;
    case 'normal':
      return `σ = ${s}, whatever the fans`;
    case 'uniform':
      return `U(−${b}, ${b}) whatever the fans, so σ = a/√3 = ${s}`;
    case 'xavier_normal':
      return `σ = ${g}·√(2/(${n(info.fanIn)}+${n(info.fanOut)})) = ${s}`;
    case 'xavier_uniform':
      return `a = ${g}·√(6/(${n(info.fanIn)}+${n(info.fanOut)})) = ${b}, so σ = a/√3 = ${s}`;
    case 'he_normal':
    case 'lecun_normal':
      return `σ = ${g}/√${n(fan)} = ${s}`;
    case 'he_uniform':
    case 'lecun_uniform':
      return `a = ${g}·√(3/${n(fan)}) = ${b}, so σ = a/√3 = ${s}`;
    case 'torch_default':
      return `a = 1/√${n(info.fanIn)} = ${b}, so σ = a/√3 = ${s}`;
    case 'orthogonal': {
      const { rows, cols } = orthogonalDims(shape);
      const which = rows >= cols ? 'columns' : 'rows';
      return `W = ${g}·Q with Q ${rows}×${cols} and orthonormal ${which}; entries have σ = ${g}/√${Math.max(rows, cols)} = ${s}`;
    }
    case 'lsuv': {
      const { rows, cols } = orthogonalDims(shape);
      return `W = s·Q with Q ${rows}×${cols} orthonormal (σ = 1/√${Math.max(rows, cols)} = ${s} before scaling) and s measured on training digits when the run starts`;
    }
  }
}

/** One LiveNumber per group of same-shaped layers of one init choice. */
export function initLines(e: Experiment, choice: InitChoice, init?: number, prefix = ''): LiveNumber[] {
  return layerGroups(e, choice).map((group) => {
    const { info, shape, labels } = group;
    const what = drawText(info, choice, shape);
    const values: Record<string, number> = { fanIn: info.fanIn, fanOut: info.fanOut, std: info.std };
    if (info.gain !== null) values.gain = info.gain;
    if (info.bound !== null) values.bound = info.bound;
    return {
      text: `${prefix}${initLabel(choice)} · ${layerRange(labels)} (${shapeText(shape)}): fan_in ${info.fanIn}, fan_out ${info.fanOut}; ${what}.`,
      formula: { tex: info.substitutedTex, alt: what },
      init,
      layers: labels,
      values,
    };
  });
}

/**
 * Lines for the variants that use one of `schemes`; if none does, the same lines for a
 * hypothetical variant of `fallback`, said as such, so the card still speaks about this net.
 */
export function schemeLines(e: Experiment, schemes: readonly SchemeId[], fallback: SchemeId): LiveNumber[] {
  const used = variantsWhere(e, (c) => schemes.includes(c.scheme));
  if (used.length) return used.flatMap((i) => initLines(e, e.init[i], i));
  return initLines(e, { scheme: fallback }, undefined, 'If you chose ');
}
