/** Every card, in the order a study session would take them. */
import type { Card, CardId } from '../types';
import { biasCard, symmetryCard } from './symmetry';
import { convFansCard, fansCard } from './fans';
import { heCard, xavierCard } from './xavier-he';
import { scaleCard } from './scale';
import { gainsCard, lecunCard } from './lecun-gains';
import { isometryCard, orthogonalCard } from './orthogonal';
import { pretrainedCard } from './transfer';
import { batchnormCard, residualCard } from './normalization';
import { deadReluCard, seedsCard } from './training';
import { defaultCard, torchDefaultCard } from './defaults';
import { truncatedCard } from './truncated';
import { chaosCard } from './chaos';
import { mupCard } from './mup';
import { lsuvCard } from './lsuv';

export const CARDS: readonly Card[] = [
  symmetryCard,
  biasCard,
  fansCard,
  xavierCard,
  heCard,
  scaleCard,
  lecunCard,
  orthogonalCard,
  pretrainedCard,
  batchnormCard,
  residualCard,
  gainsCard,
  convFansCard,
  seedsCard,
  defaultCard,
  torchDefaultCard,
  truncatedCard,
  deadReluCard,
  isometryCard,
  chaosCard,
  lsuvCard,
  mupCard,
];

const BY_ID = new Map<string, Card>(CARDS.map((c) => [c.id, c]));

export function cardById(id: string): Card | undefined {
  return BY_ID.get(id);
}

export function isCardId(id: string): id is CardId {
  return BY_ID.has(id);
}
