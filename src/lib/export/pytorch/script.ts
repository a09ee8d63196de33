/**
 * Experiment -> one self-contained PyTorch script. The Python is fixed text (./py/*.py,
 * readable and testable on their own); only the experiment block between the imports and
 * the code changes from one export to the next, so every script has the same statements.
 */
import type { Experiment } from '../../experiment/config';
import { conventionsBlock } from './conventions';
import { experimentBlock, type ExportedData } from './experiment-block';
import { assertExportable } from './refusal';
import header from './py/header.py?raw';
import prng from './py/prng.py?raw';
import data from './py/data.py?raw';
import init from './py/init.py?raw';
import model from './py/model.py?raw';
import train from './py/train.py?raw';
import main from './py/main.py?raw';

export type { ExportedData };

/** The code sections in the order they appear after the experiment and conventions blocks. */
export const CODE_SECTIONS = { prng, data, init, model, train, main } as const;

export function pytorchScript(e: Experiment, exported: ExportedData): string {
  assertExportable(e);
  return [header, experimentBlock(e, exported), conventionsBlock(), ...Object.values(CODE_SECTIONS)].join('');
}

export const SCRIPT_FILE_NAME = 'experiment.py';
