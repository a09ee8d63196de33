/**
 * At most `max` of the indices 0 … n−1, evenly spaced, the first and the last always kept:
 * how the lab thins layers for histograms, depths for the spectrum, and rows of a data table,
 * where the deep end (or the last step) is the one that must stay in view. Pure, so the
 * engine and the UI can both import it.
 */
export function evenlySpaced(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return [n - 1];
  const picked = new Set<number>();
  for (let k = 0; k < max; k++) picked.add(Math.round((k * (n - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b);
}
