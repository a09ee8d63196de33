/**
 * Test helper: the page's real trainer in Node. connectTrainer finds no Worker here and
 * trains on this thread, on TF.js's CPU backend: the same engine, events and probe as the
 * page's fallback, nothing scripted.
 */
import { initBackend } from '../engine/backend';
import { GpuDataCache } from '../engine/gpu-data';
import { connectTrainer } from '../worker/connect';
import type { Trainer } from '../worker/trainer';

export function cpuTrainer(): Promise<Trainer> {
  const cache = new GpuDataCache();
  return connectTrainer({ mainBackend: () => initBackend('cpu'), mainData: () => cache, preference: 'cpu' });
}
