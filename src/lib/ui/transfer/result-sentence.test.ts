import { describe, expect, it } from 'vitest';
import type { TransferSummary } from '../../engine/transfer/events';
import { transferDemoLive, transferResultSentence } from '../../explain/cards/transfer';

const summary: TransferSummary = {
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
    expect(transferResultSentence(summary)).toBe(
      'After 150 steps on 500 examples of 5–9, the network initialised from the 0–4 model reaches 91.2% vs 78.4% from scratch (12.8 points ahead).',
    );
    const behind = { ...summary, transfer: { ...summary.transfer, accuracy: 0.92 }, scratch: { ...summary.scratch, accuracy: 0.927 } };
    expect(transferResultSentence(behind)).toMatch(/92\.0% vs 92\.7% from scratch \(0\.7 points behind\)\.$/);
    const level = { ...behind, frozen: true, scratch: { ...summary.scratch, accuracy: 0.922 } };
    expect(transferResultSentence(level)).toMatch(/heads trained\).*\(level with it\)\.$/);
  });

  it('give the pretraining, early and starting-point numbers, and skip a pretraining that never ran', () => {
    const lines = transferDemoLive(summary).map((l) => l.text);
    expect(lines[0]).toBe('The MLP 784-256-256-5 learned digits 0–4 to 97.3% validation accuracy in 300 steps.');
    expect(lines[2]).toBe('After 10 steps: 83.4% vs 87.6% (4.2 points behind), on 1,000 validation images of 5–9.');
    expect(lines[3]).toContain('mean norm of 21.7 (copied from the 0–4 model) vs 14.8 (random)');
    expect(lines[3]).toContain('validation loss of 2.93 vs 2.04');
    const none = transferDemoLive({ ...summary, pretrainSteps: 0, pretrainAccuracy: Number.NaN });
    expect(none).toHaveLength(3);
    for (const line of none) expect(line.text).not.toMatch(/NaN|undefined/);
  });
});
