/** Pretrained weights as the initialization, and what the lab's transfer demo measures. */
import type { TransferSummary } from '../../engine/transfer/events';
import { percent } from '../../percent';
import { fmt, shapeText } from '../format';
import { layerFacts } from '../layers';
import { type Card, type LiveNumber } from '../types';
import { drawText } from './live-helpers';
import { recommendedScheme } from './defaults';
import { initLabel } from '../../experiment/plan';

// Accuracies always with one decimal ("91.0%", never trimmed), so the sentence, the card and
// the trigger's reason (triggers.ts) quote a run alike.

/** "2.3 points ahead", "0.7 points behind", "level" (within 0.5 points: evaluation noise). */
function lead(transfer: number, scratch: number): string {
  const points = (transfer - scratch) * 100;
  if (Math.abs(points) < 0.5) return 'level with it';
  return `${Math.abs(points).toFixed(1)} points ${points > 0 ? 'ahead' : 'behind'}`;
}

/**
 * The demo's result in one sentence, every number measured by the run it describes:
 * "After 150 steps on 500 examples of 5–9, the network initialised from the 0–4 model
 * reaches 92.0% vs 92.7% from scratch (0.7 points behind)."
 */
export function transferResultSentence(s: TransferSummary): string {
  const heads = s.frozen ? ' (hidden layers frozen in both: only the heads trained)' : '';
  return (
    `After ${fmt(s.finetuneSteps)} steps on ${fmt(s.targetTrain)} examples of 5–9${heads}, the network initialised from the 0–4 model ` +
    `reaches ${percent(s.transfer.accuracy, 1)} vs ${percent(s.scratch.accuracy, 1)} from scratch (${lead(s.transfer.accuracy, s.scratch.accuracy)}).`
  );
}

/** The demo's numbers as card sentences: the result, the early steps, and the head's starting point. */
export function transferDemoLive(s: TransferSummary): LiveNumber[] {
  const { transfer: t, scratch: c } = s;
  const lines: LiveNumber[] = [
    {
      text: transferResultSentence(s),
      values: { transfer: t.accuracy, scratch: c.accuracy, steps: s.finetuneSteps, examples: s.targetTrain },
    },
    {
      text: `After ${fmt(s.earlyStep)} steps: ${percent(t.earlyAccuracy, 1)} vs ${percent(c.earlyAccuracy, 1)} (${lead(t.earlyAccuracy, c.earlyAccuracy)}), on ${fmt(s.targetVal)} validation images of 5–9.`,
      values: { step: s.earlyStep, transfer: t.earlyAccuracy, scratch: c.earlyAccuracy },
    },
    {
      text:
        `Before fine-tuning, the features the fresh head receives have a mean norm of ${fmt(t.featureNorm)} (copied from the 0–4 model) vs ` +
        `${fmt(c.featureNorm)} (random), and the same head starts at a validation loss of ${fmt(t.lossAtStart)} vs ${fmt(c.lossAtStart)}.`,
      values: { transferNorm: t.featureNorm, scratchNorm: c.featureNorm, transferLoss: t.lossAtStart, scratchLoss: c.lossAtStart },
    },
  ];
  if (Number.isFinite(s.pretrainAccuracy)) {
    lines.unshift({
      text: `The ${s.network} learned digits 0–4 to ${percent(s.pretrainAccuracy, 1)} validation accuracy in ${fmt(s.pretrainSteps)} steps.`,
      values: { accuracy: s.pretrainAccuracy, steps: s.pretrainSteps },
    });
  }
  return lines;
}

export const pretrainedCard: Card = {
  id: 'pretrained',
  title: 'How does transfer learning change the initialization question?',
  difficulty: 'easy',
  section: { id: 'transfer-demo', label: 'the transfer demo, digits 0–4 → 5–9' },
  short: () =>
    'The pretrained weights are the initialization: instead of a random draw whose only virtue is the right scale, the layers start from features another task already learned. Only layers that are new, usually the classifier head sized for the new classes, are drawn fresh with the usual scheme, and the care goes into not wrecking the pretrained part while that random head still sends large, meaningless gradients. Whether it helps depends on how general the copied features are and how much the new task could learn by itself; the lab’s transfer demo, at the foot of the Lab view, measures it on digits 0–4 → 5–9.',
  reasoning: () => [
    [
      'What the demo does: the lab’s MLP (He normal, ReLU) learns digits 0–4. Two students then learn 5–9 on the same batches, with the same optimizer and the same freshly drawn 5-way head. “Transfer” starts its hidden layers from the 0–4 model; “scratch” starts them from the very random draw the 0–4 model itself started from. The only difference between the two is what the hidden layers learned on 0–4.',
    ],
    [
      'Why the head is drawn again: its rows meant “this is a 0”, …, “this is a 4”; for 5–9 they are wrong answers with confidence, so a new head is drawn with the usual scheme. But the scheme’s scale assumed unit-scale inputs, and pretraining grows the hidden weights: the copied features are larger than random ones, so the same head starts with larger logits and a larger loss, and its first gradients into the copied layers are large and meaningless. That is why fine-tuning recipes use a zero or small head, a smaller learning rate for the pretrained layers, or train the head alone first.',
    ],
    [
      'What can carry over: strokes and shapes that 5–9 share with 0–4 (the loop of a 6 or 9 and of a 0, the long stroke of a 7 and of a 1). What limits it here: each unit of an MLP sees the whole image, so training on 0–4 turns units into detectors of 0–4 shapes more than into generic stroke detectors; and a few hundred labelled images of an easy task let a network learn its own features in tens of steps, from random ReLU features that are already a fair basis for MNIST. So expect a small effect in this lab, of either sign: the demo reports the measured one. Transfer pays when the source is large and diverse, the copied features are generic (ImageNet convolutional filters), and the target data are too few to learn them.',
    ],
    [
      'What freezing does: with the hidden layers frozen, both students train only their heads, which compares a linear read-out of the 0–4 features with one of random features of the same width: the quality of the features alone, with no chance to re-learn them. Freezing also protects pretrained weights from the random head’s first gradients; freezing first and unfreezing later (gradually, top down, as in ULMFiT), or training a linear probe before fine-tuning, which Kumar et al. (2022) showed distorts pretrained features less than fine-tuning from a random head, keep that protection without giving up adaptation.',
    ],
    [
      'When transfer hurts (negative transfer): features too specific to the source (upper layers are the most task-specific, as Yosinski et al. 2014 measured), a narrow network whose few units were all spent on the source classes, inputs from another domain, or a learning rate that wrecks the copied features before the new head has learned anything. Then a random start, which at least has the right scale and no wrong commitments, does as well or better.',
    ],
    [
      'Two details that bite: batch norm’s running statistics come from the pretraining data, and with small fine-tuning batches it is often better to keep them frozen (BN in inference mode); and weight decay toward the pretrained weights rather than toward 0 (L2-SP, Li et al. 2018) keeps the solution near the starting point.',
    ],
  ],
  live: (ctx) => {
    // A finished demo's measurements come first: they answer the card's question for this lab.
    const lines = ctx.transferDemo ? transferDemoLive(ctx.transferDemo) : [];
    const e = ctx.experiment;
    const choice = e.init[0] ?? { scheme: recommendedScheme(e.act) };
    const layers = layerFacts(e, choice);
    const head = layers[layers.length - 1];
    if (head) {
      lines.push({
        text: `In a transfer setup your out layer (${shapeText(head.shape)}) is the part drawn fresh: with ${initLabel(choice)}, ${drawText(head.info, choice, head.shape)}, fan_in ${fmt(head.info.fanIn)}.`,
        init: e.init[0] ? 0 : undefined,
        layers: ['out'],
        values: { fanIn: head.info.fanIn, fanOut: head.info.fanOut, std: head.info.std },
      });
    }
    return lines.length ? lines : null;
  },
};
