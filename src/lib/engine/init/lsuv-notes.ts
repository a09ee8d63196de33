/**
 * What LSUV did to a run, in the words the run's notes show (RunStarted.notes). Pure, so
 * that the stacked engine and the tf.layers model say the same thing.
 */
import { LSUV_MAX_ITERATIONS, LSUV_TOLERANCE, type LsuvLayer } from './lsuv';
import type { InitBatch } from './lsuv-batch';

const label = (i: number, count: number) => (i === count - 1 ? 'out' : `L${i + 1}`);

export function lsuvNotes(layers: LsuvLayer[] | null, batch: InitBatch | null | undefined): string[] {
  if (!layers || !batch) return [];
  const scales = layers.map((l, i) => `${label(i, layers.length)} ×${l.scale.toPrecision(3)}`).join(', ');
  const iterations = [...new Set(layers.map((l) => l.iterations))].sort((a, b) => a - b);
  const capped = layers.filter((l) => Math.abs(l.variance - 1) >= LSUV_TOLERANCE).length;
  return [
    `LSUV: each orthonormal kernel was multiplied, from the first layer to the output layer, so that its linear output has ` +
      `variance 1 on ${batch.count} training digits (evenly spaced over the training split; the step-0 activation statistics ` +
      `are measured on other digits, the validation probe). Scales: ${scales}. Divisions per layer: ${iterations.join(' or ')} ` +
      `(stop when |Var − 1| < ${LSUV_TOLERANCE}, at most ${LSUV_MAX_ITERATIONS}).` +
      (capped > 0 ? ` ${capped} layer(s) could not be brought to variance 1 (their output was constant).` : ''),
  ];
}
