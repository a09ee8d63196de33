/**
 * ExperimentState without a window: what a link loads, what it reports, how edits change
 * validity, and the query and share link it writes back.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT } from '../experiment/config';
import { decodeExperiment } from '../experiment/url';
import { ExperimentState } from './experiment.svelte';

describe('ExperimentState', () => {
  it('loads a link: its experiment, its backend, autorun, and what it could not use', () => {
    const s = new ExperimentState();
    s.loadFromQuery('?v=1&init=xavier_normal&width=9999&colour=red&backend=cpu&autorun=1');
    expect(s.config.init).toEqual([{ scheme: 'xavier_normal' }]);
    expect(s.config.width).toBe(DEFAULT_EXPERIMENT.width);
    expect(s.urlProblems.map((p) => p.key)).toEqual(['width']);
    expect(s.ignoredKeys).toEqual(['colour']);
    expect(s.settings.backend).toBe('cpu');
    expect(s.autorun).toBe(true);
    s.dismissProblems();
    expect([s.urlProblems, s.ignoredKeys]).toEqual([[], []]);
  });

  it('revalidates as the config is edited', () => {
    const s = new ExperimentState();
    expect(s.valid).toBe(true);
    s.config.width = 0;
    expect(s.valid).toBe(false);
    expect(s.problems.map((p) => p.key)).toContain('width');
    s.config.width = 64;
    expect(s.problems).toEqual([]);
    expect(s.valid).toBe(true);
  });

  it('writes a query and share link that load back to the same experiment and settings', () => {
    const s = new ExperimentState();
    s.config.depth = 5;
    s.config.seeds = 3;
    s.settings.backend = 'wasm';
    const link = s.shareUrl('https://lab.example/', true);
    expect(link.startsWith('https://lab.example/?v=1&')).toBe(true);
    const back = decodeExperiment(link.slice(link.indexOf('?')));
    expect(back.experiment).toEqual(s.snapshot());
    expect(back.settings.backend).toBe('wasm');
    expect(back.autorun).toBe(true);
    expect(decodeExperiment(s.query()).autorun).toBe(false);
  });

  it('hands out plain copies that later edits do not reach', () => {
    const s = new ExperimentState();
    const copy = s.snapshot();
    s.config.init.push({ scheme: 'zeros' });
    expect(copy.init).toEqual(DEFAULT_EXPERIMENT.init);
    expect(structuredClone(copy)).toEqual(copy);
  });
});
