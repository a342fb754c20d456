/**
 * Writes the report model as .docx following Nghị định 30/2020, Phụ lục I, element by element (see
 * /work/shared/docs/domain.md §1). Real Word structures only: a document default font, paragraph borders with
 * computed indents for the rules, borderless tables for the header and the signature block, a PAGE field in a
 * header with "different first page" so page 1 shows no number, one section per appendix with its own numbering.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, type AppendixModel, type BodyBlock, type ReportDocument, type TextRun as ModelRun } from '../../../shared/report/model';
import { strFromU8, unzipSync } from 'fflate';
import { cmToTwip, mmToTwip, textWidthPt } from './metrics';
import { zipEntries, type ZipData } from './zip';
import { DRAFT_MARK } from '../../../shared/review/workflow';

export interface PageOptions {
  /** Margins in mm (ND 30: top/bottom 20–25, left 30–35, right 15–20). */
  marginTopMm?: number;
  marginBottomMm?: number;
  marginLeftMm?: number;
  marginRightMm?: number;
  /** Body size in pt (13–14). */
  bodyPt?: number;
  /** Line spacing as a multiple (1–1,5). */
  lineSpacing?: number;
  /**
   * A document not yet issued: every page's header carries a boxed "DỰ THẢO" and this line under it ("Dự thảo lần
   * 3"; "" for the mark alone). Undefined for the issued document, which carries neither.
   */
  draftMark?: string;
}

const FONT = 'Times New Roman';
const A4 = { width: 11906, height: 16838 };
/** Inner cell padding of the layout tables (≈ 1 mm), so the agency name and Quốc hiệu fit on one line. */
const CELL_PAD = 57;

interface Layout {
  margin: { top: number; bottom: number; left: number; right: number };
  /** Text width in twips. */
  width: number;
  bodyHalfPt: number;
  line: number;
}

function layoutOf(o: PageOptions = {}, landscape = false): Layout {
  const margin = {
    top: mmToTwip(o.marginTopMm ?? 20),
    bottom: mmToTwip(o.marginBottomMm ?? 20),
    left: mmToTwip(o.marginLeftMm ?? 30),
    right: mmToTwip(o.marginRightMm ?? 15),
  };
  const pageWidth = landscape ? A4.height : A4.width;
  return { margin, width: pageWidth - margin.left - margin.right, bodyHalfPt: (o.bodyPt ?? 14) * 2, line: Math.round((o.lineSpacing ?? 1.15) * 240) };
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const CELL_NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

const twipOfPt = (pt: number) => Math.round(pt * 20);

/** A paragraph that draws a solid rule of `length` twips centred in `available` twips (a bottom border). */
function rule(length: number, available: number, spaceBeforePt = 0): Paragraph {
  const side = Math.max(0, Math.round((available - length) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: twipOfPt(spaceBeforePt), after: 0, line: 240, lineRule: LineRuleType.AUTO },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [new TextRun({ text: '', size: 4 })],
  });
}

function line(text: string, o: { size: number; bold?: boolean; italic?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number }): Paragraph {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.CENTER,
    spacing: { before: twipOfPt(o.before ?? 0), after: 0, line: 240, lineRule: LineRuleType.AUTO },
    children: [new TextRun({ text, size: o.size * 2, bold: o.bold, italics: o.italic })],
  });
}

function runs(model: ModelRun[], halfPt: number): TextRun[] {
  return model.map((r) => new TextRun({ text: r.text, size: halfPt, bold: r.bold, italics: r.italic, highlight: r.missing ? 'yellow' : undefined }));
}

type LayoutCell = Paragraph[] | { children: Paragraph[]; span: number };

function layoutTable(widths: number[], ...rows: LayoutCell[][]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: rows.map((cells) => {
      let col = 0;
      return new TableRow({
        // A signature block or a header never splits across pages.
        cantSplit: true,
        children: cells.map((cell) => {
          const { children, span } = Array.isArray(cell) ? { children: cell, span: 1 } : cell;
          const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          return new TableCell({
            width: { size: width, type: WidthType.DXA },
            columnSpan: span > 1 ? span : undefined,
            borders: CELL_NO_BORDERS,
            margins: { left: CELL_PAD, right: CELL_PAD, top: 0, bottom: 0 },
            verticalAlign: VerticalAlign.TOP,
            children,
          });
        }),
      });
    }),
  });
}

const toTwipFromPt = (pt: number) => Math.round(pt * 20);

const QUOC_HIEU = NATIONAL_TITLE;
const TIEU_NGU = MOTTO;
/** Generic nouns that may end the common part of an agency line ("ỦY BAN NHÂN DÂN PHƯỜNG"). */
const ADMIN_UPPER = ['THÀNH PHỐ', 'THỊ TRẤN', 'THỊ XÃ', 'ĐẶC KHU', 'PHƯỜNG', 'HUYỆN', 'QUẬN', 'TỈNH', 'XÃ'];
/** Phụ lục III abbreviations a parent body may use in the header. */
const HEADER_ABBREVIATIONS: [RegExp, string][] = [
  [/ỦY BAN NHÂN DÂN/g, 'UBND'],
  [/HỘI ĐỒNG NHÂN DÂN/g, 'HĐND'],
];

export interface HeaderFit {
  /** Column widths in twips. */
  left: number;
  right: number;
  /** Twips the date cell takes from the number's cell when the place name is long. */
  borrow: number;
  superior: { lines: string[]; size: number };
  issuer: { lines: string[]; size: number };
  /** Length of the rule under the agency name, in twips: 1/3 to 1/2 of its longest line. */
  rule: number;
}

/**
 * Splits one line into two at a word break where both parts fit: after the common part (a generic noun such as
 * "PHƯỜNG"), after a comma, before "VÀ" joining two functions or after a hyphen between them; `null` when none fits.
 */
function preferredBreak(line: string, fits: (s: string) => boolean): string[] | null {
  const words = line.split(' ');
  const options = words.slice(1).map((_, i) => [words.slice(0, i + 1).join(' '), words.slice(i + 1).join(' ')]);
  const ok = options.filter(([a, b]) => fits(a) && fits(b));
  return (
    ok.find(([a]) => ADMIN_UPPER.some((n) => a.endsWith(` ${n}`))) ??
    ok.find(([a]) => a.endsWith(',')) ??
    ok.find(([, b]) => b.startsWith('VÀ ')) ??
    ok.find(([a]) => a.endsWith(' -')) ??
    null
  );
}

/** The word break that makes the longer part shortest. */
function balancedBreak(line: string, size: number, bold: boolean): string[] {
  const words = line.split(' ');
  const options = words.slice(1).map((_, i) => [words.slice(0, i + 1).join(' '), words.slice(i + 1).join(' ')]);
  const w = (x: string[]) => Math.max(textWidthPt(x[0], size, bold), textWidthPt(x[1], size, bold));
  return options.sort((x, y) => w(x) - w(y))[0] ?? [line];
}

/** Lines that fit at 13 pt, else 12 pt, breaking where offices break; a balanced break as the last resort. */
function fitLines(raw: string[], bold: boolean, fitsAt: (size: number, bold: boolean) => (s: string) => boolean): { lines: string[]; size: number } {
  for (const size of [13, 12]) {
    const fits = fitsAt(size, bold);
    const lines: string[] = [];
    let ok = true;
    for (const l of raw) {
      if (fits(l)) {
        lines.push(l);
        continue;
      }
      // "PHƯỜNG NGUYỄN THỊ MINH KHAI" under "ỦY BAN NHÂN DÂN": the generic noun joins the line above.
      const noun = ADMIN_UPPER.find((n) => l.startsWith(`${n} `));
      const prev = lines[lines.length - 1];
      if (noun && prev !== undefined && fits(`${prev} ${noun}`) && fits(l.slice(noun.length + 1))) {
        lines[lines.length - 1] = `${prev} ${noun}`;
        lines.push(l.slice(noun.length + 1));
        continue;
      }
      const parts = preferredBreak(l, fits);
      if (!parts) {
        ok = false;
        break;
      }
      lines.push(...parts);
    }
    if (ok) return { lines, size };
  }
  const fits12 = fitsAt(12, bold);
  return { lines: raw.flatMap((l) => (fits12(l) ? [l] : balancedBreak(l, 12, bold))), size: 12 };
}

/**
 * Ô 1–3 fitted as offices do: the right column holds the Quốc hiệu on one line; the left column widens (6–7,3 cm)
 * for the agency; the parent body uses "UBND" when its full name does not fit; the agency steps down from 13 to
 * 12 pt; a line still too long breaks between words of its common part ("ỦY BAN NHÂN DÂN PHƯỜNG" over the proper
 * name), never inside a syllable. Line breaks typed in the settings are kept.
 */
export function fitHeader(superiorBody: string, issuerLines: string[], placeDate: string, textWidth: number): HeaderFit {
  const rightMin = toTwipFromPt(textWidthPt(QUOC_HIEU, 12, true)) + 2 * CELL_PAD + mmToTwip(2);
  const leftMax = textWidth - rightMin;
  const leftMin = Math.min(cmToTwip(6), leftMax);
  const inner = leftMax - 2 * CELL_PAD;
  const fitsAt = (size: number, bold: boolean) => (s: string) => toTwipFromPt(textWidthPt(s, size, bold)) <= inner;

  const superiorRaw = superiorBody.split(/\r?\n|\\n/).map((l) => l.trim()).filter(Boolean);
  let superior = { lines: superiorRaw, size: 13 };
  if (!superiorRaw.every(fitsAt(13, false))) {
    // Phụ lục III abbreviations first ("UBND TỈNH QUẢNG NGÃI"), then smaller type, then a line break.
    const abbreviated = superiorRaw.map((l) => HEADER_ABBREVIATIONS.reduce((t, [re, ab]) => t.replace(re, ab), l));
    superior = fitLines(abbreviated, false, fitsAt);
  }
  const issuer = fitLines(
    issuerLines.map((l) => l.trim()).filter(Boolean),
    true,
    fitsAt,
  );
  const widths = [
    ...issuer.lines.map((l) => toTwipFromPt(textWidthPt(l, issuer.size, true))),
    ...superior.lines.map((l) => toTwipFromPt(textWidthPt(l, superior.size, false))),
  ];
  const left = Math.min(leftMax, Math.max(leftMin, Math.max(0, ...widths) + 2 * CELL_PAD + mmToTwip(3)));
  const right = textWidth - left;
  // A long place name: the date cell borrows from the number's cell, which keeps room for "Số:      /BC-UBND".
  const dateNeed = toTwipFromPt(textWidthPt(placeDate, 13)) + 2 * CELL_PAD + mmToTwip(2);
  const borrow = Math.max(0, Math.min(dateNeed - right, left - cmToTwip(4.5)));
  const longestIssuer = Math.max(0, ...issuer.lines.map((l) => toTwipFromPt(textWidthPt(l, issuer.size, true))));
  return { left, right, borrow, superior, issuer, rule: Math.round(longestIssuer * 0.4) };
}

/**
 * Ô 1–4: agency block on the left, Quốc hiệu and Tiêu ngữ on the right; the number and the date line in a second
 * row of the same table, both 13 pt with the same spacing, so that they share one baseline whatever the agency
 * block's height.
 */
function headerBlock(doc: ReportDocument, lay: Layout): Table {
  const h = doc.header;
  const fit = fitHeader(h.superiorBody, h.issuerLines, h.placeDate, lay.width);
  const leftInner = fit.left - 2 * CELL_PAD;
  const rightInner = fit.right - 2 * CELL_PAD;

  const leftParas: Paragraph[] = [];
  fit.superior.lines.forEach((l) => leftParas.push(line(l, { size: fit.superior.size })));
  fit.issuer.lines.forEach((l) => leftParas.push(line(l, { size: fit.issuer.size, bold: true })));
  leftParas.push(rule(Math.min(fit.rule, Math.round(leftInner / 2)), leftInner, 1));

  const rightParas: Paragraph[] = [
    line(QUOC_HIEU, { size: 12, bold: true }),
    line(TIEU_NGU, { size: 13, bold: true }),
    // As long as the Tiêu ngữ itself.
    rule(Math.min(toTwipFromPt(textWidthPt(TIEU_NGU, 13, true)), rightInner), rightInner, 1),
  ];
  const numberDate = (text: string, italic: boolean) => [line(text, { size: 13, italic, before: 6 })];
  if (fit.borrow === 0)
    return layoutTable([fit.left, fit.right], [leftParas, rightParas], [numberDate(h.documentNumber, false), numberDate(h.placeDate, true)]);
  return layoutTable(
    [fit.left - fit.borrow, fit.borrow, fit.right],
    [{ children: leftParas, span: 2 }, rightParas],
    [numberDate(h.documentNumber, false), { children: numberDate(h.placeDate, true), span: 2 }],
  );
}

/**
 * Text as the docx package escapes element content (its `escapeAll`): &, quotes, < and > escaped, control characters
 * XML forbids dropped.
 */
const XML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
// eslint-disable-next-line no-control-regex
const escapeText = (s: string) => s.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => XML_TEXT_ESCAPES[c] ?? '');

/** An on/off run property and its complex-script twin, as docx writes `bold` or `italics` (nothing when unset). */
const onOff = (tag: string, on: boolean | undefined) =>
  on === undefined ? '' : on ? `<w:${tag}/><w:${tag}Cs/>` : `<w:${tag} w:val="false"/><w:${tag}Cs w:val="false"/>`;

/** A model run as the XML docx writes for `runs()`'s TextRun (size, bold, italics, yellow highlight when missing). */
function runXml(r: ModelRun, halfPt: number): string {
  return (
    `<w:r><w:rPr>${onOff('b', r.bold)}${onOff('i', r.italic)}<w:sz w:val="${halfPt}"/><w:szCs w:val="${halfPt}"/>` +
    `${r.missing ? '<w:highlight w:val="yellow"/>' : ''}</w:rPr><w:t xml:space="preserve">${escapeText(r.text)}</w:t></w:r>`
  );
}

/**
 * The body and the closing as WordprocessingML text: the XML the docx package wrote for the same paragraphs
 * (justified, first-line indent 1,27 cm, 6 pt before, widow control; headings kept with what follows, the closing
 * kept with the signature so that a signature page never carries the signature alone). A report has hundreds of
 * paragraphs and thousands of runs: compiled by the package they were most of the report's writing time. Spliced
 * into the document in place of a mark (see writeReportDocx); tests/unit/report-docx-xml.test.ts holds it to the
 * package's own output.
 */
export function bodyXml(doc: Pick<ReportDocument, 'body' | 'closing'>, options: PageOptions = {}): string {
  const lay = layoutOf(options);
  const paragraph = (block: BodyBlock, keep: boolean) =>
    `<w:p><w:pPr>${keep ? '<w:keepNext/><w:keepLines/>' : '<w:keepNext w:val="false"/><w:keepLines w:val="false"/>'}<w:widowControl/>` +
    `<w:spacing w:after="0" w:before="120" w:line="${lay.line}" w:lineRule="auto"/><w:ind w:firstLine="${cmToTwip(1.27)}"/><w:jc w:val="both"/></w:pPr>` +
    `${block.runs.map((r) => runXml(r, lay.bodyHalfPt)).join('')}</w:p>`;
  return [...doc.body.map((b) => paragraph(b, b.kind === 'heading')), ...doc.closing.map((b) => paragraph(b, true))].join('');
}

/** The paragraph that holds the place of XML text `name` until it is spliced in. */
const placeMark = (name: string) => new Paragraph({ children: [new TextRun(name)] });

/**
 * The package's parts with document.xml cut at the marked paragraphs and each mark's XML put in its place: pieces
 * encoded one after another by zipEntries, never joined into one (multi-megabyte) string.
 */
function spliced(parts: [string, string | Uint8Array][], inserts: [mark: string, xml: string][]): [string, ZipData][] {
  return parts.map(([path, data]): [string, ZipData] => {
    if (path !== 'word/document.xml' || inserts.length === 0) return [path, data];
    const xml = typeof data === 'string' ? data : strFromU8(data);
    const pieces: string[] = [];
    let from = 0;
    for (const [name, insert] of inserts) {
      const mark = `<w:p><w:r><w:t xml:space="preserve">${name}</w:t></w:r></w:p>`;
      const at = xml.indexOf(mark);
      if (at < from || xml.indexOf(mark, at + 1) >= 0) throw new Error(`Không tìm thấy đúng một chỗ đặt “${name}” trong document.xml.`);
      pieces.push(xml.slice(from, at), insert);
      from = at + mark.length;
    }
    pieces.push(xml.slice(from));
    return [path, pieces];
  });
}

/** Ô 9b and 7: Nơi nhận on the left, the signature block centred on the right. */
function signatureBlock(doc: ReportDocument, lay: Layout): Table {
  const left = Math.round(lay.width * 0.45);
  const right = lay.width - left;
  const s = doc.signature;
  const leftParas = [
    line(RECIPIENTS_LABEL, { size: 12, bold: true, italic: true, align: AlignmentType.LEFT }),
    ...s.recipients.map((r) => line(r, { size: 11, align: AlignmentType.LEFT })),
  ];
  const rightParas = [
    ...[s.authority, s.title].filter(Boolean).map((t) => line(t, { size: 14, bold: true })),
    ...Array.from({ length: 4 }, () => line('', { size: 14 })),
    line(s.fullName, { size: 14, bold: true }),
  ];
  return layoutTable([left, right], [leftParas, rightParas]);
}

/** The draft mark at the top right of every page: "DỰ THẢO" boxed, bold; the draft's number under it, italic. */
function draftMarkParagraph(label: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { before: 0, after: 0 },
    children: [
      new TextRun({ text: ` ${DRAFT_MARK} `, bold: true, size: 26, border: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 } }),
      ...(label ? [new TextRun({ text: label, italics: true, size: 24, break: 1 })] : []),
    ],
  });
}

function pageNumberHeaders(draftMark?: string) {
  const mark = draftMark === undefined ? [] : [draftMarkParagraph(draftMark)];
  return {
    default: new Header({
      children: [...mark, new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 28 })] })],
    }),
    first: new Header({ children: mark.length ? [draftMarkParagraph(draftMark!)] : [new Paragraph({ children: [] })] }),
  };
}

function sectionPage(lay: Layout, landscape: boolean) {
  return {
    size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
    margin: { ...lay.margin, header: mmToTwip(10), footer: mmToTwip(10) },
    pageNumbers: { start: 1 },
  };
}

/**
 * The package's parts in the order docx zips them: its own compiler (docx 9.15 keeps it on Packer, outside its
 * typed API), so the parts are deflated once, by Node's zlib, instead of by docx's JavaScript deflate and again
 * here; where a docx version has no such compiler, its zip is unpacked instead (same parts, slower). XML parts stay
 * text until zipEntries encodes them.
 */
async function partsOf(doc: Document): Promise<[string, string | Uint8Array][]> {
  type Data = string | Uint8Array | ArrayBuffer;
  const compiler = (Packer as unknown as { compiler?: { compile?: (file: Document) => Map<string, Data> } }).compiler;
  if (typeof compiler?.compile === 'function')
    return [...compiler.compile(doc)].map(([path, data]) => [path, typeof data === 'string' || data instanceof Uint8Array ? data : new Uint8Array(data)]);
  return Object.entries(unzipSync(await Packer.toBuffer(doc))).map(([path, bytes]) => [path, path.endsWith('.xml') ? strFromU8(bytes) : bytes]);
}

function documentOf(sections: ISectionOptions[], bodyHalfPt: number): Document {
  return new Document({
    creator: 'Tổng hợp báo cáo',
    title: 'Báo cáo',
    styles: {
      default: {
        document: { run: { font: FONT, size: bodyHalfPt, color: '000000' }, paragraph: { spacing: { after: 0 } } },
      },
    },
    sections,
  });
}

/**
 * A centred title on balanced lines when it does not fit on one: the break goes before "của", "về" or "giai
 * đoạn" when that keeps the lines within the width, else at the most even word break, so that no line ends with a
 * lone word ("2023") and no name is cut ("Ủy ban / nhân dân"). Three lines when two do not fit.
 */
export function balancedLines(text: string, width: number, sizePt = 14, bold = true): string[] {
  const w = (s: string) => toTwipFromPt(textWidthPt(s, sizePt, bold));
  if (w(text) <= width) return [text];
  const words = text.split(' ');
  const splits = words.slice(1).map((_, i) => [words.slice(0, i + 1).join(' '), words.slice(i + 1).join(' ')]);
  const fitting = splits.filter(([x, y]) => w(x) <= width && w(y) <= width);
  if (fitting.length === 0) {
    // Three lines, as even as possible; a line starting with "của"/"giai đoạn" wins a near tie.
    let best: { lines: string[]; score: number } | null = null;
    for (let i = 1; i < words.length - 1; i++)
      for (let j = i + 1; j < words.length; j++) {
        const lines = [words.slice(0, i).join(' '), words.slice(i, j).join(' '), words.slice(j).join(' ')];
        const widths = lines.map(w);
        if (Math.max(...widths) > width) continue;
        const linkedAt = lines.slice(1).filter((l) => /^(của|về|giai đoạn|CỦA|VỀ|GIAI ĐOẠN) /.test(l)).length;
        const score = Math.max(...widths) - Math.min(...widths) - linkedAt * width * 0.3;
        if (!best || score < best.score) best = { lines, score };
      }
    return best ? best.lines : [text];
  }
  const uneven = ([x, y]: string[]) => Math.abs(w(x) - w(y));
  const linked = fitting.filter(([, y]) => /^(của|về|giai đoạn|CỦA|VỀ|GIAI ĐOẠN) /.test(y) && w(y) >= width * 0.3);
  return (linked.length ? linked : fitting).sort((x, y) => uneven(x) - uneven(y))[0];
}

/** A centred paragraph of balanced lines. */
function balancedLine(text: string, width: number, o: { size: number; bold?: boolean; italic?: boolean; before?: number }): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: toTwipFromPt(o.before ?? 0), after: 0, line: 240, lineRule: LineRuleType.AUTO },
    children: balancedLines(text, width, o.size, Boolean(o.bold)).map(
      (t, i) => new TextRun({ text: t, size: o.size * 2, bold: o.bold, italics: o.italic, break: i > 0 ? 1 : undefined }),
    ),
  });
}

/** The report itself: header, title, body, closing, Nơi nhận and signature. */
export async function writeReportDocx(doc: ReportDocument, options: PageOptions = {}): Promise<Buffer> {
  const lay = layoutOf(options);
  const subjectText = doc.title.subject.map((r) => r.text).join('');
  const subjectLines = balancedLines(subjectText, lay.width - mmToTwip(10));
  // ND 30: the rule is 1/3 to 1/2 of the longest line of the trích yếu.
  const subjectWidth = Math.min(Math.max(...subjectLines.map((l) => toTwipFromPt(textWidthPt(l, 14, true)))), lay.width);
  const children: (Paragraph | Table)[] = [
    headerBlock(doc, lay),
    line(doc.title.kind, { size: 14, bold: true, before: 18 }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      children: doc.title.subject.some((r) => r.missing)
        ? runs(doc.title.subject.map((r) => ({ ...r, bold: true })), 28)
        : subjectLines.map((t, i) => new TextRun({ text: t, bold: true, size: 28, break: i > 0 ? 1 : undefined })),
    }),
    rule(Math.round(subjectWidth * 0.4), lay.width, 1),
    new Paragraph({ spacing: { before: 0, after: 0 }, children: [] }),
    placeMark(BODY_MARK),
    new Paragraph({ keepNext: true, spacing: { before: 120, after: 0 }, children: [] }),
    signatureBlock(doc, lay),
  ];
  const section: ISectionOptions = {
    properties: { page: sectionPage(lay, false), titlePage: true },
    headers: pageNumberHeaders(options.draftMark),
    children,
  };
  return zipEntries(spliced(await partsOf(documentOf([section], lay.bodyHalfPt)), [[BODY_MARK, bodyXml(doc, options)]]));
}

const BODY_MARK = 'TONGHOP-THAN-BAO-CAO';

/** Heading of an appendix (Mẫu 2.1): "Phụ lục I", the title, "(Kèm theo …)" and a short rule. */
function appendixHeading(a: AppendixModel, lay: Layout): Paragraph[] {
  return [
    line(a.label, { size: 14, bold: true }),
    balancedLine(a.title, lay.width - mmToTwip(10), { size: 14, bold: true, before: 3 }),
    balancedLine(a.reference, lay.width - mmToTwip(10), { size: 14, italic: true, before: 3 }),
    rule(cmToTwip(3), lay.width, 1),
    new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
  ];
}

/**
 * Column widths: columns of short codes (STT, số ký hiệu, dates, numbers) get what their longest cell needs at
 * 12 pt; the other columns share the rest by their relative widths.
 */
function columnWidths(a: AppendixModel, available: number, headPt: number): number[] {
  const longestWord = (label: string) => Math.max(...label.split(/\s+/).map((w) => textWidthPt(w, headPt, true)));
  const fixed = a.columns.map((c, i) => {
    if (!c.nowrap) return null;
    const cells = a.rows.map((r) => textWidthPt(r.cells[i]?.text ?? '', 12, Boolean(r.total)));
    // Headers wrap at word breaks only: the column is never narrower than the longest word of its label.
    return toTwipFromPt(Math.max(longestWord(c.label), ...cells) + 3) + 2 * CELL_PAD;
  });
  const fixedSum = fixed.reduce<number>((s, w) => s + (w ?? 0), 0);
  const flexTotal = a.columns.reduce((s, c, i) => s + (fixed[i] === null ? c.width : 0), 0);
  const rest = available - fixedSum;
  if (flexTotal === 0 || rest < available * 0.12) {
    const total = a.columns.reduce((s, c) => s + c.width, 0);
    return a.columns.map((c) => Math.floor((c.width / total) * available));
  }
  return a.columns.map((c, i) => fixed[i] ?? Math.floor((c.width / flexTotal) * rest));
}

/** Rows kept on the page of the totals row, so "Tổng cộng" never starts a page alone. */
const KEEP_WITH_TOTAL = 3;


const CELL_MARGINS =
  `<w:tcMar><w:top w:type="dxa" w:w="0"/><w:left w:type="dxa" w:w="${CELL_PAD}"/>` +
  `<w:bottom w:type="dxa" w:w="0"/><w:right w:type="dxa" w:w="${CELL_PAD}"/></w:tcMar>`;
const THIN_XML = '<w:{side} w:val="single" w:color="000000" w:sz="4"/>';
const TABLE_BORDERS = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => THIN_XML.replace('{side}', side)).join('')}</w:tblBorders>`;

/**
 * An appendix table as WordprocessingML text. Phụ lục II has a row per unit (400 in a province) and up to 18
 * columns: built as objects by the docx package it took most of the report's time, so it is written here as the
 * very XML the package wrote for the same table (pinned by tests/docs/report-golden.test.ts) and spliced into the
 * document (see writeAppendicesDocx).
 */
function appendixTableXml(a: AppendixModel, lay: Layout): string {
  const wide = a.columns.length > 10;
  const headSize = wide ? 20 : 24;
  const widths = columnWidths(a, lay.width, headSize / 2);
  const tcPr = widths.map((w) => `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${w}"/>${CELL_MARGINS}<w:vAlign w:val="center"/></w:tcPr>`);
  /** A cell's XML up to its text; the rows of a kind (header, body, kept with the totals, totals) share them. */
  const open = (i: number, align: 'left' | 'center' | 'right', bold: boolean, size: number, keepNext: boolean) =>
    `${tcPr[i]}<w:p><w:pPr>${keepNext ? '<w:keepNext/>' : '<w:keepNext w:val="false"/>'}` +
    `<w:spacing w:after="20" w:before="20" w:line="240" w:lineRule="auto"/><w:jc w:val="${align}"/></w:pPr>` +
    `<w:r><w:rPr>${bold ? '<w:b/><w:bCs/>' : '<w:b w:val="false"/><w:bCs w:val="false"/>'}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>` +
    '<w:t xml:space="preserve">';
  const CLOSE = '</w:t></w:r></w:p></w:tc>';
  const opens = new Map<string, string[]>();
  const rowOpens = (total: boolean, keep: boolean): string[] => {
    const key = `${total} ${keep}`;
    let o = opens.get(key);
    if (!o) opens.set(key, (o = a.columns.map((c, i) => open(i, total && i === 1 ? 'center' : c.align, total, 24, keep))));
    return o;
  };
  const out: string[] = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${widths.reduce((s, w) => s + w, 0)}"/>${TABLE_BORDERS}<w:tblLayout w:type="fixed"/></w:tblPr>`,
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
    '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
    ...a.columns.map((c, i) => open(i, 'center', true, headSize, true) + escapeText(c.label) + CLOSE),
    '</w:tr>',
  ];
  const hasTotal = a.rows.some((r) => r.total);
  a.rows.forEach((r, k) => {
    const keep = hasTotal && k >= a.rows.length - 1 - KEEP_WITH_TOTAL && k < a.rows.length - 1;
    const o = rowOpens(Boolean(r.total), keep);
    out.push('<w:tr><w:trPr><w:cantSplit/></w:trPr>');
    r.cells.forEach((c, i) => out.push(o[i] + escapeText(c.text) + CLOSE));
    out.push('</w:tr>');
  });
  out.push('</w:tbl>');
  return out.join('');
}

/** "Ghi chú: (1) Số kỳ tiếp công dân định kỳ (kỳ); (2) …" under a table with numbered short column labels. */
function legend(a: AppendixModel): Paragraph[] {
  if (!a.legend?.length) return [];
  return [
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      spacing: { before: 120, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      children: [new TextRun({ text: 'Ghi chú: ', size: 22, italics: true, bold: true }), new TextRun({ text: `${a.legend.join('; ')}.`, size: 22, italics: true })],
    }),
  ];
}

/** The mark of appendix table `i`'s place. */
const tableMark = (i: number) => `TONGHOP-BANG-PHU-LUC-${i}`;

/**
 * The appendices: each in its own section (landscape when wide), numbered from 1, page 1 unnumbered. The docx
 * package writes everything but the tables, each table's place held by a marked paragraph; the tables' XML
 * (appendixTableXml) then replaces the marks and the package is zipped again with Node's zlib.
 */
export async function writeAppendicesDocx(doc: ReportDocument, options: PageOptions = {}): Promise<Buffer> {
  const tables: string[] = [];
  const sections: ISectionOptions[] = doc.appendices.map((a, i) => {
    const lay = layoutOf(options, a.landscape);
    tables.push(appendixTableXml(a, lay));
    return {
      properties: { page: sectionPage(lay, a.landscape), titlePage: true },
      headers: pageNumberHeaders(options.draftMark),
      children: [...appendixHeading(a, lay), placeMark(tableMark(i)), ...legend(a), new Paragraph({ children: [] })],
    };
  });
  if (sections.length === 0) {
    const lay = layoutOf(options);
    sections.push({ properties: { page: sectionPage(lay, false) }, children: [line('Báo cáo không có phụ lục.', { size: 14 })] });
  }
  return zipEntries(spliced(await partsOf(documentOf(sections, layoutOf(options).bodyHalfPt)), tables.map((t, i) => [tableMark(i), t])));
}
