/** Small helpers shared by the checks: locations, excerpts and finding ids. PURE. */
import type { CheckParagraph, Finding, FindingLocation } from './types';

export function textLocation(p: CheckParagraph, start: number, end: number): FindingLocation {
  return { kind: 'text', sectionId: p.sectionId, sectionTitle: p.sectionTitle, paragraph: p.index, start, end };
}

/** The text between start and end, widened to whole words, with at most `pad` characters of context each side. */
export function excerptOf(text: string, start: number, end: number, pad = 0): string {
  let a = Math.max(0, start - pad);
  let b = Math.min(text.length, end + pad);
  if (pad > 0) {
    while (a > 0 && !/\s/.test(text[a - 1])) a--;
    while (b < text.length && !/\s/.test(text[b])) b++;
  }
  return `${a > 0 ? '…' : ''}${text.slice(a, b).trim()}${b < text.length ? '…' : ''}`;
}

/** A short stable hash (FNV-1a) of a string, in base 36. */
export function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Id of a finding: the check, the place (section and paragraph, not offsets) and the text concerned. */
export function findingId(f: Omit<Finding, 'id'>): string {
  const l = f.location;
  const place =
    l.kind === 'text'
      ? `${l.sectionId}#${l.paragraph}`
      : l.kind === 'data'
        ? `${l.code ?? ''}@${l.unitId ?? ''}@${l.year ?? ''}`
        : l.kind === 'appendix'
          ? `${l.appendixId}#${l.row ?? ''}#${l.column ?? ''}`
          : 'doc';
  return `${f.code}-${hash(`${place}|${f.excerpt}|${f.message}`)}`;
}

/** Whether [start, end) lies inside one of the ranges. */
export function inside(ranges: [number, number][], start: number, end: number): boolean {
  return ranges.some(([a, b]) => start >= a && end <= b);
}

/** Whether [start, end) overlaps one of the ranges. */
export function overlaps(ranges: [number, number][], start: number, end: number): boolean {
  return ranges.some(([a, b]) => start < b && end > a);
}
