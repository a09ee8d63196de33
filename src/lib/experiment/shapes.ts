/**
 * Kernel shapes of the network an experiment describes, without building it: the
 * explanations quote fans and stds for the config on screen before anything trains.
 * engine/model.test.ts checks that the built model has exactly these shapes.
 */
import type { Experiment } from './config';

export interface KernelShape {
  /** Chart label: L1, L2, …, out. */
  label: string;
  /** TF.js layout: dense [in, out], conv [kh, kw, cin, cout]. */
  shape: number[];
}

const PIXELS = 28 * 28;
const CLASSES = 10;

export function kernelShapes(e: Experiment): KernelShape[] {
  const shapes: number[][] = [];
  if (e.arch === 'mlp') {
    let inputs = PIXELS;
    for (let i = 0; i < e.depth; i++) {
      shapes.push([inputs, e.width]);
      inputs = e.width;
    }
    shapes.push([inputs, CLASSES]);
  } else if (e.arch === 'cnn') {
    let channels = 1;
    for (let i = 0; i < e.depth; i++) {
      shapes.push([e.kernel, e.kernel, channels, e.channels]);
      channels = e.channels;
    }
    // Max-pooling follows the first two conv layers: 28 -> 14 -> 7.
    const side = 28 / 2 ** Math.min(e.depth, 2);
    shapes.push([side * side * e.channels, CLASSES]);
  } else if (e.arch === 'resmlp') {
    // Stem to the block width, then two layers per block; identity skips need no projection.
    shapes.push([PIXELS, e.width]);
    for (let i = 0; i < 2 * e.depth; i++) shapes.push([e.width, e.width]);
    shapes.push([e.width, CLASSES]);
  } else {
    // Stem conv, two convs per block; pooling brings every rescnn to 7x7 before the head.
    shapes.push([e.kernel, e.kernel, 1, e.channels]);
    for (let i = 0; i < 2 * e.depth; i++) shapes.push([e.kernel, e.kernel, e.channels, e.channels]);
    shapes.push([7 * 7 * e.channels, CLASSES]);
  }
  return shapes.map((shape, i) => ({ label: i === shapes.length - 1 ? 'out' : `L${i + 1}`, shape }));
}
