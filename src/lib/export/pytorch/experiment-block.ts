/**
 * The one part of an exported script that depends on the experiment: EXPERIMENT and
 * LAB_DATA, written as Python literals from a validated config. Only numbers and the lab's
 * enumerated ids get in (python-literal.ts refuses anything else), and the comments are this
 * file's own text, so a hostile share link can change values here but never code.
 */
import { ENUM_IDS, type Experiment, type InitChoice } from '../../experiment/config';
import { FIELD_KEYS, INIT_PARAMS } from '../../experiment/validate';
import { validateExperiment } from '../../experiment/sanitize';
import { pyLiteral, type PyValue } from './python-literal';

/** Every string that may appear in the data block: ids and field names, nothing else. */
export const ALLOWED_STRINGS: ReadonlySet<string> = new Set<string>([
  ...ENUM_IDS,
  'auto',
  'act',
  'scheme',
  'source',
  'train',
  'validation',
  ...FIELD_KEYS,
  ...INIT_PARAMS,
]);

/** The fields the script trains with: a sweep is a grid of experiments, which one script does not run. */
type ExportedField = Exclude<keyof Experiment, 'sweep'>;
const EXPORTED_FIELDS = FIELD_KEYS.filter((k): k is ExportedField => k !== 'sweep');

const COMMENTS: { readonly [K in ExportedField]: string } = {
  arch: 'mlp | cnn | resmlp | rescnn',
  depth: 'hidden layers (mlp), conv layers (cnn), residual blocks (resmlp, rescnn)',
  width: 'units per hidden dense layer',
  channels: 'channels per conv layer',
  kernel: 'conv kernel size, padding "same"',
  act: 'activation after every hidden layer',
  slope: 'negative slope of leaky_relu',
  init: 'one init variant per entry; a parameter left out takes SCHEME_DEFAULTS',
  gain: '"auto" (each scheme its own), "act" (the activation\'s) or a number',
  bias: 'every bias starts at this value',
  bn: 'batch-norm placements, each a variant: none | before | after (the activation)',
  zero: 'residual zero-init, each a variant: none | kernel | gamma | alpha | both',
  param: 'parametrization: sp (the lab does not export mup: see export/pytorch/refusal.ts)',
  base: "muP's base width (unused under sp)",
  opt: 'sgd | momentum | adam',
  lr: 'learning rate',
  bs: 'batch size (global, over all processes); the ragged last batch of an epoch is dropped',
  epochs: 'epochs, unless steps is set',
  steps: 'exact number of steps, or None for epochs',
  seeds: 'runs per variant, with init seeds seed, seed + 1, ...',
  seed: 'first init seed; also the seed of the batch order',
  data: 'what the lab trained on: mnist10k (embedded 10k digits) or idx (own files)',
};

function initValue(c: InitChoice): PyValue {
  const out: { [key: string]: PyValue } = { scheme: c.scheme };
  for (const p of INIT_PARAMS) if (c[p] !== undefined) out[p] = c[p] as number | string;
  return out;
}

export interface ExportedData {
  /** What the lab trained on, and the sizes of its split (numbers only: a file name is not written). */
  source: Experiment['data'];
  train: number;
  validation: number;
}

export function experimentBlock(e: Experiment, data: ExportedData): string {
  const problems = validateExperiment(e);
  if (problems.length) throw new Error(`cannot export an invalid experiment: ${problems.map((p) => p.message).join('; ')}`);
  const lines = EXPORTED_FIELDS.map((key) => {
    const value: PyValue = key === 'init' ? e.init.map(initValue) : (e[key] as PyValue);
    return `    ${pyLiteral(key, ALLOWED_STRINGS)}: ${pyLiteral(value, ALLOWED_STRINGS)},  # ${COMMENTS[key]}`;
  });
  const dataValue = { source: data.source, train: data.train, validation: data.validation };
  return `
# ---------------------------------------------------------------------------
# The experiment, as it was on screen in the lab. Change it here or with the options.
# ---------------------------------------------------------------------------
EXPERIMENT = {
${lines.join('\n')}
}
# The lab's split of its data; "Export data (IDX)" in the lab writes exactly these images.
LAB_DATA = ${pyLiteral(dataValue, ALLOWED_STRINGS)}
`;
}
