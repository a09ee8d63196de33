/**
 * Test and bench helper: the largest |a − b| over two equally long arrays, relative to the
 * largest |a| (so one tolerance serves weights, losses and norms of any scale).
 */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}
