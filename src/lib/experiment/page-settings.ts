/**
 * Settings of the page rather than of the experiment: they change where and how fast it
 * trains, never what it computes, so they stay out of Experiment (presets, exports and the
 * PyTorch hand-off never see them). The share URL still carries them, read and checked
 * through this table as the experiment's fields are through RULES.
 */
import type { Rule } from './validate';

/** Which TF.js backend trains: 'auto' picks the fastest here (engine/backend.ts). */
export const BACKEND_PREFERENCES = ['auto', 'webgl', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export interface PageSettings {
  backend: BackendPreference;
}

export const DEFAULT_PAGE_SETTINGS: PageSettings = { backend: 'auto' };

/** Every page setting's rule, in share-URL order; the mapped type refuses a setting without one. */
export const PAGE_RULES: { readonly [K in keyof PageSettings]: Rule } = {
  backend: { kind: 'enum', values: BACKEND_PREFERENCES },
};
export const PAGE_KEYS = Object.keys(PAGE_RULES) as (keyof PageSettings)[];
