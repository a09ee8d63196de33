import katex from 'katex';
import { describe, expect, it } from 'vitest';
import type { TransferSummary } from '../engine/transfer/events';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { decodeExperiment } from '../experiment/url';
import { CARDS, cardById } from './cards';
import type { ExplainContext, RunObservation } from './context';
import { firstSentence } from './summary';
import { DIFFICULTIES, type TexText } from './types';

const exp = (query: string): Experiment => {
  const d = decodeExperiment(query);
  expect(d.problems, query).toEqual([]);
  return d.experiment;
};

const RUNS: RunObservation[] = [
  {
    label: 'zeros',
    variant: 0,
    status: 'diverged',
    divergedAt: 7,
    inactiveFraction: [0.3, 0.6],
    activationStdAtInit: [0.5, 1e-4],
    identicalRows: [{ layer: 'L1', identical: true }],
    presetClaim: { presetId: 'zeros-symmetry', holds: true, detail: 'ok' },
  },
];

/** Configs that exercise every branch of the live numbers. */
const QUERIES = [
  '',
  'arch=mlp&depth=30&width=256&act=relu&init=xavier_normal,he_normal',
  'arch=cnn&depth=4&channels=32&kernel=5&init=he_normal,he_normal:mode=fan_out,normal:std=0.01',
  'arch=cnn&depth=1&channels=4&kernel=3&init=orthogonal,torch_default',
  'arch=resmlp&depth=4&width=64&bn=none,before&zero=none,kernel,gamma,both&init=he_normal',
  'arch=resmlp&depth=3&width=64&bn=before&zero=gamma,alpha&init=zeros',
  'arch=rescnn&depth=2&channels=8&init=xavier_uniform',
  'act=selu&depth=8&init=lecun_normal,he_normal,lecun_uniform:mode=fan_out',
  'act=tanh&gain=act&init=xavier_normal,orthogonal,he_uniform',
  'act=sigmoid&init=zeros,constant:value=0.5&bias=0.1',
  'act=leaky_relu&slope=0.2&init=he_normal,normal:std=0.05,uniform:limit=0.1',
  'act=tanh&bn=after&init=normal:std=1,xavier_normal',
  'act=gelu&bn=before,after&init=he_normal,zeros',
  'act=elu&gain=2&init=orthogonal:gain=1.5,lecun_normal',
  'act=linear&depth=32&init=normal:std=100',
  'seed=0&seeds=3&init=he_normal,xavier_normal,normal:std=0.1',
  'init=he_uniform,torch_default,xavier_uniform&bias=-1',
  'act=relu&bias=0.01&init=normal:std=0',
  ...CARDS.flatMap((c) => (c.demo ? [c.demo.query] : [])),
];

/** A finished transfer demo, with no pretraining (its accuracy NaN, a branch the sentences skip). */
const student = { accuracyAtStart: 0.2, lossAtStart: 2.3, earlyAccuracy: 0.6, accuracy: 0.9, loss: 0.4, featureNorm: 15 };
const TRANSFER_DEMO: TransferSummary = {
  pretrainSteps: 0,
  finetuneSteps: 20,
  targetTrain: 100,
  targetVal: 1000,
  frozen: true,
  seed: 1,
  network: 'MLP 784-256-256-5',
  pretrainAccuracy: Number.NaN,
  earlyStep: 10,
  transfer: student,
  scratch: student,
};

const SPECTRUM = [
  { label: 'he_normal', variant: 0, meanSquare: 0.98, theoryMeanSquare: 1, smallest: 0.012, largest: 3.4, count: 512 },
  { label: 'orthogonal', variant: 1, meanSquare: 0.5, theoryMeanSquare: null, smallest: 0, largest: 1, count: 512 },
];

const CONTEXTS: ExplainContext[] = QUERIES.flatMap((q) => [
  { experiment: exp(q), runs: [] },
  { experiment: exp(q), runs: RUNS, transferDemo: TRANSFER_DEMO, spectrum: SPECTRUM },
]);

const rendered = new Set<string>();
function renders(t: TexText, where: string): void {
  expect(t.alt.trim(), `${where}: alt text`).not.toBe('');
  // Many configs share formulas; each distinct source needs rendering only once.
  if (rendered.has(t.tex)) return;
  expect(() => katex.renderToString(t.tex, { throwOnError: true, strict: 'error' }), `${where}: ${t.tex}`).not.toThrow();
  rendered.add(t.tex);
}

describe('cards', () => {
  it('have unique ids, a question, a valid difficulty and at least 19 topics', () => {
    expect(CARDS.length).toBeGreaterThanOrEqual(19);
    expect(new Set(CARDS.map((c) => c.id)).size).toBe(CARDS.length);
    for (const c of CARDS) {
      expect(c.title, c.id).toMatch(/\?$/);
      expect(DIFFICULTIES).toContain(c.difficulty);
      expect(cardById(c.id)).toBe(c);
    }
  });

  it('every short answer is non-empty and starts with a sentence that stands alone', () => {
    for (const ctx of CONTEXTS) {
      for (const c of CARDS) {
        const short = c.short(ctx);
        expect(short.trim(), c.id).not.toBe('');
        const first = firstSentence(short);
        expect(first.length, c.id).toBeGreaterThan(10);
        expect(first, c.id).toMatch(/[.?!]$/);
      }
    }
  });

  it('every formula has alt text and renders with KaTeX', () => {
    for (const c of CARDS) if (c.formula) renders(c.formula, `${c.id} formula`);
    expect(CARDS.filter((c) => c.formula).length).toBeGreaterThanOrEqual(CARDS.length - 1);
  });

  it('every reasoning paragraph, inline TeX and live number renders, for many configs', () => {
    for (const ctx of CONTEXTS) {
      for (const c of CARDS) {
        const paragraphs = c.reasoning(ctx);
        expect(paragraphs.length, c.id).toBeGreaterThan(0);
        for (const p of paragraphs) {
          expect(p.length, c.id).toBeGreaterThan(0);
          for (const seg of p) {
            // Prose may name NaN as an outcome; anywhere else it would be a number that failed.
            if (typeof seg === 'string') expect(seg.replace(/ends in NaN|gives NaN/g, ''), c.id).not.toMatch(/undefined|NaN|\[object/);
            else renders(seg, `${c.id} reasoning`);
          }
        }
        for (const line of c.live?.(ctx) ?? []) {
          expect(line.text.trim(), c.id).not.toBe('');
          // A number that failed to compute must never reach a sentence.
          expect(line.text, `${c.id}: ${line.text}`).not.toMatch(/undefined|NaN|\[object/);
          if (line.formula) renders(line.formula, `${c.id} live`);
        }
      }
    }
  });

  it('every demo query decodes with no problems and no ignored keys', () => {
    for (const c of CARDS) {
      if (!c.demo) continue;
      const d = decodeExperiment(c.demo.query);
      expect(d.problems, c.id).toEqual([]);
      expect(d.ignored, c.id).toEqual([]);
      expect(d.autorun).toBe(false);
      expect(c.demo.label.trim()).not.toBe('');
      expect(decodeExperiment(`${c.demo.query}&autorun=1`).autorun).toBe(true);
    }
    expect(CARDS.filter((c) => c.demo).length).toBeGreaterThanOrEqual(CARDS.length - 1);
  });

  it('every card leads to a demonstration: an experiment link or a section of the lab page', () => {
    for (const c of CARDS) expect(!!c.demo || !!c.section, c.id).toBe(true);
    // The section ids are the page's: App.svelte mounts the transfer demo under this id.
    for (const c of CARDS.filter((c) => c.section)) expect(c.section!.id).toBe('transfer-demo');
  });

  it('quotes the right facts for the default experiment', () => {
    const ctx = { experiment: DEFAULT_EXPERIMENT, runs: [] };
    const he = cardById('he')!.live!(ctx)!.map((l) => l.text);
    expect(he[0]).toBe('he_normal · L1 (784→256): fan_in 784, fan_out 256; σ = 1.41/√784 = 0.0505.');
    expect(he[1]).toBe('he_normal · L2 (256→256): fan_in 256, fan_out 256; σ = 1.41/√256 = 0.0884.');
    const tele = he.find((t) => t.includes('telescope') || t.includes('multiply to'));
    expect(tele).toContain('10/784 = 0.0128');
  });
});
