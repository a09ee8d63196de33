/**
 * The backend of one training thread over its life. It starts on the person's choice;
 * under 'auto' on a software WebGL renderer it races wasm against WebGL on the shapes of
 * the first experiment of each shape it is asked to train (backend-race.ts), then trains
 * on the faster (backend-choice.ts). A shape is measured once per page session: the page
 * hands earlier decisions to a fresh worker. On a hardware GPU 'auto' is plain WebGL and
 * wasm is never loaded.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../experiment/page-settings';
import type { RunSpec } from '../experiment/plan';
import { describeBackend, initBackend, switchBackend, type BackendInfo } from './backend';
import { chooseFaster, type BackendDecision } from './backend-choice';
import { timeTrainingStep } from './backend-race';
import { stackKey } from './stack/params';
import { isSoftwareDevice, softwareRendererName } from './stack/policy';

/** A decision and the shape it was measured on. */
export type MeasuredShape = [key: string, decision: BackendDecision];

/** What the race compares: the runs' shapes and how many there are (stacked runs time differently). */
export function shapeKey(runs: RunSpec[]): string {
  return JSON.stringify(runs.map(stackKey));
}

export class BackendSession {
  #info: BackendInfo;
  /** The software renderer auto races against; null when there is nothing to race. */
  #raceRenderer: string | null;
  #decisions: Map<string, BackendDecision>;

  private constructor(info: BackendInfo, raceRenderer: string | null, known: MeasuredShape[]) {
    this.#info = info;
    this.#raceRenderer = raceRenderer;
    this.#decisions = new Map(known);
  }

  static async start(preference: BackendPreference, known: MeasuredShape[] = []): Promise<BackendSession> {
    const info = await initBackend(preference);
    const race = preference === 'auto' && info.backend === 'webgl' && isSoftwareDevice(info.backend, info.renderer);
    if (race) {
      const name = softwareRendererName(info.renderer) ?? info.renderer;
      info.choice = `WebGL for now: the renderer is a software one (${name}); wasm is measured against it before the first run`;
    }
    return new BackendSession(info, race ? info.renderer : null, known);
  }

  get info(): BackendInfo {
    return this.#info;
  }

  /**
   * Puts the backend that trains `runs` fastest in place, measuring it if this shape was
   * never measured. Returns the new info and the decision to remember when either changed;
   * null when nothing did. Call before any tensor of the job exists.
   */
  async prepare(runs: RunSpec[]): Promise<{ info: BackendInfo; measured: MeasuredShape | null } | null> {
    if (this.#raceRenderer === null || runs.length === 0) return null;
    const key = shapeKey(runs);
    let decision = this.#decisions.get(key);
    let measured: MeasuredShape | null = null;
    if (!decision) {
      decision = chooseFaster(await race(runs), this.#raceRenderer);
      this.#decisions.set(key, decision);
      measured = [key, decision];
    }
    const before = this.#info;
    if (!(await switchBackend(decision.backend))) await switchBackend('webgl');
    if (!measured && before.backend === tf.getBackend() && before.choice === decision.choice) return null;
    this.#info = await describeBackend('auto', before.fallbackReason, decision.choice);
    return { info: this.#info, measured };
  }
}

/** ms per step on wasm and on WebGL; null for one that cannot start or run the step. */
async function race(runs: RunSpec[]): Promise<{ webgl: number | null; wasm: number | null }> {
  const times = { webgl: null as number | null, wasm: null as number | null };
  for (const name of ['wasm', 'webgl'] as const) {
    try {
      if (await switchBackend(name)) times[name] = (await timeTrainingStep(runs)).msPerStep;
    } catch {
      times[name] = null; // a backend that cannot run the step loses the race
    }
  }
  return times;
}
