/**
 * The demo's network shape and its name, apart from the TF.js code that builds it: the page
 * shows the name before any run, and must not pull TF.js into its bundle to do so.
 */
import { TARGET_DIGITS } from './digits';
import type { TransferOptions } from './events';
import type { NetShape } from './net';

export function shapeOf(o: TransferOptions): NetShape {
  return { arch: o.arch, depth: o.depth, width: o.width, channels: o.channels, classes: TARGET_DIGITS.length };
}

/** "MLP 784-256-256-5" or "CNN 2×16 3×3 → 5". */
export function networkLabel(shape: NetShape): string {
  if (shape.arch === 'cnn') return `CNN ${shape.depth}×${shape.channels} 3×3 → ${shape.classes}`;
  return `MLP ${[784, ...Array<number>(shape.depth).fill(shape.width), shape.classes].join('-')}`;
}
