/**
 * ConvNetJS (Karpathy's CPU-JavaScript trainer) on the lab's default MLP, 784-256-256-10
 * ReLU with softmax cross-entropy, batch 64: the CPU-JavaScript baseline the real app's
 * throughput is compared against. ConvNetJS 0.3 has no Adam, so it trains with SGD +
 * momentum, its cheapest rule with state (the lab's default run uses Adam, which costs it
 * more per step, so the comparison does not favour the lab).
 */
import convnetjs from 'convnetjs';

/** Examples/s over `steps` batches of `bs` examples from `pixels` ([n, 784] row-major) and `labels`. */
export function convnetjsRate(pixels: Float32Array, labels: Int32Array, steps: number, bs: number): number {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 },
    { type: 'fc', num_neurons: 256, activation: 'relu' },
    { type: 'fc', num_neurons: 256, activation: 'relu' },
    { type: 'softmax', num_classes: 10 },
  ]);
  const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: 0.01, momentum: 0.9, batch_size: bs, l2_decay: 0 });
  const input = new convnetjs.Vol(1, 1, 784, 0);
  const count = labels.length;
  const train = (i: number) => {
    const k = i % count;
    for (let p = 0; p < 784; p++) input.w[p] = pixels[k * 784 + p];
    trainer.train(input, labels[k]);
  };
  for (let i = 0; i < bs; i++) train(i); // one warm-up batch, as the other loops get
  const start = performance.now();
  for (let i = 0; i < steps * bs; i++) train(i);
  return (steps * bs * 1000) / (performance.now() - start);
}
