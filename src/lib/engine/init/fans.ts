/**
 * Fan-in / fan-out of a kernel in TF.js layout. The convention (shared with PyTorch and
 * Keras) is that the last two dims are (inputs, outputs) and every dim before them is a
 * receptive field that each input and each output connects through.
 */

export interface Fans {
  fanIn: number;
  fanOut: number;
}

function checkShape(shape: readonly number[]): void {
  for (const d of shape) {
    // A zero or fractional dim would give a zero or meaningless fan, and every formula
    // divides by a fan: refuse rather than hand back Infinity weights.
    if (!Number.isInteger(d) || d < 1) {
      throw new RangeError(`init: invalid kernel shape [${shape.join(', ')}]`);
    }
  }
}

export function computeFans(shape: readonly number[]): Fans {
  checkShape(shape);
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  // A 1-D tensor (a bias, a BN gamma) has no input/output split; treating it as both
  // keeps every scheme defined on it instead of special-casing each formula.
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
  return {
    fanIn: receptive * shape[shape.length - 2],
    fanOut: receptive * shape[shape.length - 1],
  };
}

export function shapeSize(shape: readonly number[]): number {
  checkShape(shape);
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
