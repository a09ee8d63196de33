/**
 * KaTeX, loaded on first need instead of with the page: it is over half of the page's
 * script (455 kB), and evaluating it with the rest made the first task after navigation a
 * long one, while the formulas it draws sit in cards that show a moment later just as well.
 */
import type katexModule from 'katex';

type Katex = typeof katexModule;

let loaded: Katex | null = null;
let loading: Promise<Katex> | null = null;

/** KaTeX if it has loaded, else null (render the formula once loadKatex() settles). */
export const katexNow = (): Katex | null => loaded;

export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => (loaded = m.default));
  return loading;
}
