/**
 * The lab's working state, one object for the page: the experiment on screen and its data,
 * the one trainer connection and the one GPU lock, the main runs, the signal probe and the
 * transfer demo, and what the page derives from them (can it train, which preset is on
 * screen and does its claim hold, what the explanations are told). Components get it
 * through lab-context.ts; App only lays them out.
 */
import type { TransferOptions } from '../engine/transfer/events';
import type { ExplainContext } from '../explain/context';
import { observeChaos, observeSeries, observeSpectra } from '../explain/observe';
import { planRuns, planVariants, variantLabel } from '../experiment/plan';
import { describeExperiment, encodeExperiment } from '../experiment/url';
import { withLaterFields } from '../experiment/validate';
import { coordCheckRefusal } from '../engine/signal/coord-report';
import { parseResultsValue } from '../export/parse-results';
import { buildResults } from '../export/results';
import { settled, type HistoryRecord } from '../history/record';
import { isoTime } from '../history/when';
import { presetOf, type Preset } from '../presets/presets';
import { connectTrainer } from '../worker/connect';
import { PageEngine } from '../worker/page-engine';
import { DataState } from './data.svelte';
import { installDebugHooks } from './debug-hooks';
import { ExperimentState } from './experiment.svelte';
import { GpuLock } from './gpu-lock.svelte';
import { RunHistory } from './history.svelte';
import { ImportedRunsState } from './imported.svelte';
import { comparisonOutcome } from './outcome';
import { RunsState, type RunsReport } from './runs.svelte';
import { SignalState } from './signal.svelte';
import { InitView } from './init-view.svelte';
import { TrainerConnection, type Connect } from './trainer-connection.svelte';
import { TransferRun } from './transfer-run.svelte';

export interface LabOptions {
  /** Train on the page's thread, as a browser without worker WebGL would (window.__initLabMainThread). */
  forceMainThread?: boolean;
  /** How a trainer is started; by default a worker where the browser allows it (connectTrainer). */
  connect?: Connect;
}

export class LabState {
  readonly experiment = new ExperimentState();
  readonly data = new DataState();
  readonly signal = new SignalState();
  /** Views of the net at init computed in their own plain-JS workers, when opened. */
  readonly spectrum = new InitView('spectrum');
  readonly chaos = new InitView('chaos');
  readonly coord = new InitView('coord');
  readonly imported = new ImportedRunsState();
  /** Every experiment trained here, kept in IndexedDB: shown again, overlaid, exported or deleted from there. */
  readonly history = new RunHistory();
  /** Whether a job trains on the GPU now: the main runs and the demo take it, the probe waits for it. */
  readonly gpu = new GpuLock();
  readonly connection = new TrainerConnection((preference) => this.#connect(preference), this.gpu);
  // The demo trains through the same trainer as the main runs; the lock makes each wait for the other.
  readonly runs = new RunsState(
    () => this.connection.ensure(),
    this.gpu,
    (report) => this.#keep(report),
  );
  readonly transfer = new TransferRun(() => this.connection.ensure(), this.gpu);
  #connect: Connect;
  // The page's own TF.js starts only where training falls back to the page (no WebGL in a
  // worker); otherwise the worker does all GPU work, signal probe and transfer demo included.
  #page = new PageEngine();
  /** Makes this page's record ids unique beside another tab's that started in the same millisecond. */
  #pageId = Math.random().toString(36).slice(2, 8);

  backend = $derived(this.connection.backend);
  /** The browser's runs and the imported ones, side by side in every chart and table. */
  shown = $derived(this.imported.beside(this.runs.series));
  shownSeeds = $derived(Math.max(this.runs.experiment?.seeds ?? 1, ...this.shown.map((s) => s.repeat + 1)));
  canTrain = $derived(!!this.backend && !!this.data.split && this.experiment.valid && !this.gpu.busy);
  /** The link was made with the sharer's IDX files, which this page has not loaded. */
  needsOwnData = $derived(this.experiment.config.data === 'idx' && this.data.source !== 'idx');
  /** The preset whose experiment is the one last trained (or, before any run, the one on screen), whatever its seeds. */
  activePreset = $derived.by((): Preset | null => {
    const config = this.runs.experiment ?? (this.experiment.valid ? this.experiment.snapshot() : null);
    return config ? presetOf(config) : null;
  });
  /** How the sweep panel first compares the cells: the active preset's choice, else final accuracy. */
  sweepMetric = $derived({
    initialMetric: this.activePreset?.sweepMetric?.metric ?? ('accuracy' as const),
    initialTarget: this.activePreset?.sweepMetric?.target ?? 0.5,
  });
  /** The active preset's claim, checked once every run has ended. */
  presetClaim = $derived(
    this.activePreset &&
      !this.runs.running &&
      this.runs.series.length &&
      this.runs.series.every((s) => s.status !== 'pending' && s.status !== 'running')
      ? this.activePreset.claim(this.runs.series)
      : null,
  );
  explainCtx = $derived.by((): ExplainContext => {
    const preset = this.activePreset;
    const claim = this.presetClaim;
    return {
      experiment: this.experiment.config,
      transferDemo: this.transfer.summary ?? undefined,
      spectrum: observeSpectra(this.spectrum.for(this.experiment.config), this.spectrum.labels),
      chaos: observeChaos(this.chaos.for(this.experiment.config), this.chaos.labels, this.experiment.config.depth),
      runs: observeSeries(
        this.runs.series,
        preset && claim ? { presetId: preset.id, holds: claim.holds, detail: claim.details.join('; ') } : undefined,
      ),
    };
  });
  /** Labels of the variants the config on screen would compare (predict, then run). */
  variantNames = $derived(
    this.experiment.valid ? planVariants(this.experiment.config).map((v) => variantLabel(v, this.experiment.config)) : [],
  );
  outcome = $derived(comparisonOutcome(this.runs.series) ?? undefined);
  title = $derived(`Init Lab · ${this.experiment.valid ? describeExperiment(this.experiment.config) : 'invalid settings'}`);

  constructor({ forceMainThread = false, connect }: LabOptions = {}) {
    const page = this.#page;
    this.#connect =
      connect ??
      ((preference) => connectTrainer({ mainBackend: (p) => page.backend(p), mainData: () => page.data(), preference, forceMainThread }));
  }

  /** The page is up: its experiment from the address bar, the trainer and the data started, autorun honoured. */
  open(): void {
    this.experiment.loadFromAddressBar();
    this.followBackendChoice();
    const trainer = this.connection.ensure();
    // An autorun link: the trainer readies itself for these runs while the data still loads.
    if (this.experiment.autorun && this.experiment.valid) {
      const runs = planRuns(this.experiment.snapshot());
      trainer.then((t) => t.prepare?.(runs)).catch(() => undefined);
    }
    const ready = Promise.all([trainer.catch((error) => this.runs.trainerFailed(error)), this.data.loadEmbedded()]);
    ready.then(() => {
      if (this.experiment.autorun && this.canTrain && !this.needsOwnData) this.train();
    });
    window.addEventListener('pagehide', () => this.release());
    installDebugHooks(this.connection, this.runs);
    this.history.load();
    this.history.listenToOtherTabs();
    this.experiment.followHistory();
  }

  /**
   * What follows the state while the page is up; called while App is created, so the
   * effects live and die with it.
   */
  wire(): void {
    // The URL, Back/Forward or the select changed the backend: a fresh trainer on it, once the GPU is free.
    $effect(() => this.followBackendChoice());
    // Reading the config inside syncToAddressBar subscribes this effect to every field.
    $effect(() => this.experiment.syncToAddressBar());
    $effect(() => this.measureSignal());
    $effect(() => {
      document.title = this.title;
    });
  }

  followBackendChoice(): void {
    this.connection.setPreference(this.experiment.settings.backend)?.catch((error) => this.runs.trainerFailed(error));
  }

  /** Re-measures signal propagation for the (valid) config on screen, but never while the GPU is busy. */
  measureSignal(): void {
    if (!this.experiment.valid || !this.data.split || !this.backend || this.gpu.busy) return;
    const split = this.data.split;
    this.signal.request(this.experiment.snapshot(), async (e, variants) => (await this.connection.ensure()).probe(e, variants, split));
  }

  /** A view at init of the (valid) config on screen; plain JS in its own worker, so it needs no GPU lock. */
  measureAtInit(view: InitView<'spectrum'> | InitView<'chaos'> | InitView<'coord'>): void {
    if (!this.experiment.valid || !this.data.split) return;
    // The coordinate check says on the page why it is not offered for a non-MLP: no worker for it.
    if (view === this.coord && coordCheckRefusal(this.experiment.config)) return;
    view.request(this.experiment.snapshot(), this.data.split);
  }

  train(): void {
    if (!this.data.split || !this.canTrain) return;
    this.signal.cancel();
    this.runs.start(this.experiment.snapshot(), this.data.split);
  }

  runPreset(preset: Preset): void {
    this.experiment.loadFromQuery(preset.query);
    this.train();
  }

  /** Loads a pair of IDX files; once they are in, the experiment (and its share link) says so. */
  async loadIdx(images: File, labels: File): Promise<void> {
    if (await this.data.loadIdx(images, labels)) this.experiment.config.data = 'idx';
  }

  /**
   * A training's latest state into the run history. The record is built only when written
   * (at most every couple of seconds), from the series as they were when reported.
   */
  #keep({ startedAt, experiment, series, ended }: RunsReport): void {
    const id = `${startedAt}-${this.#pageId}`;
    this.history.keep(
      id,
      startedAt,
      (): HistoryRecord => {
        const backend = $state.snapshot(this.backend) ?? { backend: 'unknown', renderer: null, tfjsVersion: '', fallbackReason: null };
        const { dataset, split } = this.data;
        const query = encodeExperiment(experiment, { settings: $state.snapshot(this.experiment.settings) });
        const results = buildResults({
          exportedAt: isoTime(Date.now()),
          // No page in Node tests: the link is then relative.
          shareUrl: `${typeof location === 'undefined' ? '' : location.origin + location.pathname}?${query}`,
          experiment,
          environment: { ...backend, userAgent: globalThis.navigator?.userAgent ?? '' },
          dataset: { name: dataset?.name ?? 'unknown', train: split?.train.count ?? 0, validation: split?.validation.count ?? 0 },
          runs: series,
        });
        return { id, startedAt, savedAt: Date.now(), live: !ended, results };
      },
      ended,
    );
  }

  /** A saved record's runs, through the import path's checks (an interrupted one's cut-off runs stopped). */
  async #savedRuns(id: string) {
    const record = await this.history.get(id);
    if (!record) return null;
    const results = settled(record);
    const parsed = parseResultsValue(results);
    if (parsed.ok) return { results, runs: parsed.file.runs };
    this.history.error = `The saved run could not be read back: ${parsed.problem}`;
    return null;
  }

  /**
   * Shows a saved experiment as its training showed it, without training, and puts its
   * config in the settings (Train redoes it). Refused while training.
   */
  async openSaved(id: string): Promise<boolean> {
    if (this.runs.running) return false;
    const saved = await this.#savedRuns(id);
    // A record saved before μP or sweeps existed has no param, base or sweep: it opens with their defaults.
    const experiment = saved ? withLaterFields(saved.results.experiment) : null;
    if (!saved || !experiment || !this.runs.show(experiment, saved.runs)) return false;
    this.experiment.config = structuredClone(experiment);
    return true;
  }

  /** Adds a saved experiment's runs beside those on screen, as an imported file's. */
  async overlaySaved(id: string, name: string): Promise<boolean> {
    const record = await this.history.get(id);
    return !!record && this.imported.addValue(settled(record), name);
  }

  startTransfer(options: Partial<TransferOptions>): void {
    if (this.data.split) this.transfer.start(this.data.split, options);
  }

  /**
   * Stops everything and closes the trainer (the page is going away); its GPU memory goes with
   * it. A live training is journalled first, so the next page keeps it up to its last block.
   */
  release(): void {
    this.history.journalLive();
    this.runs.stop();
    this.spectrum.release();
    this.chaos.release();
    this.coord.release();
    this.connection.release();
    this.#page.release();
  }
}
