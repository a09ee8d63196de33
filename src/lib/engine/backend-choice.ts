/**
 * Auto's decision on a software renderer: WebGL or wasm, whichever trained the experiment's
 * own shapes faster in the measurement (backend-race.ts). A pure function of the measured
 * times, so the rule can be tested without a browser.
 */
import { percent } from '../percent';
import { softwareRendererName } from './stack/policy';

export interface MeasuredTimes {
  /** ms per training step; null when that backend could not run the step. */
  webgl: number | null;
  wasm: number | null;
}

export interface BackendDecision {
  backend: 'webgl' | 'wasm';
  /** One line for the badge: which, how much faster, and why it was measured. */
  choice: string;
  times: MeasuredTimes;
}

/**
 * wasm must beat WebGL by this factor to be chosen: WebGL is already up with the data on it,
 * and two timings a few steps long differ by a few percent from noise alone.
 */
export const WASM_MARGIN = 1.05;

const ratio = (slow: number, fast: number) => `${(slow / fast).toFixed(1)}×`;

export function chooseFaster(times: MeasuredTimes, renderer: string | null): BackendDecision {
  const where = `on this software renderer (${softwareRendererName(renderer) ?? renderer ?? 'unknown'}), measured at start`;
  const { webgl, wasm } = times;
  if (wasm === null && webgl === null) return { backend: 'webgl', choice: 'WebGL: neither WebGL nor wasm could be measured', times };
  if (wasm === null) return { backend: 'webgl', choice: `WebGL: wasm could not run here`, times };
  if (webgl === null) return { backend: 'wasm', choice: `wasm: WebGL could not run the step ${where}`, times };
  if (wasm * WASM_MARGIN < webgl) return { backend: 'wasm', choice: `wasm: ${ratio(webgl, wasm)} faster than WebGL ${where}`, times };
  const faster = webgl <= wasm ? `${ratio(wasm, webgl)} faster than wasm` : `within ${percent(WASM_MARGIN - 1)} of wasm`;
  return { backend: 'webgl', choice: `WebGL: ${faster} ${where}`, times };
}
