/**
 * The experiment being edited, and its mirror in the address bar's query. The codec is pure
 * (experiment/url.ts); this class is the one place that reads or writes the query and the
 * page's address (location, history). The #fragment, which picks the view, is ViewState's.
 */
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { decodeExperiment, encodeExperiment, type Problem } from '../experiment/url';
import { validateExperiment } from '../experiment/sanitize';
import { DEFAULT_PAGE_SETTINGS, type PageSettings } from '../experiment/page-settings';

export class ExperimentState {
  config = $state<Experiment>(structuredClone(DEFAULT_EXPERIMENT));
  /** What the URL asked for that could not be used, shown until dismissed. */
  urlProblems = $state<Problem[]>([]);
  ignoredKeys = $state<string[]>([]);
  autorun = $state(false);
  /** How this page trains (the backend): in the address bar and share links, not in the experiment. */
  settings = $state<PageSettings>({ ...DEFAULT_PAGE_SETTINGS });
  /** Problems with the config as edited now (empty when it can be trained). */
  problems = $derived<Problem[]>(validateExperiment(this.config));
  valid = $derived(this.problems.length === 0);

  /** A plain copy, safe to hand to the engine (no Svelte proxies). */
  snapshot(): Experiment {
    return $state.snapshot(this.config) as Experiment;
  }

  loadFromQuery(query: string): void {
    const decoded = decodeExperiment(query);
    this.config = decoded.experiment;
    this.urlProblems = decoded.problems;
    this.ignoredKeys = decoded.ignored;
    this.autorun = decoded.autorun;
    this.settings = decoded.settings;
  }

  /** The experiment the page was opened on. */
  loadFromAddressBar(): void {
    this.loadFromQuery(location.search);
  }

  /**
   * Back/Forward restores that entry's experiment; a #view link also fires popstate but
   * keeps the query, so it changes nothing. Returns the function that stops following.
   */
  followHistory(): () => void {
    const restore = () => location.search !== `?${this.query()}` && this.loadFromQuery(location.search);
    window.addEventListener('popstate', restore);
    return () => window.removeEventListener('popstate', restore);
  }

  /** The URL's problems and ignored keys were read: stop showing them. */
  dismissProblems(): void {
    this.urlProblems = [];
    this.ignoredKeys = [];
  }

  /** The query for the current config and page settings, without '?'. */
  query(autorun = false): string {
    return encodeExperiment(this.snapshot(), { autorun, settings: $state.snapshot(this.settings) });
  }

  /** The share link for the current config (autorun=1 makes the link start training). */
  shareUrl(base: string, autorun = false): string {
    return `${base}?${this.query(autorun)}`;
  }

  /** The share link on this page's own address. */
  shareLink(autorun = false): string {
    return this.shareUrl(location.origin + location.pathname, autorun);
  }

  /** The address as it stands (config, settings and view), recorded in exported results. */
  address(): string {
    return location.href;
  }

  /** Keeps the address bar equal to the config, without adding history entries. */
  syncToAddressBar(): void {
    if (!this.valid) return;
    const query = `?${this.query()}`;
    if (location.search !== query) history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`); // keep #practice/#checklist
  }
}
