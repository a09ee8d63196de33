/**
 * WebGL, wasm and cpu side by side on this machine: ms per lockstep training step of the
 * lab's own groups (engine/backend-race.ts, the timing auto uses) for one run, eight runs
 * stacked and eight runs one by one. All three backends live in the bench page at once:
 * only WebGL touches the GPU, so this respects the one-GPU-backend-per-page rule.
 */
import * as tf from '@tensorflow/tfjs';
import { switchBackend, type BackendName } from '../lib/engine/backend';
import { timeTrainingStep } from '../lib/engine/backend-race';
import { wasmInfo, type WasmInfo } from '../lib/engine/wasm-backend';
import { DEFAULT_EXPERIMENT, type Experiment } from '../lib/experiment/config';
import { planRuns } from '../lib/experiment/plan';
import { COMPARE_SCHEMES } from '../../scripts/bench/schemes.mjs';

export interface BackendRow {
  shape: string;
  backend: BackendName;
  /** ms per step: one run; eight stacked; eight one by one (null: not measured or failed). */
  one: number | null;
  eightStacked: number | null;
  eightSeparate: number | null;
}

export interface BackendComparison {
  wasm: WasmInfo | null;
  crossOriginIsolated: boolean;
  rows: BackendRow[];
  errors: string[];
}

export interface ShapeCase {
  name: string;
  overrides: Partial<Experiment>;
}

async function msPerStep(e: Experiment, variants: number, stacking: 'always' | 'never', budgetMs: number): Promise<number> {
  const runs = planRuns({ ...e, init: COMPARE_SCHEMES.slice(0, variants).map((scheme) => ({ scheme })) });
  return (await timeTrainingStep(runs, budgetMs, 6, stacking)).msPerStep;
}

/** cpu's eight-runs-one-by-one (minutes), and a CNN's "stacked" (conv runs never stack: it is the one-by-one row again). */
function skipSlowCorners(backend: BackendName, shape: ShapeCase, what: 'eightStacked' | 'eightSeparate'): boolean {
  if (shape.overrides.arch === 'cnn') return what === 'eightStacked' || backend === 'cpu';
  return backend === 'cpu' && what === 'eightSeparate';
}

/**
 * Every backend × shape. The slow corners (cpu, eight runs one by one) are skipped where
 * `skip` says so: they would take minutes and teach nothing the stacked row does not.
 */
export async function compareBackends(
  shapes: ShapeCase[],
  backends: BackendName[] = ['webgl', 'wasm', 'cpu'],
  budgetMs = 800,
  skip: (backend: BackendName, shape: ShapeCase, what: 'eightStacked' | 'eightSeparate') => boolean = skipSlowCorners,
): Promise<BackendComparison> {
  const start = tf.getBackend() as BackendName | null; // null: none started yet
  const rows: BackendRow[] = [];
  const errors: string[] = [];
  let wasm: WasmInfo | null = null;
  for (const backend of backends) {
    if (!(await switchBackend(backend).catch(() => false))) {
      errors.push(`${backend} did not start`);
      continue;
    }
    if (backend === 'wasm') wasm = await wasmInfo();
    for (const shape of shapes) {
      const e = { ...DEFAULT_EXPERIMENT, ...shape.overrides };
      const time = async (variants: number, stacking: 'always' | 'never') => {
        try {
          return await msPerStep(e, variants, stacking, budgetMs);
        } catch (error) {
          errors.push(`${backend} ${shape.name}: ${String(error)}`);
          return null;
        }
      };
      rows.push({
        shape: shape.name,
        backend,
        one: await time(1, 'never'),
        eightStacked: skip(backend, shape, 'eightStacked') ? null : await time(8, 'always'),
        eightSeparate: skip(backend, shape, 'eightSeparate') ? null : await time(8, 'never'),
      });
    }
  }
  if (start) await switchBackend(start);
  return { wasm, crossOriginIsolated: globalThis.crossOriginIsolated === true, rows, errors };
}

/**
 * The lab's own wasm Conv2DBackpropFilter (engine/wasm-conv-grad.ts) against TF.js's cpu
 * kernel, on 'same' and strided 'valid' convolutions: the largest difference of dW,
 * relative to dW's largest entry. Leaves the backend as it found it.
 */
export async function convGradAgreement(): Promise<{ case: string; relError: number }[]> {
  const start = tf.getBackend() as BackendName | null; // null: none started yet
  type Shape4 = [number, number, number, number];
  const cases: { name: string; x: Shape4; f: Shape4; strides: number; pad: 'same' | 'valid' }[] = [
    { name: '3x3 same, 5 channels', x: [4, 28, 28, 3], f: [3, 3, 3, 5], strides: 1, pad: 'same' },
    { name: '5x5 valid, stride 2', x: [3, 14, 14, 4], f: [5, 5, 4, 6], strides: 2, pad: 'valid' },
  ];
  const grad = async (backend: BackendName, c: (typeof cases)[number]) => {
    await switchBackend(backend);
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 3) as tf.Tensor4D;
    const f = tf.randomNormal(c.f, 0, 1, 'float32', 4) as tf.Tensor4D;
    const dW = tf.grad((w: tf.Tensor) =>
      tf
        .conv2d(x, w as tf.Tensor4D, c.strides, c.pad)
        .square()
        .sum(),
    )(f);
    const values = await dW.data();
    tf.dispose([x, f, dW]);
    return values;
  };
  const out = [];
  for (const c of cases) {
    const want = await grad('cpu', c);
    const got = await grad('wasm', c);
    let diff = 0;
    let scale = 0;
    want.forEach((w, i) => {
      diff = Math.max(diff, Math.abs(w - got[i]));
      scale = Math.max(scale, Math.abs(w));
    });
    out.push({ case: c.name, relError: diff / scale });
  }
  if (start) await switchBackend(start);
  return out;
}
