/** The first sentence of a short answer: the line a review checklist keeps. */

/**
 * Ends at the first '.', '?' or '!' followed by a space and a capital letter (or the end),
 * so decimals (0.77), "e.g. the" and "U(±1/√n)." inside a sentence do not cut it short.
 */
export function firstSentence(text: string): string {
  const m = /^(.+?[.?!])(?=\s+[A-Z(“"]|$)/su.exec(text.trim());
  return m ? m[1] : text.trim();
}
