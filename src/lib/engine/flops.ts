/**
 * Training FLOPs of one step, counted by hand from the model's shapes: `npm run bench` says
 * what fraction of the backend's own matMul peak the loop reaches, and the scheduler decides
 * on a software renderer whether stacking a group of runs pays (stack/policy.ts).
 *
 * Only the matrix products count: a dense layer [in, out] does bs·in·out multiply-adds
 * (2 FLOPs each) forward, the same again for dW and again for dX, so ≈ 6·bs·in·out. A conv
 * does bs·Hout·Wout·kh·kw·cin·cout multiply-adds per pass. The first layer's dX is NOT
 * counted: the pixels are not a variable, and TF.js prunes gradient paths that lead to no
 * variable (tape.ts getFilteredNodesXToY), so that product is never computed; for the
 * default MLP it would be a quarter of the total. Elementwise work (bias, activations,
 * batch norm, pooling, softmax, gradient norms, the optimizer update) is ignored: it is
 * O(activations), small next to the products, and bound by memory rather than arithmetic.
 */
import type { Experiment } from '../experiment/config';
import { kernelShapes } from '../experiment/shapes';

export type LayerCost =
  | { kind: 'dense'; inputs: number; outputs: number }
  | { kind: 'conv'; outH: number; outW: number; kh: number; kw: number; cin: number; cout: number };

/** Multiply-adds of one forward pass of one example. */
export function macsPerExample(layer: LayerCost): number {
  return layer.kind === 'dense' ? layer.inputs * layer.outputs : layer.outH * layer.outW * layer.kh * layer.kw * layer.cin * layer.cout;
}

/** FLOPs of one training step (forward + dW + dX, no dX for the first layer) at batch size `bs`. */
export function trainingStepFlops(layers: LayerCost[], bs: number): number {
  return layers.reduce((sum, layer, i) => sum + 2 * bs * macsPerExample(layer) * (i === 0 ? 2 : 3), 0);
}

/**
 * The layers of an experiment's network with the spatial size each conv works at
 * ('same' padding, so output = input side; architectures.ts places the 2x2 pools).
 */
export function layerCosts(e: Experiment): LayerCost[] {
  const shapes = kernelShapes(e).map((k) => k.shape);
  const firstStage = Math.ceil(e.depth / 2);
  return shapes.map((shape, i): LayerCost => {
    if (shape.length === 2) return { kind: 'dense', inputs: shape[0], outputs: shape[1] };
    // cnn: pools after conv 1 and 2 (28, 14, 7, 7, ...); rescnn: stem at 28, then two convs
    // per block, the first ceil(depth/2) blocks at 14x14, the rest at 7x7.
    const side = e.arch === 'cnn' ? 28 / 2 ** Math.min(i, 2) : i === 0 ? 28 : Math.floor((i - 1) / 2) < firstStage ? 14 : 7;
    const [kh, kw, cin, cout] = shape;
    return { kind: 'conv', outH: side, outW: side, kh, kw, cin, cout };
  });
}
