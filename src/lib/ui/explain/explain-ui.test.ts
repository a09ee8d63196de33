/**
 * Server-side renders of the explanation components: structure, test ids, accessibility
 * attributes and KaTeX output, without a browser.
 */
import { render } from 'svelte/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeExperiment } from '../../experiment/url';
import { CARDS } from '../../explain/cards';
import { contextOf, type ExplainContext } from '../../explain/context';
import { firstSentence } from '../../explain/summary';
import DifficultyChip from './DifficultyChip.svelte';
import ExplainCard from './ExplainCard.svelte';
import ExplainPanel from './ExplainPanel.svelte';
import PracticeMode from './PracticeMode.svelte';
import ReviewChecklist from './ReviewChecklist.svelte';
import Tex from './Tex.svelte';
import { loadKatex } from './katex-loader';

const ctx = (q: string, runs: ExplainContext['runs'] = []): ExplainContext => ({ experiment: decodeExperiment(q).experiment, runs });
const count = (html: string, needle: string) => html.split(needle).length - 1;

describe('explanation UI', () => {
  // The page loads KaTeX on first need (katex-loader.ts); these renders see it loaded, as the page does a moment after mount.
  beforeAll(() => loadKatex());

  it('Tex hides the rendered math from screen readers and exposes the alt text', () => {
    const { body } = render(Tex, { props: { tex: '\\sigma = \\sqrt{2/n}', alt: 'sigma is root 2 over n' } });
    expect(body).toContain('class="katex"');
    expect(body).toMatch(/aria-hidden="true"/);
    expect(body).toContain('sigma is root 2 over n');
  });

  it('a broken formula shows its source instead of throwing', () => {
    // KaTeX's fallback (throwOnError: false): the TeX source itself, marked as an error, where the math would be.
    const broken = render(Tex, { props: { tex: '\\frac{', alt: 'broken' } }).body;
    expect(broken).toMatch(/<span class="katex-error"[^>]*>\\frac\{<\/span>/);
    expect(broken).not.toContain('class="katex"');
    expect(broken).toContain('broken');
    const valid = render(Tex, { props: { tex: '\\frac{1}{2}', alt: 'half' } }).body;
    expect(valid).toContain('class="katex"');
    expect(valid).not.toContain('katex-error');
  });

  it('difficulty chips carry a word and a distinct shape', () => {
    const shapes = (['easy', 'medium', 'hard'] as const).map((level) => render(DifficultyChip, { props: { level } }).body);
    expect(shapes[0]).toContain('Easy');
    expect(shapes[0]).toContain('<circle');
    expect(shapes[1]).toContain('Medium');
    expect(shapes[2]).toContain('Hard');
    expect(shapes[1]).toContain('M5 0.6 9.4 5');
    expect(shapes[2]).toContain('M5 0.8 9.6 9.2');
  });

  it('a card puts the short answer before the reasoning and links its demo with autorun', () => {
    const card = CARDS.find((c) => c.id === 'he')!;
    const { body } = render(ExplainCard, { props: { card, ctx: ctx(''), reason: 'You chose he_normal.' } });
    expect(body).toContain('data-testid="card-he"');
    const short = body.indexOf(card.short(ctx('')).slice(0, 40));
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThan(body.indexOf('<details'));
    expect(body).toContain(`href="?${card.demo!.query.replace(/&/g, '&amp;')}&amp;autorun=1"`);
    expect(body).toContain('Why now:');
    expect(body).toContain('σ = 1.41/√784 = 0.0505');
  });

  it('the transfer card links to the transfer demo on the lab page', () => {
    const card = CARDS.find((c) => c.id === 'pretrained')!;
    const { body } = render(ExplainCard, { props: { card, ctx: ctx('') } });
    expect(body).toContain('href="#transfer-demo"');
    expect(body).toContain('Try it: the transfer demo');
  });

  it('the panel shows ranked cards with reasons, then every other topic, each card once', () => {
    const c = ctx('arch=mlp&depth=30&act=relu&init=xavier_normal,he_normal', [
      { label: 'xavier_normal', variant: 0, status: 'diverged', divergedAt: 9 },
    ]);
    const { body } = render(ExplainPanel, { props: { ctx: c } });
    expect(body).toContain('data-testid="explain-panel"');
    for (const card of CARDS) expect(count(body, `data-testid="card-${card.id}"`), card.id).toBe(1);
    expect(body.indexOf('data-testid="card-scale"')).toBeLessThan(body.indexOf('data-testid="card-xavier"'));
    expect(body).toContain('Run xavier_normal diverged at step 9.');
    expect(body).toContain('All topics');
  });

  it('practice mode hides answers until asked and offers a prediction for two or more variants', () => {
    const { body } = render(PracticeMode, { props: { variants: ['xavier_normal', 'he_normal'] } });
    expect(count(body, 'aria-expanded="false"')).toBe(CARDS.length);
    expect(body).not.toContain('data-testid="card-');
    expect(body).toContain('Lock in my prediction');
    expect(render(PracticeMode, { props: { variants: ['only'] } }).body).not.toContain('Lock in');
  });

  it('the checklist lists every question with its gist', () => {
    const { body } = render(ReviewChecklist, { props: {} });
    expect(count(body, 'type="checkbox"')).toBe(CARDS.length);
    expect(body).toContain(`0 of ${CARDS.length} reviewed`);
    const gist = firstSentence(CARDS[0].short(contextOf()));
    // includes() rather than toContain: a failure should not print the whole page.
    expect(body.includes(gist)).toBe(true);
  });
});
