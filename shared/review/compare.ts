/**
 * Comparing two versions of the report: the text section by section as a word-level diff (the `diff` package's
 * diffWordsWithSpace, so Vietnamese words with diacritics stay whole), and the figures the versions used as
 * old → new. Also the sections and paragraphs of a version, which comments anchor to.
 * PURE.
 */
import { diffWordsWithSpace } from 'diff';
import { fromReportDocument } from '../checks/document';
import type { ReportDocument } from '../report/model';

export interface SectionText {
  sectionId: string;
  title: string;
  /** Paragraphs in order; index = the paragraph's index in the section (as the checks number them). */
  paragraphs: string[];
}

/** The report's text by section: opening, each outline section (heading as title), closing. */
export function sectionsOf(doc: ReportDocument): SectionText[] {
  const out: SectionText[] = [];
  const byId = new Map<string, SectionText>();
  for (const p of fromReportDocument(doc).paragraphs) {
    let s = byId.get(p.sectionId);
    if (!s) {
      s = { sectionId: p.sectionId, title: p.sectionTitle, paragraphs: [] };
      byId.set(p.sectionId, s);
      out.push(s);
    }
    if (p.kind === 'paragraph') s.paragraphs[p.index] = p.text;
  }
  return out;
}

export interface DiffPart {
  text: string;
  op: 'same' | 'added' | 'removed';
}

export interface SectionDiff {
  sectionId: string;
  title: string;
  changed: boolean;
  parts: DiffPart[];
}

/** Word-level diff of every section (a section present in one version only is all added or all removed). */
export function diffText(from: ReportDocument, to: ReportDocument): SectionDiff[] {
  const a = sectionsOf(from);
  const b = sectionsOf(to);
  const ids = [...b.map((s) => s.sectionId), ...a.map((s) => s.sectionId).filter((id) => !b.some((s) => s.sectionId === id))];
  return ids.map((id) => {
    const x = a.find((s) => s.sectionId === id);
    const y = b.find((s) => s.sectionId === id);
    const parts: DiffPart[] = diffWordsWithSpace((x?.paragraphs ?? []).join('\n'), (y?.paragraphs ?? []).join('\n')).map((c) => ({
      text: c.value,
      op: c.added ? 'added' : c.removed ? 'removed' : 'same',
    }));
    return { sectionId: id, title: (y ?? x)!.title, changed: parts.some((p) => p.op !== 'same'), parts };
  });
}

/** One indicator as a version used it: its formatted value for the period. */
export interface FigureUsed {
  code: string;
  label: string;
  unit: string;
  text: string;
}

export interface FigureChange {
  code: string;
  label: string;
  unit: string;
  from: string | null;
  to: string | null;
}

/** The figures whose printed value differs between two versions (null: not in that version). */
export function diffFigures(from: FigureUsed[], to: FigureUsed[]): FigureChange[] {
  const a = new Map(from.map((f) => [f.code, f]));
  const b = new Map(to.map((f) => [f.code, f]));
  const codes = [...b.keys(), ...[...a.keys()].filter((c) => !b.has(c))];
  return codes
    .map((code) => {
      const x = a.get(code);
      const y = b.get(code);
      const f = (y ?? x)!;
      return { code, label: f.label, unit: f.unit, from: x?.text ?? null, to: y?.text ?? null };
    })
    .filter((c) => c.from !== c.to);
}

/**
 * Where block `i` of the printed report lies, as comments anchor it: body blocks first (a heading is its whole
 * section, paragraph null), then the closing paragraphs; paragraphs numbered inside their section as the checks
 * number them (`fromReportDocument`). Null past the end.
 */
export function anchorOfBlock(doc: ReportDocument, i: number): { sectionId: string; paragraph: number | null } | null {
  if (i < 0) return null;
  if (i >= doc.body.length) {
    const k = i - doc.body.length;
    return k < doc.closing.length ? { sectionId: 'closing', paragraph: k } : null;
  }
  let sectionId = 'opening';
  let index = 0;
  for (let j = 0; j <= i; j++) {
    const b = doc.body[j];
    if (b.kind === 'heading') {
      sectionId = b.sectionId;
      index = 0;
      if (j === i) return { sectionId, paragraph: null };
    } else if (j === i) return { sectionId, paragraph: index };
    else index++;
  }
  return null;
}
