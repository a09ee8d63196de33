/**
 * Where an imported file's runs came from, in a few words for labels and legends, e.g.
 * "PyTorch 1.13, 2× gloo, Fashion-MNIST 60k" or "Init Lab, TF.js 4.22 webgl, MNIST 8k".
 * Built from the file's own text fields, which are shown as text only (never as HTML).
 */
import type { ImportedResults } from './parse-results';

const DATASET_NAMES: Record<string, string> = { mnist10k: 'MNIST', 'init-lab-data-idx': 'lab split' };

function count(n: number): string {
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

const majorMinor = (v: string) => v.split('.').slice(0, 2).join('.');

export function sourceLabel(file: ImportedResults): string {
  const env = file.environment;
  const parts: string[] = [];
  if (env.framework) {
    parts.push(env.frameworkVersion ? `${env.framework} ${majorMinor(env.frameworkVersion)}` : env.framework);
    if (env.worldSize && env.worldSize > 1) parts.push(`${env.worldSize}× ${env.distributedBackend ?? env.device ?? 'processes'}`);
    else if (env.device) parts.push(env.device);
  } else {
    parts.push('Init Lab');
    const tfjs = env.tfjsVersion ? `TF.js ${majorMinor(env.tfjsVersion)}` : 'TF.js';
    parts.push(env.backend ? `${tfjs} ${env.backend}` : tfjs);
  }
  if (file.dataset) parts.push(`${DATASET_NAMES[file.dataset.name] ?? file.dataset.name} ${count(file.dataset.train)}`);
  const text = parts.join(', ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
