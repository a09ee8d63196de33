/**
 * A fraction as a percentage: the one way the lab writes one, in the controls, the charts'
 * summaries, the cards, the presets' claims and the comparison outcome. Pure, so the engine,
 * the explanations and the UI can all import it.
 *
 * percent(0.354) is "35%", percent(0.3125, 1) "31.3%"; "–" where there is no number (NaN, ±∞).
 * `trim` drops a decimal part that is all zeros, for prose: percent(0.4, 1, { trim: true }) is "40%".
 */
export function percent(fraction: number, digits = 0, opts: { trim?: boolean } = {}): string {
  if (!Number.isFinite(fraction)) return '–';
  const fixed = (fraction * 100).toFixed(digits);
  return `${opts.trim ? fixed.replace(/\.0+$/, '') : fixed}%`;
}
