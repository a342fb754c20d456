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
import type { AppendixModel, BodyBlock, ReportDocument, TextRun as ModelRun } from '../../../shared/report/model';
import { cmToTwip, mmToTwip, textWidthPt } from './metrics';

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
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

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

function layoutTable(widths: number[], cells: Paragraph[][]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: cells.map(
          (children, i) =>
            new TableCell({
              width: { size: widths[i], type: WidthType.DXA },
              borders: CELL_NO_BORDERS,
              margins: { left: CELL_PAD, right: CELL_PAD, top: 0, bottom: 0 },
              verticalAlign: VerticalAlign.TOP,
              children,
            }),
        ),
      }),
    ],
  });
}

const toTwipFromPt = (pt: number) => Math.round(pt * 20);

/** Ô 1–4: agency block on the left, Quốc hiệu and Tiêu ngữ on the right, the number and the date line under them. */
function headerBlock(doc: ReportDocument, lay: Layout): Table {
  const left = Math.min(cmToTwip(6.5), Math.round(lay.width * 0.4));
  const right = lay.width - left;
  const leftInner = left - 2 * CELL_PAD;
  const rightInner = right - 2 * CELL_PAD;
  const h = doc.header;

  const leftParas: Paragraph[] = [];
  if (h.superiorBody) leftParas.push(line(h.superiorBody, { size: 13 }));
  h.issuerLines.forEach((l) => leftParas.push(line(l, { size: 13, bold: true })));
  const widest = Math.max(0, ...h.issuerLines.map((l) => textWidthPt(l, 13, true)));
  // ND 30: 1/3 to 1/2 of the text line, centred. 40 % of the widest line, within the cell.
  leftParas.push(rule(Math.min(toTwipFromPt(widest * 0.4), leftInner), leftInner, 1));
  leftParas.push(line(h.documentNumber, { size: 13, before: 6 }));

  const rightParas: Paragraph[] = [
    line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true }),
    line('Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true }),
    // As long as the Tiêu ngữ itself.
    rule(Math.min(toTwipFromPt(textWidthPt('Độc lập - Tự do - Hạnh phúc', 13, true)), rightInner), rightInner, 1),
  ];
  const leftLines = (h.superiorBody ? 1 : 0) + h.issuerLines.length;
  for (let i = 2; i < leftLines; i++) rightParas.splice(2, 0, line('', { size: 13 }));
  rightParas.push(line(h.placeDate, { size: 14, italic: true, before: 6 }));
  return layoutTable([left, right], [leftParas, rightParas]);
}

function bodyParagraph(block: BodyBlock, lay: Layout, keepWithNext = false): Paragraph {
  const common = {
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: cmToTwip(1.27) },
    spacing: { before: 120, after: 0, line: lay.line, lineRule: LineRuleType.AUTO },
  };
  if (block.kind === 'heading') return new Paragraph({ ...common, keepNext: true, keepLines: true, children: runs(block.runs, lay.bodyHalfPt) });
  // The closing stays with the signature: a signature page must never carry the signature alone.
  return new Paragraph({ ...common, keepNext: keepWithNext, keepLines: keepWithNext, children: runs(block.runs, lay.bodyHalfPt) });
}

/** Ô 9b and 7: Nơi nhận on the left, the signature block centred on the right. */
function signatureBlock(doc: ReportDocument, lay: Layout): Table {
  const left = Math.round(lay.width * 0.45);
  const right = lay.width - left;
  const s = doc.signature;
  const leftParas = [
    line('Nơi nhận:', { size: 12, bold: true, italic: true, align: AlignmentType.LEFT }),
    ...s.recipients.map((r) => line(r, { size: 11, align: AlignmentType.LEFT })),
  ];
  const rightParas = [
    ...[s.authority, s.title].filter(Boolean).map((t) => line(t, { size: 14, bold: true })),
    ...Array.from({ length: 4 }, () => line('', { size: 14 })),
    line(s.fullName, { size: 14, bold: true }),
  ];
  return layoutTable([left, right], [leftParas, rightParas]);
}

function pageNumberHeaders() {
  return {
    default: new Header({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 28 })] })],
    }),
    first: new Header({ children: [new Paragraph({ children: [] })] }),
  };
}

function sectionPage(lay: Layout, landscape: boolean) {
  return {
    size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
    margin: { ...lay.margin, header: mmToTwip(10), footer: mmToTwip(10) },
    pageNumbers: { start: 1 },
  };
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

/** The report itself: header, title, body, closing, Nơi nhận and signature. */
export async function writeReportDocx(doc: ReportDocument, options: PageOptions = {}): Promise<Buffer> {
  const lay = layoutOf(options);
  const subjectText = doc.title.subject.map((r) => r.text).join('');
  const subjectWidth = Math.min(toTwipFromPt(textWidthPt(subjectText, 14, true)), lay.width);
  const children: (Paragraph | Table)[] = [
    headerBlock(doc, lay),
    line(doc.title.kind, { size: 14, bold: true, before: 18 }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      children: runs(doc.title.subject.map((r) => ({ ...r, bold: true })), 28),
    }),
    rule(Math.max(cmToTwip(2.5), Math.round(subjectWidth * 0.35)), lay.width, 1),
    new Paragraph({ spacing: { before: 0, after: 0 }, children: [] }),
    ...doc.body.map((b) => bodyParagraph(b, lay)),
    ...doc.closing.map((b) => bodyParagraph(b, lay, true)),
    new Paragraph({ keepNext: true, spacing: { before: 120, after: 0 }, children: [] }),
    signatureBlock(doc, lay),
  ];
  const section: ISectionOptions = {
    properties: { page: sectionPage(lay, false), titlePage: true },
    headers: pageNumberHeaders(),
    children,
  };
  return Packer.toBuffer(documentOf([section], lay.bodyHalfPt));
}

/** Heading of an appendix (Mẫu 2.1): "Phụ lục I", the title, "(Kèm theo …)" and a short rule. */
function appendixHeading(a: AppendixModel, lay: Layout): Paragraph[] {
  return [
    line(a.label, { size: 14, bold: true }),
    line(a.title, { size: 14, bold: true, before: 3 }),
    line(a.reference, { size: 14, italic: true, before: 3 }),
    rule(cmToTwip(3), lay.width, 1),
    new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
  ];
}

/**
 * Column widths: columns of short codes (STT, số ký hiệu, dates, numbers) get what their longest cell needs at
 * 12 pt; the other columns share the rest by their relative widths.
 */
function columnWidths(a: AppendixModel, available: number, headPt: number): number[] {
  const fixed = a.columns.map((c, i) => {
    if (!c.nowrap) return null;
    const cells = a.rows.map((r) => textWidthPt(r.cells[i]?.text ?? '', 12, Boolean(r.total)));
    // Numeric headers are long labels: they wrap at word breaks, the numbers decide the width.
    const head = c.numeric ? 24 : Math.max(...c.label.split(/\s+/).map((w) => textWidthPt(w, headPt, true)));
    return toTwipFromPt(Math.max(head, ...cells) + 3) + 2 * CELL_PAD;
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

function appendixTable(a: AppendixModel, lay: Layout): Table {
  const wide = a.columns.length > 10;
  const headSize = wide ? 20 : 24;
  const widths = columnWidths(a, lay.width, headSize / 2);
  const cellPara = (text: string, align: 'left' | 'center' | 'right', bold: boolean, size: number) =>
    new Paragraph({
      alignment: align === 'right' ? AlignmentType.RIGHT : align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: { before: 20, after: 20, line: 240, lineRule: LineRuleType.AUTO },
      children: [new TextRun({ text, bold, size })],
    });
  const cell = (p: Paragraph, i: number) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      margins: { left: CELL_PAD, right: CELL_PAD, top: 0, bottom: 0 },
      verticalAlign: VerticalAlign.CENTER,
      children: [p],
    });
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: a.columns.map((c, i) => cell(cellPara(c.label, 'center', true, headSize), i)),
  });
  const rows = a.rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: r.cells.map((c, i) => cell(cellPara(c.text, r.total && i === 1 ? 'center' : a.columns[i].align, Boolean(r.total), 24), i)),
      }),
  );
  return new Table({
    width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
    rows: [header, ...rows],
  });
}

/** The appendices: each in its own section (landscape when wide), numbered from 1, page 1 unnumbered. */
export async function writeAppendicesDocx(doc: ReportDocument, options: PageOptions = {}): Promise<Buffer> {
  const sections: ISectionOptions[] = doc.appendices.map((a) => {
    const lay = layoutOf(options, a.landscape);
    return {
      properties: { page: sectionPage(lay, a.landscape), titlePage: true },
      headers: pageNumberHeaders(),
      children: [...appendixHeading(a, lay), appendixTable(a, lay), new Paragraph({ children: [] })],
    };
  });
  if (sections.length === 0) {
    const lay = layoutOf(options);
    sections.push({ properties: { page: sectionPage(lay, false) }, children: [line('Báo cáo không có phụ lục.', { size: 14 })] });
  }
  return Packer.toBuffer(documentOf(sections, layoutOf(options).bodyHalfPt));
}
