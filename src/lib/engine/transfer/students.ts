/**
 * The three networks of the demo and the seeds behind them. Transfer and scratch differ in
 * exactly one thing, what the hidden layers learned on 0–4: scratch's hidden layers are the
 * very draw the 0–4 network started from, and both students get the same fresh head.
 */
import { deriveSeed } from '../../random/prng';
import { TARGET_DIGITS } from './digits';
import type { TransferOptions } from './events';
import { buildTransferNet, copyBody, type NetShape, type TransferNet } from './net';

export function shapeOf(o: TransferOptions): NetShape {
  return { arch: o.arch, depth: o.depth, width: o.width, channels: o.channels, classes: TARGET_DIGITS.length };
}

/** "MLP 784-256-256-5" or "CNN 2×16 3×3 → 5". */
export function networkLabel(shape: NetShape): string {
  if (shape.arch === 'cnn') return `CNN ${shape.depth}×${shape.channels} 3×3 → ${shape.classes}`;
  return `MLP ${[784, ...Array<number>(shape.depth).fill(shape.width), shape.classes].join('-')}`;
}

/** Seeds of every random choice, all derived from the one demo seed. */
export function demoSeeds(seed: number) {
  return {
    // The lab's own convention (initSeed = run seed): the body is what a lab run with this seed draws.
    body: seed,
    pretrainHead: deriveSeed(seed, 'transfer', 'pretrain-head'),
    studentHead: deriveSeed(seed, 'transfer', 'student-head'),
    pretrainBatches: deriveSeed(seed, 'transfer', 'pretrain-batches'),
    finetuneBatches: deriveSeed(seed, 'transfer', 'finetune-batches'),
  };
}

/** The network that learns the source digits, from the lab's He-normal draw. */
export function buildPretrainNet(shape: NetShape, seed: number): TransferNet {
  const s = demoSeeds(seed);
  return buildTransferNet(shape, s.body, s.pretrainHead);
}

/**
 * Transfer: the pretrained hidden layers, copied. Scratch: the initial draw the pretrained
 * network started from. Both: the same freshly drawn head. `pretrained` can be disposed
 * afterwards; the copies do not depend on it.
 */
export function makeStudents(pretrained: TransferNet, shape: NetShape, seed: number): { transfer: TransferNet; scratch: TransferNet } {
  const s = demoSeeds(seed);
  const transfer = buildTransferNet(shape, s.body, s.studentHead);
  copyBody(pretrained, transfer);
  return { transfer, scratch: buildTransferNet(shape, s.body, s.studentHead) };
}
