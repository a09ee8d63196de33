/**
 * Runs an exported script with the system PyTorch, once or under torchrun, for the PyTorch
 * hand-off test. CI installs python3-torch; if it is missing here the test fails saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export function requireTorch(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    throw new Error(`PyTorch is missing for ${PYTHON}: apt-get install -y python3-torch libopenblas0-pthread`);
  }
}

export interface PyRun {
  results: ResultsJson;
  output: string;
  seconds: number;
}

export interface ResultsJson {
  environment: { worldSize: number; initialWeights: string };
  runs: {
    label: string;
    layers: { label: string; shape: number[]; initStd: number }[];
    loss: number[];
    evals: { step: number; valLoss: number; weightNorms: number[] }[];
  }[];
}

/**
 * `ranks` > 1 runs it as torchrun does (Debian's torchrun on Python 3.11 needs --redirects and
 * --tee with a log dir, or it crashes in its own log handling); one thread per rank.
 */
export function runScript(dir: string, args: string[], ranks = 1): PyRun {
  const out = join(dir, `results-${ranks}.json`);
  const launcher =
    ranks === 1
      ? ['experiment.py']
      : [
          '-m',
          'torch.distributed.run',
          '--standalone',
          `--nproc_per_node=${ranks}`,
          '--redirects',
          '1',
          '--tee',
          '1',
          '--log_dir',
          join(dir, 'torchrun-logs'),
          'experiment.py',
        ];
  mkdirSync(join(dir, 'torchrun-logs'), { recursive: true });
  const started = Date.now();
  const r = spawnSync(PYTHON, [...launcher, ...args, '--out', out], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    timeout: 120_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`${launcher.join(' ')} exited with ${r.status ?? r.signal}:\n${output.slice(-3000)}`);
  return { results: JSON.parse(readFileSync(out, 'utf8')), output, seconds: (Date.now() - started) / 1000 };
}

/** Whether two ranks' saved parameters are identical, and the largest difference (Python compares). */
export function compareRanks(dir: string, runIds: string[]): { same: boolean; maxDiff: number }[] {
  const code = `
import json, sys, torch
out = []
for run in sys.argv[2:]:
    a, b = (torch.load(f"{sys.argv[1]}/final-{run}-rank{r}.pt")["parameters"] for r in (0, 1))
    out.append({"same": a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a),
                "maxDiff": max(float((a[k] - b[k]).abs().max()) for k in a)})
print(json.dumps(out))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', code, join(dir, 'final'), ...runIds], { encoding: 'utf8' }));
}
