/** Vietnamese text compared without diacritics or case: "Phuong" matches "Phường", "DON VI" matches "Đơn vị". */
export function foldDiacritics(s: string): string {
  // The same labels and headers come back in every return of a batch (400 at province scale): folded once.
  const known = folded.get(s);
  if (known !== undefined) return known;
  const f = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
  if (s.length <= 300) {
    if (folded.size >= 20_000) folded.clear();
    folded.set(s, f);
  }
  return f;
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
