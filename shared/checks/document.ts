/**
 * Turns what is to be checked into a CheckDocument: the year's report model (placeholders already resolved, with
 * the ranges the app wrote), or the plain paragraphs of an outside document (.docx text, .txt, pasted text), whose
 * headings are recognised by their numbering (I., 1., 2.1., a) or a.).
 * PURE.
 */
import type { ReportDocument, TextRun } from '../report/model';
import type { CheckDocument, CheckParagraph } from './types';

function spans(runs: TextRun[]): Pick<CheckParagraph, 'text' | 'generated' | 'missing' | 'figures'> {
  let text = '';
  const generated: [number, number][] = [];
  const missing: [number, number][] = [];
  const figures: NonNullable<CheckParagraph['figures']> = [];
  for (const r of runs) {
    const a = text.length;
    text += r.text;
    if (r.missing) missing.push([a, text.length]);
    else if (r.generated) generated.push([a, text.length]);
    else if (r.figure) {
      generated.push([a, text.length]);
      figures.push({ start: a, end: text.length, code: r.figure.code, year: r.figure.year });
    }
  }
  return { text, generated, missing, figures };
}

const NUMBER_RE = /^((?:[IVXLCDM]+|\d+(?:\.\d+)*|[a-zđ])[.)])\s/;

/** The report of a year, section by section. */
export function fromReportDocument(doc: ReportDocument): CheckDocument {
  const paragraphs: CheckParagraph[] = [];
  let sectionId = 'opening';
  let sectionTitle = 'Phần mở đầu';
  let index = 0;
  for (const b of doc.body) {
    const s = spans(b.runs);
    if (b.kind === 'heading') {
      sectionId = b.sectionId;
      sectionTitle = s.text;
      index = 0;
      const number = NUMBER_RE.exec(s.text)?.[1] ?? '';
      paragraphs.push({ kind: 'heading', sectionId, sectionTitle, index: -1, level: b.level, number, ...s });
    } else paragraphs.push({ kind: 'paragraph', sectionId, sectionTitle, index: index++, ...s });
  }
  doc.closing.forEach((b, i) => paragraphs.push({ kind: 'paragraph', sectionId: 'closing', sectionTitle: 'Phần kết', index: i, closing: true, ...spans(b.runs) }));
  return { source: 'report', title: spans(doc.title.subject).text, paragraphs, appendices: doc.appendices };
}

const ROMAN_HEADING = /^([IVXLCDM]+)\.\s+\S/;
const NUM_HEADING = /^(\d+)\.\s+\S/;
const SUB_HEADING = /^(\d+(?:\.\d+)+)\.?\s+\S/;
const POINT_HEADING = /^([a-zđ])[.)]\s+\S/;

/** Heading level and number of a line of an outside document, or null for a paragraph. */
export function headingOf(line: string): { level: number; number: string } | null {
  const t = line.trim();
  if (t.length > 600) return null;
  let m = ROMAN_HEADING.exec(t);
  if (m) return { level: 1, number: `${m[1]}.` };
  m = SUB_HEADING.exec(t);
  if (m) return { level: 3, number: t.slice(0, t.indexOf(' ')) };
  m = NUM_HEADING.exec(t);
  if (m) return { level: 2, number: `${m[1]}.` };
  m = POINT_HEADING.exec(t);
  if (m) return { level: 4, number: t.slice(0, 2) };
  return null;
}

const SIGNATURE_START = /^(Nơi nhận\s*:|TM\.|KT\.|TL\.|TUQ\.|Q\.\s)/;

/**
 * An outside document from its paragraphs. The part before the first heading is the opening; the paragraph that
 * begins "Trên đây là" and what follows up to "Nơi nhận:" is the closing; the signature block is left out.
 */
export function fromPlainText(lines: string[], title = ''): CheckDocument {
  const paragraphs: CheckParagraph[] = [];
  let sectionId = 'opening';
  let sectionTitle = 'Phần mở đầu';
  let index = 0;
  let closing = false;
  for (const raw of lines) {
    const text = raw.replace(/\s+$/, '');
    if (!text.trim()) continue;
    if (SIGNATURE_START.test(text.trim())) break;
    const h = closing ? null : headingOf(text);
    if (h) {
      // Numbers repeat across parts (a) under 2.3 and under 2.6), so a heading is known by its position.
      sectionId = `h${paragraphs.length}`;
      sectionTitle = text.trim();
      index = 0;
      paragraphs.push({ kind: 'heading', sectionId, sectionTitle, index: -1, level: h.level, number: h.number, text, generated: [], missing: [] });
      continue;
    }
    if (!closing && /^Trên đây là\s/.test(text.trim())) {
      closing = true;
      sectionId = 'closing';
      sectionTitle = 'Phần kết';
      index = 0;
    }
    const missing = [...text.matchAll(/\[chưa có số liệu:[^\]]*\]/g)].map((m): [number, number] => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
    paragraphs.push({ kind: 'paragraph', sectionId, sectionTitle, index: index++, text, generated: [], missing, ...(closing ? { closing: true } : {}) });
  }
  return { source: 'outside', title, paragraphs, appendices: [] };
}

/** Splits pasted or .txt text into paragraphs (one per line). */
export function fromText(text: string, title = ''): CheckDocument {
  return fromPlainText(text.replace(/\r\n?/g, '\n').split('\n'), title);
}
