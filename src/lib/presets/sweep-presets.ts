/**
 * Presets that are sweeps: each shows a number against a swept value, and its claim reads
 * every seed's own grid (sweep-checks.ts). Sizes keep each under about two minutes on a
 * software renderer.
 */
import type { Preset } from './presets';
import { at, bestOf, bestValueOf, gridCheck, ratio } from './sweep-checks';

const DEEP_LINEAR =
  'arch=mlp&act=linear&width=64&init=orthogonal,lecun_normal&opt=sgd&lr=0.01&bs=64&steps=150&seeds=3&seed=1&sweep=depth:2,8,32';
const deepLinear = gridCheck(DEEP_LINEAR, 'steps', 0.7);

const TRAINABILITY =
  'arch=mlp&depth=24&width=64&act=tanh&init=lecun_normal&opt=sgd&lr=0.02&bs=64&steps=200&seeds=3&seed=1&sweep=gain:0.8,1.25,1.6,3';
const trainability = gridCheck(TRAINABILITY, 'accuracy', 0);

const MUP_TRANSFER =
  'arch=mlp&depth=4&act=relu&init=he_normal&opt=adam&param=sp,mup&base=32&bs=32&steps=200&seeds=3&seed=1' +
  '&sweep=width:32,256&sweep=lr:0.00025,0.0005,0.001,0.002,0.004,0.008,0.016';
const mupTransfer = gridCheck(MUP_TRANSFER, 'valLoss', 0);

export const SWEEP_DEFINITIONS: Omit<Preset, 'claim'>[] = [
  {
    id: 'saxe-deep-linear',
    title: 'Deep linear nets: orthogonal vs scaled Gaussian across depth (Saxe et al. 2014)',
    statement:
      'A deep linear net computes a single matrix, the product of its layers, yet how fast it learns depends on how that product ' +
      'starts. Orthogonal layers make it orthogonal at every depth: each direction of the input reaches the output at full size ' +
      '(every singular value of the input–output map is 1). Gaussian layers of variance 1/fan_in keep the mean squared singular ' +
      'value at 1 but spread the values wider with every layer, so a few directions are amplified and most shrink towards 0, ' +
      'and gradient descent must undo that spread before it learns. Swept here over depth at one SGD learning rate: the steps ' +
      'until the training loss (mean of 10 steps) first reaches 0.7. The orthogonal net needs fewer steps the deeper it is ' +
      '(every layer moves the same end-to-end map, so at one learning rate its step grows with depth); the Gaussian net needs ' +
      'more at depth 32 than at depth 8, and at depth 32 over 2.5 times the orthogonal net’s steps. Saxe et al. tuned the ' +
      'learning rate per depth and saw the orthogonal curve flat; at one rate it falls.',
    query: DEEP_LINEAR,
    sweepMetric: { metric: 'steps', target: 0.7 },
    checks: [
      deepLinear('orthogonal: steps to loss 0.7 at depth 32 / at depth 2', ratio(at(0, 32), at(0, 2)), 'below', 0.6),
      deepLinear('Gaussian: steps to loss 0.7 at depth 32 / at depth 8', ratio(at(1, 32), at(1, 8)), 'above', 1.25),
      deepLinear('depth 32: Gaussian steps / orthogonal steps to loss 0.7', ratio(at(1, 32), at(0, 32)), 'above', 2.5),
    ],
  },
  {
    id: 'edge-of-chaos-trainability',
    title: 'A deep tanh net trains only near the edge of chaos',
    statement:
      'Mean-field theory (Poole et al. 2016; Schoenholz et al. 2017) splits a deep tanh net with weight variance σ_w²/fan_in and ' +
      'zero biases into two phases. Below σ_w = 1 it is ordered: every input is pulled to the same point (0), the squared size ' +
      'of a small perturbation shrinks by χ₁ = σ_w² per layer (0.64 at σ_w = 0.8, so by about 2·10⁻⁵ over these 24 layers), and ' +
      'the gradients shrink with it. Above 1 it is chaotic: nearby inputs are pushed apart and gradients grow on their way back. ' +
      'Only near the boundary, the edge of chaos, does a signal cross 24 layers in both directions. Swept here over σ_w (the ' +
      'LeCun init’s gain) at one SGD learning rate: on every seed σ_w = 0.8 and σ_w = 3 end at chance, σ_w = 1.25 passes 75%, ' +
      'and the best σ_w lies between 1 and 1.6. The edge-of-chaos view draws the boundary and where this net sits on it.',
    query: TRAINABILITY,
    sweepMetric: { metric: 'accuracy', target: 0.5 },
    checks: [
      trainability('σ_w = 0.8 (ordered): final validation accuracy', at(0, 0.8), 'below', 0.2, 'pct'),
      trainability('σ_w = 3 (chaotic): final validation accuracy', at(0, 3), 'below', 0.2, 'pct'),
      trainability('σ_w = 1.25 (near the edge): final validation accuracy', at(0, 1.25), 'above', 0.75, 'pct'),
      trainability('best σ_w of the seed is at least', bestOf(0), 'above', 0.9),
      trainability('best σ_w of the seed is at most', bestOf(0), 'below', 1.7),
    ],
  },
  {
    id: 'mup-lr-transfer',
    title: 'μP: the learning rate tuned on a narrow net transfers to a wide one (Tensor Programs V)',
    statement:
      'Under the standard parametrization (SP) with Adam, one step changes each hidden weight by about the learning rate ' +
      'whatever the width, and a unit sums width such changes: the wider the net, the larger its step in function space, so ' +
      'its best learning rate falls with width. μP divides the hidden and output layers’ rates by width/base (and starts ' +
      'the output layer smaller), so every unit moves by the same amount at any width and the best rate stays put. Swept here ' +
      'over width 32 and 256 (μP’s base width is 32, where μP and SP are the same net) and seven Adam rates a factor 2 ' +
      'apart, comparing the final validation loss. On every seed, SP’s best rate at width 256 is at least one grid step ' +
      '(a factor 2) below its best at width 32; μP’s best rate at width 256 is within one grid step of width 32’s; under μP ' +
      'the wide net’s best loss is below the narrow net’s; and at the largest rate, 0.016, SP’s wide net ends worse than its ' +
      'narrow one. At these small widths μP’s best rate still wanders by a grid step from seed to seed: the transfer is ' +
      'exact only as width grows, and a step of 2 is finer than what a short run resolves.',
    query: MUP_TRANSFER,
    sweepMetric: { metric: 'valLoss', target: 0 },
    checks: [
      mupTransfer('SP: best lr at width 256 / best lr at width 32', ratio(bestOf(0, 256), bestOf(0, 32)), 'below', 0.6),
      mupTransfer('μP: best lr at width 256 / best lr at width 32, at least', ratio(bestOf(1, 256), bestOf(1, 32)), 'above', 0.45),
      mupTransfer('μP: best lr at width 256 / best lr at width 32, at most', ratio(bestOf(1, 256), bestOf(1, 32)), 'below', 2.2),
      mupTransfer('μP: best val loss at width 256 / at width 32', ratio(bestValueOf(1, 256), bestValueOf(1, 32)), 'below', 0.85),
      mupTransfer('SP at lr 0.016: val loss at width 256 / at width 32', ratio(at(0, 256, 0.016), at(0, 32, 0.016)), 'above', 1.1),
    ],
  },
];
