/**
 * A record's times as text. Kept out of the .svelte.ts classes, where the Svelte lint would
 * take any `new Date` for state that should be reactive; these are one-off readings.
 */

/** The person's local date and time, as their browser writes it. */
export const localTime = (ms: number): string => new Date(ms).toLocaleString();

export const isoTime = (ms: number): string => new Date(ms).toISOString();
