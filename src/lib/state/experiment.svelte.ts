/**
 * The experiment being edited, and its mirror in the address bar. The codec is pure
 * (experiment/url.ts); this class is the one place that reads or writes `location`.
 */
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import { decodeExperiment, encodeExperiment, type Problem } from '../experiment/url';
import { validateExperiment } from '../experiment/validate';

export class ExperimentState {
  config = $state<Experiment>(structuredClone(DEFAULT_EXPERIMENT));
  /** What the URL asked for that could not be used, shown until dismissed. */
  urlProblems = $state<Problem[]>([]);
  ignoredKeys = $state<string[]>([]);
  autorun = $state(false);

  /** Problems with the config as edited now (empty when it can be trained). */
  get problems(): Problem[] {
    return validateExperiment(this.config);
  }

  get valid(): boolean {
    return this.problems.length === 0;
  }

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
  }

  /** The share link for the current config (autorun=1 makes the link start training). */
  shareUrl(base: string, autorun = false): string {
    return `${base}?${encodeExperiment(this.snapshot(), { autorun })}`;
  }

  /** Keeps the address bar equal to the config, without adding history entries. */
  syncToAddressBar(): void {
    if (!this.valid) return;
    const query = `?${encodeExperiment(this.snapshot())}`;
    if (location.search !== query) history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`); // keep #practice/#checklist
  }

  reset(): void {
    this.config = structuredClone(DEFAULT_EXPERIMENT);
  }
}
