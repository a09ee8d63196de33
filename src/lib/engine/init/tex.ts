/** Numbers as KaTeX source, for the substituted formulas. */

/**
 * 4 significant digits with trailing zeros dropped (a gain of 1 reads "1", not "1.000"),
 * and scientific notation as KaTeX's \times 10^{e} rather than JS's "e-7".
 * Integers below 10^6 (fans, sizes) are shown exactly: rounding 12544 to 1.254e4 would
 * make the substituted formula disagree with the layer it describes.
 */
export function texNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : x < 0 ? '-\\infty' : '\\text{NaN}';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const p = x.toPrecision(4);
  const [mant, exp] = p.split('e');
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  if (exp === undefined) return m;
  return `${m}\\times 10^{${Number(exp)}}`;
}
