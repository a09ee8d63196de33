/**
 * The shape of an interview card. Content is plain text plus inline TeX segments, never
 * HTML: the UI renders text as text and TeX only through KaTeX, so nothing a card (or a
 * number interpolated into it) contains can inject markup.
 */
import type { ExplainContext } from './context';

export type Difficulty = 'easy' | 'medium' | 'hard';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** KaTeX source with a spoken alternative: the rendered math is aria-hidden, `alt` is what is read. */
export interface TexText {
  tex: string;
  alt: string;
}

/** A run of plain text, or inline math. */
export type Segment = string | TexText;
/** One paragraph: segments rendered inline, in order. */
export type Paragraph = readonly Segment[];

/** One sentence that quotes this config's numbers (fans, stds, predicted signal, measurements). */
export interface LiveNumber {
  /** Plain text, complete on its own (also what a screen reader gets). */
  text: string;
  /** The same statement as a substituted formula, when there is one. */
  formula?: TexText;
  /** Which init choice (index into experiment.init) the sentence is about, if any. */
  init?: number;
  /** Which planned variant (index into planVariants(experiment), as runs carry it), if any. */
  variant?: number;
  /** Which kernels (labels from kernelShapes: L1, L2, …, out) share these numbers. */
  layers?: readonly string[];
  /** The raw numbers behind the sentence: lets tests check them against the engine's. */
  values?: Readonly<Record<string, number>>;
}

/** A share-URL query (no leading '?', no autorun) that opens an experiment showing the point. */
export interface Demo {
  label: string;
  query: string;
}

export type CardId =
  | 'symmetry'
  | 'bias'
  | 'fans'
  | 'xavier'
  | 'he'
  | 'scale'
  | 'lecun'
  | 'orthogonal'
  | 'isometry'
  | 'chaos'
  | 'pretrained'
  | 'batchnorm'
  | 'residual'
  | 'gains'
  | 'conv-fans'
  | 'seeds'
  | 'default'
  | 'torch-default'
  | 'truncated'
  | 'dead-relu'
  | 'lsuv'
  | 'mup';

export interface Card {
  id: CardId;
  /** The interview question, as it would be asked. */
  title: string;
  difficulty: Difficulty;
  /** The answer to say first: plain text, a few sentences. The first sentence stands alone. */
  short: (ctx: ExplainContext) => string;
  /** The derivation and the caveats, in paragraphs. */
  reasoning: (ctx: ExplainContext) => Paragraph[];
  /** The one formula to remember. */
  formula?: TexText;
  /** Sentences with this config's numbers; null (or empty) when the card has none to quote. */
  live?: (ctx: ExplainContext) => LiveNumber[] | null;
  demo?: Demo;
  /** A part of the lab page that demonstrates the card, for cards no experiment link can show. */
  section?: PageSection;
}

/** An element of the lab view, by id, with the link text that leads to it. */
export interface PageSection {
  id: 'transfer-demo';
  label: string;
}

/** Inline math segment. */
export const tex = (source: string, alt: string): TexText => ({ tex: source, alt });
