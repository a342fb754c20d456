/** Vietnamese text compared without diacritics or case: "Phuong" matches "Phường", "DON VI" matches "Đơn vị". */
export function foldDiacritics(s: string): string {
  // The same labels and headers come back in every return of a batch (400 at province scale): folded once.
  const known = folded.get(s);
  if (known !== undefined) return known;
  const f = foldByCharacter(s) ?? foldWhole(s);
  if (s.length <= 300) {
    if (folded.size >= 20_000) folded.clear();
    folded.set(s, f);
  }
  return f;
}

/** What foldDiacritics means: decomposed, the marks U+0300–U+036F dropped, đ/Đ as d/D, lower case. */
function foldWhole(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * foldWhole of a text made only of characters that fold alone, character by character (no normalization, no
 * regular expression); null when another character is there. A character folds alone when it is in the Latin
 * blocks (U+0000–U+024F, U+1E00–U+1EFF: every Vietnamese letter) or General Punctuation (U+2000–U+206F), is not a
 * mark, and its own fold has no mark left. Then each decomposes to a starter with marks of U+0300–U+036F only (all
 * dropped), nothing is reordered across characters, and no lower-casing there depends on the neighbours, so the
 * fold of the text is the folds of its characters joined (tests/unit/format-text.test.ts checks every pair).
 */
function foldByCharacter(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let f = alone[c];
    if (f === undefined) {
      if (c >= ALONE_END) return null;
      f = alone[c] = foldsAlone(c);
    }
    if (f === false) return null;
    out += f;
  }
  return out;
}

const ALONE_END = 0x2070;
/** By character code: its fold when it folds alone, false when not, unset until first seen. */
const alone: (string | false | undefined)[] = [];
const MARK = /\p{M}/u;

/** The character's fold when it folds alone (see foldByCharacter), else false. Exported for its test. */
export function foldsAlone(c: number): string | false {
  const inBlocks = c < 0x250 || (c >= 0x1e00 && c < 0x1f00) || (c >= 0x2000 && c < ALONE_END);
  if (!inBlocks) return false;
  const ch = String.fromCharCode(c);
  const f = foldWhole(ch);
  return MARK.test(ch) || MARK.test(f) ? false : f;
}

/** Folded short texts (labels, headers, names), bounded. */
const folded = new Map<string, string>();

/** Labels compared the way a person reads them: no diacritics, case, numbering, punctuation or repeated spaces. */
export function foldLabel(text: string): string {
  return foldDiacritics(text)
    .toLowerCase()
    .replace(/^\s*(?:[ivxlcd]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*/i, '')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}
