/**
 * The coordinate check as a chart and as sentences: per layer, the change of its output per
 * coordinate against width on log-log axes, a solid line under μP and a dashed one under SP
 * (a layer keeps its colour in both), after each step the check took.
 */
import { coordSentence, type CoordCheck } from '../../engine/signal/coord-report';
import { layerStyle } from './run-style';
import type { Series } from './series';

/** The lines after step `step` (1-based; default the last). */
export function coordDatasets(c: CoordCheck, step = c.steps): Series[] {
  const layers = [...new Set(c.curves.map((k) => k.layer))];
  return c.curves.map((k) => {
    const { colour } = layerStyle(layers.indexOf(k.layer), layers.length);
    const mup = k.param === 'mup';
    return {
      label: `${k.layer} ${mup ? 'μP' : 'SP'}`,
      data: c.widths.map((x, w) => ({ x, y: k.change[step - 1][w] })),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: mup ? 2 : 1.5,
      borderDash: mup ? undefined : [6, 4],
      pointRadius: 2,
    };
  });
}

const fixed = (v: number) => (v >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** The verdict sentence, the logits' numbers behind it, and what the check cost. */
export function coordLines(c: CoordCheck): string[] {
  const logits = (param: string) => c.curves.find((k) => k.param === param && k.layer === 'logits')!.change[c.steps - 1];
  const row = (param: string) =>
    logits(param)
      .map((v, w) => `${c.widths[w]}: ${fixed(v)}`)
      .join(', ');
  const [lo, hi] = [c.widths[0], c.widths[c.widths.length - 1]];
  const growth = (param: string) =>
    c.curves
      .find((k) => k.param === param && k.layer === 'logits')!
      .change.map((r, t) => `step ${t + 1} ${fixed(r[r.length - 1] / r[0])}×`)
      .join(', ');
  return [
    coordSentence(c),
    `Logits' change at width ${hi} over width ${lo}, SP: ${growth('sp')}; μP: ${growth('mup')}.`,
    `Logits' change after step ${c.steps}, SP: ${row('sp')}.`,
    `Logits' change after step ${c.steps}, μP: ${row('mup')}.`,
    `Computed in ${(c.ms / 1000).toFixed(1)} s on TF.js ${c.backend}, in this page's view worker.`,
  ];
}
