/**
 * The layering rules are the linter's (eslint.config.js), not a review's: code in engine/,
 * experiment/ and data/ that reaches for Svelte, the page's DOM or the layers above is
 * refused, and the same code in ui/ passes; no app file may import testing/. Runs ESLint
 * itself on snippets.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('engine/, experiment/ and data/ stay below the page', () => {
  const refused = [
    ["import { mount } from 'svelte';\nexport const m = mount;\n", 'no-restricted-imports'],
    ["import { SvelteSet } from 'svelte/reactivity';\nexport const s = SvelteSet;\n", 'no-restricted-imports'],
    ["import { RunsState } from '../state/runs.svelte';\nexport const r = RunsState;\n", 'no-restricted-imports'],
    ["import { palette } from '../../ui/charts/palette';\nexport const p = palette;\n", 'no-restricted-imports'],
    ['export const here = () => location.search;\n', 'no-restricted-globals'],
    ["export const canvas = () => document.createElement('canvas');\n", 'no-restricted-globals'],
    ['export const w = () => window.innerWidth;\n', 'no-restricted-globals'],
  ] as const;

  for (const folder of ['engine', 'experiment', 'data']) {
    it.each(refused)(`${folder}/: refuses %j`, async (code, rule) => {
      const messages = await messagesFor(code, `src/lib/${folder}/probe.ts`);
      expect(messages.some((m) => m.startsWith(`${rule}:`))).toBe(true);
    });
  }

  it('lets the layers above use all of it, and the engine use what a worker has', async () => {
    for (const [code] of refused) expect(await messagesFor(code, 'src/lib/ui/probe.ts')).toEqual([]);
    expect(
      await messagesFor(
        "import { planRuns } from '../experiment/plan';\nexport const n = () => [navigator.hardwareConcurrency, performance.now(), planRuns];\n",
        'src/lib/engine/probe.ts',
      ),
    ).toEqual([]);
  });
});

describe('testing/ serves tests only', () => {
  const code = "import { relDiff } from '../testing/rel-diff';\nexport const r = relDiff;\n";

  it.each(['src/lib/engine/probe.ts', 'src/lib/state/probe.svelte.ts', 'src/lib/ui/probe.ts', 'src/lib/export/probe.ts'])(
    'refuses it in %s',
    async (filePath) => {
      expect((await messagesFor(code, filePath)).some((m) => m.startsWith('no-restricted-imports:'))).toBe(true);
    },
  );

  it('lets tests, and the helpers themselves, use it', async () => {
    for (const filePath of ['src/lib/engine/probe.test.ts', 'src/lib/ui/probe.test.ts', 'src/lib/testing/probe.ts'])
      expect(await messagesFor(code, filePath)).toEqual([]);
  });
});

describe('history/ is storage below the state', () => {
  it.each([
    ["import { RunsState } from '../state/runs.svelte';\nexport const r = RunsState;\n", 'no-restricted-imports'],
    ["import { untrack } from 'svelte';\nexport const u = untrack;\n", 'no-restricted-imports'],
    ["import { palette } from '../ui/charts/palette';\nexport const p = palette;\n", 'no-restricted-imports'],
    ['export const here = () => location.href;\n', 'no-restricted-globals'],
  ])('refuses %j', async (code, rule) => {
    expect((await messagesFor(code, 'src/lib/history/probe.ts')).some((m) => m.startsWith(`${rule}:`))).toBe(true);
  });

  it('lets it use IndexedDB and the plain types and helpers of the layers below', async () => {
    const code =
      "import { stepsDone } from '../state/run-series';\nimport { describeExperiment } from '../experiment/url';\nexport const h = () => [indexedDB, stepsDone, describeExperiment];\n";
    expect(await messagesFor(code, 'src/lib/history/probe.ts')).toEqual([]);
  });
});
