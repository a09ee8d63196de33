/**
 * What the PyTorch export refuses to write, in one sentence: a config whose script would
 * train something other than what the lab trains.
 */
import type { Experiment } from '../../experiment/config';

/** Why this experiment cannot be exported to PyTorch, or null when it can. */
export function pytorchRefusal(e: Experiment): string | null {
  if (e.sweep?.length) {
    const cells = e.sweep.reduce((n, s) => n * s.values.length, 1);
    return `A sweep (${cells} cells) is a grid of experiments, and the PyTorch script trains one: remove the sweep (or set one cell's values) to export it.`;
  }
  if (e.param?.includes('mup'))
    return 'The PyTorch export does not apply μP (param=mup): its script trains every layer at one learning rate from the standard init, so a μP variant would silently run as SP there. Choose param=sp to export.';
  return null;
}

/** Throws the refusal, if any (the script and the weights both call it before writing). */
export function assertExportable(e: Experiment): void {
  const refusal = pytorchRefusal(e);
  if (refusal) throw new Error(refusal);
}
