import { describe, expect, it } from 'vitest';
import { buildModel } from './model';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { layerCosts, trainingStepFlops, type LayerCost } from './flops';

describe('trainingStepFlops', () => {
  it('matches a dense net worked by hand', () => {
    // 4 -> 3 -> 2, bs 5. Multiply-adds per example: 4·3 + 3·2 = 18.
    // forward 2·5·18 = 180; dW the same, 180; dX only for layer 2 (the input is no
    // variable): 2·5·6 = 60. Total 420.
    const net: LayerCost[] = [
      { kind: 'dense', inputs: 4, outputs: 3 },
      { kind: 'dense', inputs: 3, outputs: 2 },
    ];
    expect(trainingStepFlops(net, 5)).toBe(420);
  });

  it('matches a conv net worked by hand', () => {
    // 3x3 conv, 1 -> 2 channels on a 4x4 map ('same'), then dense 32 -> 10, bs 2.
    // conv: 4·4·3·3·1·2 = 288 MACs; dense 320. forward 2·2·608 = 2432; dW 2432;
    // dX for the dense layer only: 2·2·320 = 1280. Total 6144.
    const net: LayerCost[] = [
      { kind: 'conv', outH: 4, outW: 4, kh: 3, kw: 3, cin: 1, cout: 2 },
      { kind: 'dense', inputs: 32, outputs: 10 },
    ];
    expect(trainingStepFlops(net, 2)).toBe(6144);
  });

  it('gives the default MLP (784-256-256-10, bs 64) about 77.5 MFLOP a step', () => {
    // (784·256 + 256·256 + 256·10) = 268,800 MACs; 2·64·268,800·2 + 2·64·(256·256 + 256·10)·1.
    expect(trainingStepFlops(layerCosts(DEFAULT_EXPERIMENT), 64)).toBe(77_529_088);
  });
});

describe('layerCosts', () => {
  // The conv sizes are the one thing not in kernelShapes: check them against a built model.
  const cases: Partial<Experiment>[] = [
    { arch: 'cnn', depth: 3, channels: 4 },
    { arch: 'rescnn', depth: 3, channels: 4 },
    { arch: 'rescnn', depth: 1, channels: 4, kernel: 5 },
    { arch: 'resmlp', depth: 2, width: 8 },
  ];
  for (const c of cases) {
    it(`matches the built ${JSON.stringify(c)}`, () => {
      const e = { ...DEFAULT_EXPERIMENT, ...c };
      const built = buildModel(e, { init: e.init[0], bn: 'none', zero: 'none' }, 1);
      const fromModel = built.graph.kernelLayers.map((layer) => {
        const out = layer.outputShape as number[];
        const kernel = layer.weights[0].shape as number[];
        return out.length === 4
          ? { kind: 'conv', outH: out[1], outW: out[2], kh: kernel[0], kw: kernel[1], cin: kernel[2], cout: kernel[3] }
          : { kind: 'dense', inputs: kernel[0], outputs: kernel[1] };
      });
      built.model.dispose();
      expect(layerCosts(e)).toEqual(fromModel);
    });
  }
});
