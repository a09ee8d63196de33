/**
 * Test-only: runs script-checks.py with the system Python. These tests need python3 (and
 * for the forward check, PyTorch); CI installs both. A missing one fails with what to install.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const CHECKS = fileURLToPath(new URL('./script-checks.py', import.meta.url));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'init-lab-pytorch-'));
}

export function hasTorch(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function runChecks<T>(mode: string, input: unknown, dir = tempDir()): T {
  const path = join(dir, `${mode}-input.json`);
  writeFileSync(path, JSON.stringify(input));
  let out: string;
  try {
    out = execFileSync(PYTHON, [CHECKS, mode, path], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer | string };
    if (e.code === 'ENOENT')
      throw new Error(`${PYTHON} not found: install python3 (apt-get install -y python3-torch libopenblas0-pthread) or set PYTHON`, {
        cause: error,
      });
    throw new Error(`script-checks.py ${mode} failed:\n${String(e.stderr ?? error).slice(-4000)}`, { cause: error });
  }
  return JSON.parse(out) as T;
}
