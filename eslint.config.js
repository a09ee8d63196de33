/**
 * Lint rules the review used to keep by hand. The layers below the state (engine,
 * experiment, data) run in a Web Worker and in Node tests, so they must not reach for
 * Svelte, the page's DOM or the layers above them: the rule, not a review, refuses it.
 */
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const PAGE_ONLY_GLOBALS = ['window', 'document', 'location', 'history', 'localStorage', 'sessionStorage', 'alert', 'confirm'].map(
  (name) => ({
    name,
    message: 'engine/, experiment/ and data/ run in a worker and in Node: take what you need from the page as an argument.',
  }),
);

const BELOW_THE_PAGE = ['src/lib/engine/**', 'src/lib/experiment/**', 'src/lib/data/**'];
/** Test files and the helpers only they may use. */
const TESTS = ['**/*.test.ts', 'src/lib/testing/**'];
const LAYER_PATTERNS = [
  { regex: '^svelte(/|$)', message: 'engine/, experiment/ and data/ are free of Svelte.' },
  { regex: '(^|/)(ui|state)(/|$)', message: 'engine/, experiment/ and data/ sit below ui/ and state/: nothing imports upward.' },
];
/**
 * history/ is storage (IndexedDB) under the state: it may read the plain types and pure
 * helpers of experiment/, export/, engine/ and state/'s plain .ts files, but no Svelte, no
 * rune class, no component and no page global.
 */
const HISTORY = ['src/lib/history/**'];
const HISTORY_PATTERNS = [
  LAYER_PATTERNS[0],
  { regex: '(^|/)ui(/|$)', message: 'history/ sits below ui/: nothing imports upward.' },
  { regex: '\\.svelte(\\.ts)?$', message: 'history/ is plain TS: it may use state/ types, not its rune classes.' },
];
const TESTING_PATTERN = { regex: '(^|/)testing(/|$)', message: 'testing/ holds helpers for tests; the app must not ship them.' };

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'static/', 'bench-results/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: BELOW_THE_PAGE,
    rules: { 'no-restricted-globals': ['error', ...PAGE_ONLY_GLOBALS] },
  },
  // no-restricted-imports takes its last setting, so each file group gets its whole list.
  {
    files: BELOW_THE_PAGE,
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [...LAYER_PATTERNS, TESTING_PATTERN] }] },
  },
  { files: BELOW_THE_PAGE.map((f) => `${f}/*.test.ts`), rules: { 'no-restricted-imports': ['error', { patterns: LAYER_PATTERNS }] } },
  { files: HISTORY, rules: { 'no-restricted-globals': ['error', ...PAGE_ONLY_GLOBALS] } },
  { files: HISTORY, ignores: TESTS, rules: { 'no-restricted-imports': ['error', { patterns: [...HISTORY_PATTERNS, TESTING_PATTERN] }] } },
  { files: HISTORY.map((f) => `${f}/*.test.ts`), rules: { 'no-restricted-imports': ['error', { patterns: HISTORY_PATTERNS }] } },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: [...BELOW_THE_PAGE, ...HISTORY, ...TESTS, 'src/bench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TESTING_PATTERN] }] },
  },
);
