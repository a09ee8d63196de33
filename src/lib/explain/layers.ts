/**
 * Per-layer init facts for the config on screen, straight from the engine's describeInit
 * over kernelShapes, so every number a card quotes is the number the engine draws with.
 */
import type { Experiment, InitChoice } from '../experiment/config';
import { kernelShapes } from '../experiment/shapes';
import { describeInit, type InitContext, type LayerInitInfo } from '../engine/init';

export interface LayerFacts {
  label: string;
  shape: number[];
  info: LayerInitInfo;
}

/** Consecutive layers with the same shape (and so the same init numbers). */
export interface LayerGroup {
  labels: string[];
  shape: number[];
  info: LayerInitInfo;
}

export function initContext(e: Experiment): InitContext {
  return { act: e.act, slope: e.slope, gain: e.gain };
}

/** Recent results by content: every card asks, and the panel asks again on every metric block. */
const cache = new Map<string, LayerFacts[]>();
const CACHE_SIZE = 64;

/** Empty when the arch's shapes are not known here, or the choice is out of range. Treat as read-only. */
export function layerFacts(e: Experiment, choice: InitChoice): LayerFacts[] {
  const { arch, depth, width, channels, kernel, act, slope, gain } = e;
  const key = JSON.stringify([arch, depth, width, channels, kernel, act, slope, gain, choice]);
  let facts = cache.get(key);
  if (!facts) {
    facts = compute(e, choice);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, facts);
  }
  return facts;
}

function compute(e: Experiment, choice: InitChoice): LayerFacts[] {
  const ctx = initContext(e);
  try {
    return kernelShapes(e).map(({ label, shape }) => ({ label, shape, info: describeInit(choice, shape, ctx) }));
  } catch {
    // describeInit refuses invalid parameters; an explanation must never take the page down.
    return [];
  }
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** A 30-layer MLP has three distinct layers, not thirty: say each once. */
export function layerGroups(e: Experiment, choice: InitChoice): LayerGroup[] {
  const groups: LayerGroup[] = [];
  for (const f of layerFacts(e, choice)) {
    const last = groups[groups.length - 1];
    // The head keeps its own line even if its shape repeats: it is the layer with no activation.
    if (last && f.label !== 'out' && !last.labels.includes('out') && sameShape(last.shape, f.shape)) {
      last.labels.push(f.label);
    } else {
      groups.push({ labels: [f.label], shape: f.shape, info: f.info });
    }
  }
  return groups;
}

/** Indices of the variants whose scheme passes `test`. */
export function variantsWhere(e: Experiment, test: (c: InitChoice) => boolean): number[] {
  return e.init.flatMap((c, i) => (test(c) ? [i] : []));
}
