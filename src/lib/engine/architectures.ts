/**
 * The four network shapes, as tf.layers graphs. Layers are created with zero
 * initializers; model.ts then writes the lab's own weights into them. Every builder
 * records which layers own kernels (in forward order), which kernels and BN layers end a
 * residual branch (for zero-init), and the post-activation tensor of every hidden layer
 * (for the activation and dead-unit probes).
 */
import * as tf from '@tensorflow/tfjs';
import { isConv, type BatchNormMode, type Experiment } from '../experiment/config';
import { activationLayer } from './activations';
import { ScaleLayer } from './layers/scale-layer';
import { BN_EPSILON, BN_MOMENTUM, NUM_CLASSES } from './constants';

export { BN_EPSILON, BN_MOMENTUM, NUM_CLASSES };
type Sym = tf.SymbolicTensor;

export interface Graph {
  input: Sym;
  logits: Sym;
  kernelLayers: tf.layers.Layer[];
  /** Last kernel layer of each residual branch. */
  branchEndKernels: Set<tf.layers.Layer>;
  /** BN layer at the end of each residual branch (when batch norm is on). */
  branchEndNorms: tf.layers.Layer[];
  /** Every BN layer, in forward order: their moving statistics are what inference mode uses. */
  norms: tf.layers.Layer[];
  scaleLayers: tf.layers.Layer[];
  /** Post-activation output of every hidden layer, in forward order, with its label. */
  hidden: { label: string; tensor: Sym }[];
  /**
   * With `taps`, one extra zero-valued input per hidden activation, added to it: the gradient
   * of the loss with respect to a tap is the gradient with respect to that activation, which
   * tf.layers does not otherwise expose. Empty without taps.
   */
  taps: Sym[];
}

export interface GraphOptions {
  bn: BatchNormMode;
  /** Put a learned scalar (init 0) at the end of every residual branch. */
  alpha: boolean;
  /** Add gradient taps to every hidden activation (signal-propagation probe only). */
  taps?: boolean;
}

class GraphBuilder {
  readonly kernelLayers: tf.layers.Layer[] = [];
  readonly branchEndKernels = new Set<tf.layers.Layer>();
  readonly branchEndNorms: tf.layers.Layer[] = [];
  readonly norms: tf.layers.Layer[] = [];
  readonly scaleLayers: tf.layers.Layer[] = [];
  readonly hidden: { label: string; tensor: Sym }[] = [];
  readonly taps: Sym[] = [];
  #n = 0;

  constructor(
    readonly e: Experiment,
    readonly opts: GraphOptions,
  ) {}

  /** A dense or conv layer with its kernel registered. */
  linear(x: Sym, kind: 'dense' | 'conv', units: number): { y: Sym; layer: tf.layers.Layer } {
    const name = `${kind}${++this.#n}`;
    const common = { name, kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
    const layer =
      kind === 'dense'
        ? tf.layers.dense({ units, ...common })
        : tf.layers.conv2d({ filters: units, kernelSize: this.e.kernel, padding: 'same', ...common });
    this.kernelLayers.push(layer);
    return { y: layer.apply(x) as Sym, layer };
  }

  norm(x: Sym): { y: Sym; layer: tf.layers.Layer } {
    const layer = tf.layers.batchNormalization({ name: `bn${this.#n}`, momentum: BN_MOMENTUM, epsilon: BN_EPSILON });
    this.norms.push(layer);
    return { y: layer.apply(x) as Sym, layer };
  }

  act(x: Sym): Sym {
    return activationLayer(this.e.act, this.e.slope, `act${this.#n}`).apply(x) as Sym;
  }

  /** Records a hidden activation (through a gradient tap when asked) and returns it. */
  record(y: Sym): Sym {
    let out = y;
    if (this.opts.taps) {
      const tap = tf.input({ shape: y.shape.slice(1) as number[], name: `tap${this.taps.length + 1}` });
      this.taps.push(tap);
      out = tf.layers.add({ name: `tapped${this.taps.length}` }).apply([y, tap]) as Sym;
    }
    this.hidden.push({ label: `L${this.kernelLayers.length}`, tensor: out });
    return out;
  }

  /** linear -> [BN] -> act -> [BN], as the bn mode says; records the activation output. */
  hiddenLayer(x: Sym, kind: 'dense' | 'conv', units: number): Sym {
    let y = this.linear(x, kind, units).y;
    if (this.opts.bn === 'before') y = this.norm(y).y;
    y = this.record(this.act(y));
    if (this.opts.bn === 'after') y = this.norm(y).y;
    return y;
  }

  /**
   * Residual block, post-activation (He et al. 2016a): y = act(x + F(x)), with
   * F = linear -> [BN] -> act -> linear -> [BN] (-> alpha). The last linear and BN of F
   * are the ones residual zero-init zeroes.
   */
  residualBlock(x: Sym, kind: 'dense' | 'conv', units: number): Sym {
    let branch = this.linear(x, kind, units).y;
    if (this.opts.bn !== 'none') branch = this.norm(branch).y;
    branch = this.record(this.act(branch));
    const last = this.linear(branch, kind, units);
    this.branchEndKernels.add(last.layer);
    branch = last.y;
    if (this.opts.bn !== 'none') {
      const norm = this.norm(branch);
      this.branchEndNorms.push(norm.layer);
      branch = norm.y;
    }
    if (this.opts.alpha) {
      const scale = new ScaleLayer({ name: `alpha${this.#n}` });
      this.scaleLayers.push(scale);
      branch = scale.apply(branch) as Sym;
    }
    const sum = tf.layers.add({ name: `add${this.#n}` }).apply([x, branch]) as Sym;
    return this.record(this.act(sum));
  }

  pool(x: Sym): Sym {
    return tf.layers.maxPooling2d({ poolSize: 2, name: `pool${this.#n}` }).apply(x) as Sym;
  }

  flatten(x: Sym): Sym {
    return tf.layers.flatten({ name: 'flatten' }).apply(x) as Sym;
  }

  finish(input: Sym, x: Sym): Graph {
    const head = this.linear(x, 'dense', NUM_CLASSES);
    return {
      input,
      logits: head.y,
      kernelLayers: this.kernelLayers,
      branchEndKernels: this.branchEndKernels,
      branchEndNorms: this.branchEndNorms,
      norms: this.norms,
      scaleLayers: this.scaleLayers,
      hidden: this.hidden,
      taps: this.taps,
    };
  }
}

export function buildGraph(e: Experiment, opts: GraphOptions): Graph {
  const g = new GraphBuilder(e, opts);
  const input = tf.input({ shape: isConv(e.arch) ? [28, 28, 1] : [28 * 28], name: 'pixels' });
  let x: Sym = input;
  switch (e.arch) {
    case 'mlp':
      for (let i = 0; i < e.depth; i++) x = g.hiddenLayer(x, 'dense', e.width);
      break;
    case 'cnn':
      for (let i = 0; i < e.depth; i++) {
        x = g.hiddenLayer(x, 'conv', e.channels);
        // Pool after the first two conv layers (28 -> 14 -> 7); deeper stacks keep 7x7 maps.
        if (i < 2) x = g.pool(x);
      }
      x = g.flatten(x);
      break;
    case 'resmlp':
      // A stem maps the 784 pixels to the block width, so every skip is a pure identity.
      x = g.hiddenLayer(x, 'dense', e.width);
      for (let i = 0; i < e.depth; i++) x = g.residualBlock(x, 'dense', e.width);
      break;
    case 'rescnn': {
      // Stem at 28x28, blocks at 14x14 then 7x7: channels never change, so no projections.
      x = g.pool(g.hiddenLayer(x, 'conv', e.channels));
      const firstStage = Math.ceil(e.depth / 2);
      for (let i = 0; i < e.depth; i++) {
        if (i === firstStage) x = g.pool(x);
        x = g.residualBlock(x, 'conv', e.channels);
      }
      if (e.depth <= 1) x = g.pool(x);
      x = g.flatten(x);
      break;
    }
  }
  return g.finish(input, x);
}
