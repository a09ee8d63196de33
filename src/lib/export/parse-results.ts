/**
 * Import: a results JSON (the lab's own export, or what an exported PyTorch script wrote)
 * back into runs the charts can draw. The file is untrusted input: every field the lab uses
 * is checked for its type and size, and the first thing wrong refuses the whole file with a
 * message naming it. Unknown extra fields are ignored, so newer writers of version 1 still
 * open. Pure: text (or an already parsed value) in, runs out; the run history (IndexedDB) imports
 * through parseResultsValue.
 */
import type { ActivationStats, LayerInfo, RunStatus } from '../engine/events';
import { ACTIVATIONS } from '../experiment/config';
import { runLabel, type EvalRecord, type RunSeries } from '../state/run-series';
import { Budget, Reader, Refusal } from './json-reader';

export const RESULTS_FORMAT = 'init-lab-results';
/** The newest version this lab reads; it reads every older one too. */
export const RESULTS_VERSION = 1;

export const IMPORT_LIMITS = {
  chars: 100 * 1024 * 1024,
  runs: 64,
  layers: 1024,
  steps: 1_000_000,
  evals: 100_000,
  bins: 1024,
  numbers: 50_000_000,
} as const;

/** Which BN statistics an evaluation's activation figures were measured with. */
export type BnStats = 'batch' | 'moving' | null;

export interface ImportedEnvironment {
  backend: string | null;
  renderer: string | null;
  tfjsVersion: string | null;
  framework: string | null;
  frameworkVersion: string | null;
  device: string | null;
  worldSize: number | null;
  distributedBackend: string | null;
}

export interface ImportedResults {
  version: number;
  exportedAt: string | null;
  environment: ImportedEnvironment;
  dataset: { name: string; train: number; validation: number } | null;
  runs: RunSeries[];
}

export type ParsedResults = { ok: true; file: ImportedResults } | { ok: false; problem: string };

const STATUSES: readonly RunStatus[] = ['pending', 'running', 'done', 'stopped', 'diverged', 'failed'];
const BN_STATS = ['batch', 'moving'] as const;
const BIG = 1e12;

function readLayer(r: Reader): LayerInfo {
  const shape = r
    .at('shape')
    .list(8)
    .map((d) => d.int(0, BIG));
  const gain = r.at('gain');
  // init=lsuv runs only; files from before it, and other runs, have none.
  const lsuv = r.at('lsuv');
  const scaled =
    lsuv.value === undefined
      ? {}
      : {
          lsuv: {
            scale: lsuv.at('scale').number(),
            iterations: lsuv.at('iterations').int(0, BIG),
            varianceBefore: lsuv.at('varianceBefore').number(),
            variance: lsuv.at('variance').number(),
          },
        };
  return {
    name: r.at('name').string(200),
    label: r.at('label').string(40),
    shape,
    fanIn: r.at('fanIn').number(),
    fanOut: r.at('fanOut').number(),
    initStd: r.at('initStd').number(),
    initMean: r.at('initMean').number(),
    gain: gain.value === null ? null : gain.number(),
    ...scaled,
  };
}

function readActivation(r: Reader, budget: Budget): ActivationStats {
  return {
    label: r.at('label').string(40),
    mean: r.at('mean').number(),
    std: r.at('std').number(),
    inactive: r.at('inactive').number(),
    min: r.at('min').number(),
    max: r.at('max').number(),
    histogram: r.at('histogram').numbers(IMPORT_LIMITS.bins, budget),
  };
}

function readEval(r: Reader, layers: number, budget: Budget): EvalRecord & { bnStats: BnStats } {
  const perKernel = (key: string) => r.at(key).numbers(IMPORT_LIMITS.layers, budget);
  const bn = r.at('bnStats');
  const record = {
    step: r.at('step').int(0, BIG),
    valLoss: r.at('valLoss').number(),
    valAccuracy: r.at('valAccuracy').number(),
    weightNorms: perKernel('weightNorms'),
    updateRatios: perKernel('updateRatios'),
    unitSpread: perKernel('unitSpread'),
    activations: r
      .at('activations')
      .list(IMPORT_LIMITS.layers)
      .map((a) => readActivation(a, budget)),
    // Files written before evaluations said which BN statistics they used have no bnStats.
    bnStats: bn.value === undefined || bn.value === null ? null : bn.oneOf(BN_STATS),
  };
  for (const key of ['weightNorms', 'updateRatios', 'unitSpread'] as const) {
    if (record[key].length !== layers) r.at(key).fail(`has ${record[key].length} entries for ${layers} layers`);
  }
  return record;
}

/**
 * The variant's label of a run from a file. The lab's own exports carry it; the PyTorch
 * script's files (and the lab's before it) have only the shown label, which is the variant's
 * plus the seed's " #k" when there were several seeds: the one place that takes it off again.
 */
function readVariantLabel(r: Reader, label: string, repeat: number): string {
  const own = r.at('variantLabel');
  if (own.present) return own.string(300);
  const seedSuffix = runLabel('', repeat, 2);
  return label.endsWith(seedSuffix) ? label.slice(0, -seedSuffix.length) : label;
}

function readRun(r: Reader, budget: Budget): RunSeries {
  const layers = r.at('layers').list(IMPORT_LIMITS.layers).map(readLayer);
  const loss = r.at('loss').numbers(IMPORT_LIMITS.steps, budget);
  const gradReaders = r.at('gradNorms').list(IMPORT_LIMITS.layers);
  if (gradReaders.length !== layers.length) r.at('gradNorms').fail(`has ${gradReaders.length} series for ${layers.length} layers`);
  const gradNorms = gradReaders.map((g) => {
    const series = g.numbers(IMPORT_LIMITS.steps, budget);
    if (series.length !== loss.length) g.fail(`has ${series.length} steps, but loss has ${loss.length}`);
    return series;
  });
  const status = r.at('status').oneOf(STATUSES);
  const divergedAt = r.at('divergedAt');
  const message = r.at('message');
  const notes = r.at('notes');
  // Files written before runs carried their activation have none: the views then say "inactive".
  const activation = r.at('activation');
  // Read in this order (runId first), so a file with several faults is refused for the same one as before.
  const runId = r.at('runId').string(100);
  const label = r.at('label').string(300);
  const variant = r.at('variant').int(0, 10_000);
  const repeat = r.at('repeat').int(0, 10_000);
  // Only a sweep's runs carry their grid place.
  const place = r.at('sweep');
  const sweep = place.present ? { sweep: { cell: place.at('cell').int(0, 10_000), variant: place.at('variant').int(0, 10_000) } } : {};
  return {
    ...sweep,
    runId,
    label,
    variantLabel: readVariantLabel(r, label, repeat),
    variant,
    repeat,
    // Nothing imported is still training, whatever the file says.
    status: status === 'pending' || status === 'running' ? 'stopped' : status,
    layers,
    activation: activation.present && activation.value !== null ? activation.oneOf(ACTIVATIONS) : null,
    notes: notes.present ? notes.list(100).map((n) => n.string(1000)) : [],
    totalSteps: r.at('totalSteps').present ? r.at('totalSteps').int(0, BIG) : loss.length,
    stepsPerEpoch: r.at('stepsPerEpoch').present ? r.at('stepsPerEpoch').int(0, BIG) : 0,
    batchSize: r.at('batchSize').present ? r.at('batchSize').int(0, BIG) : 0,
    loss,
    gradNorms,
    evals: r
      .at('evals')
      .list(IMPORT_LIMITS.evals)
      .map((e) => readEval(e, layers.length, budget)),
    examplesPerSec: r.at('examplesPerSec').optionalNumber(0),
    trainMs: r.at('trainMs').optionalNumber(0),
    ...(divergedAt.present && divergedAt.value !== null ? { divergedAt: divergedAt.int(0, BIG) } : {}),
    ...(message.present && message.value !== null ? { message: message.string(1000) } : {}),
  };
}

function readEnvironment(r: Reader): ImportedEnvironment {
  if (!r.present)
    return {
      backend: null,
      renderer: null,
      tfjsVersion: null,
      framework: null,
      frameworkVersion: null,
      device: null,
      worldSize: null,
      distributedBackend: null,
    };
  r.object();
  const text = (key: string) => r.at(key).optionalString(120);
  const world = r.at('worldSize');
  return {
    backend: text('backend'),
    renderer: text('renderer'),
    tfjsVersion: text('tfjsVersion'),
    framework: text('framework'),
    frameworkVersion: text('frameworkVersion'),
    device: text('device'),
    worldSize: world.value === undefined || world.value === null ? null : world.int(1, 1_000_000),
    distributedBackend: text('distributedBackend'),
  };
}

function readFile(root: Reader): ImportedResults {
  root.object();
  const format = root.at('format');
  if (!format.present) root.fail('has no "format" field: it is not an Init Lab results file');
  if (format.value !== RESULTS_FORMAT)
    format.fail(`is ${JSON.stringify(format.value)?.slice(0, 40)}, not "${RESULTS_FORMAT}": this is not an Init Lab results file`);
  const version = root.at('version').int(1, Number.MAX_SAFE_INTEGER);
  if (version > RESULTS_VERSION)
    root.at('version').fail(`is ${version}: the file is newer than this lab, which reads versions up to ${RESULTS_VERSION}`);
  const dataset = root.at('dataset');
  if (root.at('experiment').present) root.at('experiment').object();
  const budget = new Budget(IMPORT_LIMITS.numbers);
  const runs = root
    .at('runs')
    .list(IMPORT_LIMITS.runs)
    .map((run) => readRun(run, budget));
  if (runs.length === 0) root.at('runs').fail('is empty: the file has no runs to show');
  return {
    version,
    exportedAt: root.at('exportedAt').optionalString(40),
    environment: readEnvironment(root.at('environment')),
    dataset: dataset.present
      ? { name: dataset.at('name').string(120), train: dataset.at('train').int(0, BIG), validation: dataset.at('validation').int(0, BIG) }
      : null,
    runs,
  };
}

/** Never throws: any text in, a file or the one problem that refused it. */
export function parseResultsFile(text: string): ParsedResults {
  if (typeof text !== 'string') return { ok: false, problem: 'the file is not text' };
  if (text.length > IMPORT_LIMITS.chars)
    return {
      ok: false,
      problem: `the file is ${Math.round(text.length / 1e6)} MB, more than the ${IMPORT_LIMITS.chars / 1024 / 1024} MB the lab imports`,
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `the file is not JSON (${error instanceof Error ? error.message : String(error)})`.slice(0, 300) };
  }
  return parseResultsValue(json);
}

/**
 * The same checks on a value already parsed (or read back from IndexedDB, where the run
 * history keeps the results object itself): the one import path for every source.
 */
export function parseResultsValue(json: unknown): ParsedResults {
  try {
    return { ok: true, file: readFile(new Reader(json, '')) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.message };
    return { ok: false, problem: `the file could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
