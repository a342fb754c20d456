/** Vietnamese text compared without diacritics or case: "Phuong" matches "Phường", "DON VI" matches "Đơn vị". */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Labels compared the way a person reads them: no diacritics, case, numbering, punctuation or repeated spaces. */
export function foldLabel(text: string): string {
  return foldDiacritics(text)
    .toLowerCase()
    .replace(/^\s*(?:[ivxlcd]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*/i, '')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}
