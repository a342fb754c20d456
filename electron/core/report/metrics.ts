/**
 * Text widths in Times New Roman, from the Adobe Times-Roman / Times-Bold metrics (Liberation Serif and Times New
 * Roman share them). Vietnamese letters measure as their base letter: the diacritics sit above or below.
 * Used to compute the indents of the short rules under the agency name, the tiêu ngữ and the trích yếu.
 */
const REGULAR: Record<string, number> = {};
const BOLD: Record<string, number> = {};

function table(target: Record<string, number>, chars: string, widths: number[]) {
  [...chars].forEach((c, i) => (target[c] = widths[i]));
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
table(REGULAR, UPPER, [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611]);
table(REGULAR, LOWER, [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444]);
table(BOLD, UPPER, [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667]);
table(BOLD, LOWER, [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444]);
for (const t of [REGULAR, BOLD]) {
  table(t, '0123456789', Array(10).fill(500));
  table(t, ' .,:;/()-%', [250, 250, 250, t === BOLD ? 333 : 278, t === BOLD ? 333 : 278, 278, 333, 333, 333, t === BOLD ? 1000 : 833]);
}

/** Width in points of `text` set in Times New Roman at `sizePt`. */
export function textWidthPt(text: string, sizePt: number, bold = false): number {
  const t = bold ? BOLD : REGULAR;
  let units = 0;
  // Plain ASCII (numbers, codes, dates: most table cells) has no diacritics to strip.
  const base = PLAIN.test(text) ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  for (const ch of base) units += t[ch] ?? 500;
  return (units / 1000) * sizePt;
}

// eslint-disable-next-line no-control-regex
const PLAIN = /^[\x00-\x7f]*$/;

/** Points to twips. */
export const ptToTwip = (pt: number) => Math.round(pt * 20);
/** Millimetres to twips. */
export const mmToTwip = (mm: number) => Math.round((mm / 25.4) * 1440);
/** Centimetres to twips. */
export const cmToTwip = (cm: number) => mmToTwip(cm * 10);
