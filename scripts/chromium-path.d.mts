export function findChromium(): string | null;
export function findPlaywrightChromium(): Promise<string | null>;
export const CHROMIUM_ARGS: string[];
