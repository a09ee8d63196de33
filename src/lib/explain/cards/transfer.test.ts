import { describe, expect, it } from 'vitest';
import type { TransferSummary } from '../../engine/transfer/events';
import { DEFAULT_EXPERIMENT } from '../../experiment/config';
import { contextOf } from '../context';
import { pretrainedCard, transferDemoLive, transferResultSentence } from './transfer';

const summary: TransferSummary = {
  pretrainSteps: 300,
  finetuneSteps: 150,
  targetTrain: 100,
  targetVal: 1000,
  frozen: false,
  seed: 3,
  network: 'MLP 784-256-256-5',
  pretrainAccuracy: 0.968,
  earlyStep: 10,
  transfer: { accuracyAtStart: 0.15, lossAtStart: 3.1, earlyAccuracy: 0.7, accuracy: 0.861, loss: 0.45, featureNorm: 22.4 },
  scratch: { accuracyAtStart: 0.25, lossAtStart: 2.1, earlyAccuracy: 0.74, accuracy: 0.873, loss: 0.41, featureNorm: 15.1 },
};

const live = (transferDemo?: TransferSummary) =>
  (pretrainedCard.live!({ ...contextOf(DEFAULT_EXPERIMENT), transferDemo }) ?? []).map((l) => l.text);

describe('the transfer card’s live lines', () => {
  it('before any demo: only the fresh head of the config on screen', () => {
    const lines = live();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^In a transfer setup your out layer \(256→10\) is the part drawn fresh/);
  });

  it('after a demo: its own numbers first, the same result sentence the demo shows, then the head', () => {
    const lines = live(summary);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('The MLP 784-256-256-5 learned digits 0–4 to 96.8% validation accuracy in 300 steps.');
    expect(lines[1]).toBe(transferResultSentence(summary));
    expect(lines[1]).toBe(
      'After 150 steps on 100 examples of 5–9, the network initialised from the 0–4 model reaches 86.1% vs 87.3% from scratch (1.2 points behind).',
    );
    expect(lines[2]).toContain('After 10 steps: 70.0% vs 74.0% (4.0 points behind)');
    expect(lines[3]).toContain('mean norm of 22.4 (copied from the 0–4 model) vs 15.1 (random)');
    expect(lines[4]).toMatch(/^In a transfer setup your out layer/);
  });

  it('carries the measured values for checking against the engine', () => {
    const first = pretrainedCard.live!({ ...contextOf(DEFAULT_EXPERIMENT), transferDemo: summary })!;
    expect(first[1].values).toEqual({ transfer: 0.861, scratch: 0.873, steps: 150, examples: 100 });
  });
});

/** A demo where transfer wins clearly: the sentences must say "ahead". */
const ahead: TransferSummary = {
  pretrainSteps: 300,
  finetuneSteps: 150,
  targetTrain: 500,
  targetVal: 1000,
  frozen: false,
  seed: 1,
  network: 'MLP 784-256-256-5',
  pretrainAccuracy: 0.973,
  earlyStep: 10,
  transfer: { accuracyAtStart: 0.2, lossAtStart: 2.93, earlyAccuracy: 0.834, accuracy: 0.912, loss: 0.3, featureNorm: 21.7 },
  scratch: { accuracyAtStart: 0.294, lossAtStart: 2.04, earlyAccuracy: 0.876, accuracy: 0.784, loss: 0.5, featureNorm: 14.8 },
};

describe('the transfer demo sentences', () => {
  it('quote the run’s own numbers and say which way the difference goes', () => {
    expect(transferResultSentence(ahead)).toBe(
      'After 150 steps on 500 examples of 5–9, the network initialised from the 0–4 model reaches 91.2% vs 78.4% from scratch (12.8 points ahead).',
    );
    const behind = { ...ahead, transfer: { ...ahead.transfer, accuracy: 0.92 }, scratch: { ...ahead.scratch, accuracy: 0.927 } };
    expect(transferResultSentence(behind)).toMatch(/92\.0% vs 92\.7% from scratch \(0\.7 points behind\)\.$/);
    const level = { ...behind, frozen: true, scratch: { ...ahead.scratch, accuracy: 0.922 } };
    expect(transferResultSentence(level)).toMatch(/heads trained\).*\(level with it\)\.$/);
  });

  it('give the pretraining, early and starting-point numbers, and skip a pretraining that never ran', () => {
    const lines = transferDemoLive(ahead).map((l) => l.text);
    expect(lines[0]).toBe('The MLP 784-256-256-5 learned digits 0–4 to 97.3% validation accuracy in 300 steps.');
    expect(lines[2]).toBe('After 10 steps: 83.4% vs 87.6% (4.2 points behind), on 1,000 validation images of 5–9.');
    expect(lines[3]).toContain('mean norm of 21.7 (copied from the 0–4 model) vs 14.8 (random)');
    expect(lines[3]).toContain('validation loss of 2.93 vs 2.04');
    const none = transferDemoLive({ ...ahead, pretrainSteps: 0, pretrainAccuracy: Number.NaN });
    expect(none).toHaveLength(3);
    for (const line of none) expect(line.text).not.toMatch(/NaN|undefined/);
  });
});
