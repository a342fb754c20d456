/** Vietnamese text compared without diacritics or case: "Phuong" matches "Phường", "DON VI" matches "Đơn vị". */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
