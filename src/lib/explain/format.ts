/**
 * 1,234-style integers. One formatter for every call: toLocaleString builds a new one each
 * time, and the cards format hundreds of numbers whenever the charts take new data.
 */
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * Numbers as they appear in explanation sentences: 3 significant digits (enough to
 * compare with the charts, few enough to say aloud), exact integers for fans and sizes,
 * and powers of ten written as ×10⁻¹⁹ rather than JS's "e-19".
 */

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

export function fmt(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return GROUPED.format(x);
  // Decide the notation on the rounded value: 999.96 is "1,000", not "1.00e+3".
  const r = Number(x.toPrecision(digits));
  const abs = Math.abs(r);
  if (abs >= 1e3 && abs < 1e6) return GROUPED.format(Math.round(x));
  if (abs >= 1e-3 && abs < 1e3) {
    const p = r.toPrecision(digits);
    if (p.includes('e')) return String(r);
    // Trailing zeros after the point say nothing: 0.0500 reads better as 0.05.
    return p.includes('.') ? p.replace(/\.?0+$/, '') : p;
  }
  const [mant, exp] = x.toExponential(digits - 1).split('e');
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  const e = String(Number(exp))
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
  return `${m}×10${e}`;
}

/** "L2" or "L2–L30" for a run of consecutive layers. */
export function layerRange(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  return labels.length === 1 ? labels[0] : `${labels[0]}–${labels[labels.length - 1]}`;
}

/** Shape of a kernel as people say it: dense 784→256, conv 3×3×1→16. */
export function shapeText(shape: readonly number[]): string {
  if (shape.length === 2) return `${shape[0]}→${shape[1]}`;
  if (shape.length === 4) return `${shape[0]}×${shape[1]}×${shape[2]}→${shape[3]}`;
  return shape.join('×');
}
