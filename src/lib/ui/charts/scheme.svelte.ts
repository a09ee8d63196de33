/**
 * Which colour scheme the page shows, following the system's `prefers-color-scheme` live.
 * One reactive value: dataset colours (run-style.ts) and chart chrome (canvas-chart.svelte.ts)
 * read it, so a scheme change re-colours every chart without a reload. In Node (tests) it is
 * always 'light'.
 */
import type { Scheme } from './palette';

class ColourScheme {
  #dark = $state(false);

  constructor() {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.#dark = query.matches;
    query.addEventListener('change', (e) => (this.#dark = e.matches));
  }

  get current(): Scheme {
    return this.#dark ? 'dark' : 'light';
  }
}

export const colourScheme = new ColourScheme();
