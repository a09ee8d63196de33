/**
 * The three networks of the demo and the seeds behind them. Transfer and scratch differ in
 * exactly one thing, what the hidden layers learned on 0–4: scratch's hidden layers are the
 * very draw the 0–4 network started from, and both students get the same fresh head.
 */
import { deriveSeed } from '../../random/prng';
import { buildTransferNet, copyBody, type NetShape, type TransferNet } from './net';

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
