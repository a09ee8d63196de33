/** Pretrained weights as the initialization. */
import { fmt, shapeText } from '../format';
import { layerFacts } from '../layers';
import { type Card } from '../types';
import { drawText } from './live-helpers';
import { recommendedScheme } from './defaults';
import { initLabel } from '../../experiment/plan';

export const pretrainedCard: Card = {
  id: 'pretrained',
  title: 'How does transfer learning change the initialization question?',
  difficulty: 'easy',
  short: () =>
    'The pretrained weights are the initialization, and a far better one than any random draw: they already compute useful features, so variance and symmetry were settled by the earlier training. Only layers that are new, usually the classifier head sized for the new classes, are drawn fresh with the usual scheme, and the care goes into not wrecking the pretrained part while that random head is still producing large, meaningless gradients.',
  reasoning: () => [
    [
      'Why it works: features learned on a large dataset transfer, most of all in the lower layers, which compute generic edges and textures; Yosinski et al. (2014) measured how transferability drops from the general lower layers to the task-specific upper ones.',
    ],
    [
      'What protects the pretrained weights: a smaller learning rate for them than for the head (often 10× smaller, or per-layer rates that grow toward the top); freezing the body while the head trains, then unfreezing (gradually, top down, as in ULMFiT); or training a linear probe first and fine-tuning afterwards, which Kumar et al. (2022) showed distorts the pretrained features less than fine-tuning from a random head. A zero or small-σ head keeps the first gradients sent into the body small.',
    ],
    [
      'Two details that bite: batch norm’s running statistics come from the pretraining data, and with small fine-tuning batches it is often better to keep them frozen (BN in inference mode); and weight decay toward the pretrained weights rather than toward 0 (L2-SP, Li et al. 2018) keeps the solution near the starting point.',
    ],
    [
      'This lab always starts from scratch: its MNIST nets are small and its point is what a random start does. Everything it shows about scale applies to the new head of a transfer model.',
    ],
  ],
  live: (ctx) => {
    const e = ctx.experiment;
    const choice = e.init[0] ?? { scheme: recommendedScheme(e.act) };
    const layers = layerFacts(e, choice);
    const head = layers[layers.length - 1];
    if (!head) return null;
    return [
      {
        text: `In a transfer setup your out layer (${shapeText(head.shape)}) is the part drawn fresh: with ${initLabel(choice)}, ${drawText(head.info, choice, head.shape)}, fan_in ${fmt(head.info.fanIn)}.`,
        init: e.init[0] ? 0 : undefined,
        layers: ['out'],
        values: { fanIn: head.info.fanIn, fanOut: head.info.fanOut, std: head.info.std },
      },
    ];
  },
};
