/**
 * The appendices as a workbook: one sheet per appendix, bold header, frozen panes, bold totals row, A4 landscape.
 * Numbers are stored as numbers ("#,##0" shows with the viewer's locale), STT too; totals are SUM formulas with
 * their values cached, so the sheet reads right before Excel recalculates; empty cells are real blanks; text that
 * a spreadsheet would read as a formula (= + - @) is stored as plain text. Rows are as tall as their wrapped text.
 * The sheet is fitted to one page wide only when the print stays at 8 pt or more; otherwise it prints two pages
 * wide with the STT and unit columns repeated. Every page carries "Trang n/N" in its footer.
 */
import ExcelJS from 'exceljs';
import type { AppendixModel, ReportDocument } from '../../../shared/report/model';
import { textWidthPt } from './metrics';

const FONT = 'Times New Roman';
const THIN = { style: 'thin' as const };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function numberFormat(values: (number | null)[]): string {
  const decimals = Math.max(0, ...values.map((v) => (v === null || Number.isInteger(v) ? 0 : String(v).split('.')[1]?.length ?? 0)));
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(Math.min(decimals, 6))}`;
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ . */
function sheetName(a: AppendixModel): string {
  return a.label.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

const FONT_PT = 12;
/** Printable width of landscape A4 with the margins below (0,6 + 0,4 inch), in points. */
const PRINT_WIDTH_PT = 842 - (0.6 + 0.4) * 72;
const PRINT_WIDTH_PORTRAIT_PT = 595 - (0.6 + 0.4) * 72;
/** The smallest type a printed appendix may shrink to. */
const MIN_PRINT_PT = 8;

/** Width in points of an Excel column of `w` characters (Excel: 7 px per character plus 5 px padding). */
const columnPt = (w: number) => (Math.trunc(w * 7 + 5) * 3) / 4;

/** Lines a text takes in a column, breaking at spaces. */
function linesIn(text: string, widthPt: number, bold: boolean): number {
  const usable = Math.max(10, widthPt - 6);
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    const w = textWidthPt(word, FONT_PT, bold);
    const space = used === 0 ? 0 : textWidthPt(' ', FONT_PT, bold);
    if (used > 0 && used + space + w > usable) {
      lines += 1;
      used = w;
    } else used += space + w;
  }
  return lines;
}

const rowHeight = (lines: number) => Math.max(20, Math.ceil(lines * 15 + 5));

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function addSheet(wb: ExcelJS.Workbook, a: AppendixModel): void {
  const widths = a.columns.map((c) => (c.numeric ? Math.max(10, Math.min(16, Math.max(...c.label.split(/\s+/).map((w) => w.length)) + 3)) : Math.min(60, Math.max(6, c.width * 9))));
  const totalPt = widths.reduce((s, w) => s + columnPt(w), 0);
  const landscape = a.landscape || totalPt > PRINT_WIDTH_PORTRAIT_PT;
  const printable = landscape ? PRINT_WIDTH_PT : PRINT_WIDTH_PORTRAIT_PT;
  const scale = Math.min(1, printable / totalPt);
  const oneWide = scale * FONT_PT >= MIN_PRINT_PT;
  const ws = wb.addWorksheet(sheetName(a), {
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: oneWide ? 1 : 2,
      fitToHeight: 0,
      horizontalCentered: true,
    },
  });
  ws.headerFooter.oddFooter = '&C&"Times New Roman"&11Trang &P/&N';
  const n = a.columns.length;
  const fullWidthPt = widths.reduce((s, w) => s + columnPt(w), 0);
  const heading: [string, Partial<ExcelJS.Font>][] = [
    [a.label, { bold: true, size: 14 }],
    [a.title, { bold: true, size: 14 }],
    [a.reference, { italic: true, size: 13 }],
  ];
  heading.forEach(([text, font], i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = { name: FONT, ...font };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.mergeCells(i + 1, 1, i + 1, n);
    row.height = Math.ceil(linesIn(text, fullWidthPt * (FONT_PT / (font.size ?? FONT_PT)), Boolean(font.bold)) * ((font.size ?? FONT_PT) + 4) + 4);
  });
  const headerRowNo = heading.length + 2;
  const headerRow = ws.getRow(headerRowNo);
  a.columns.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.label;
    cell.font = { name: FONT, bold: true, size: FONT_PT };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BOX;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  headerRow.height = rowHeight(Math.max(...a.columns.map((c, i) => linesIn(c.label, columnPt(widths[i]), true))));

  const formats = a.columns.map((c, i) => (c.numeric ? numberFormat(a.rows.map((r) => r.cells[i].value)) : null));
  const firstData = headerRowNo + 1;
  const lastData = headerRowNo + a.rows.filter((r) => !r.total).length;
  a.rows.forEach((r, k) => {
    const row = ws.getRow(headerRowNo + 1 + k);
    r.cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const col = a.columns[i];
      if (col.numeric && c.value !== null) {
        cell.value = r.total && lastData >= firstData ? { formula: `SUM(${colLetter(i + 1)}${firstData}:${colLetter(i + 1)}${lastData})`, result: c.value } : c.value;
        cell.numFmt = formats[i] ?? '#,##0';
      } else if (i === 0 && /^\d+$/.test(c.text)) {
        cell.value = Number(c.text);
      } else if (c.text !== '') {
        // A string value: ExcelJS writes strings as shared strings, never as formulas, even "=…".
        cell.value = c.text;
        if (/^[=+\-@]/.test(c.text)) cell.numFmt = '@';
      }
      cell.font = { name: FONT, size: FONT_PT, bold: Boolean(r.total) };
      cell.alignment = { horizontal: r.total && i === 1 ? 'center' : col.align, vertical: 'middle', wrapText: true };
      cell.border = BOX;
    });
    row.height = rowHeight(Math.max(...r.cells.map((c, i) => (a.columns[i].numeric ? 1 : linesIn(c.text, columnPt(widths[i]), Boolean(r.total))))));
  });
  let next = headerRowNo + a.rows.length + 2;
  for (const text of a.legend?.length ? ['Ghi chú:', ...a.legend] : []) {
    const row = ws.getRow(next++);
    row.getCell(1).value = text;
    row.getCell(1).font = { name: FONT, size: 11, italic: true, bold: text === 'Ghi chú:' };
    ws.mergeCells(row.number, 1, row.number, n);
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const firstNumeric = a.columns.findIndex((c) => c.numeric);
  ws.views = [{ state: 'frozen', xSplit: firstNumeric > 0 ? firstNumeric : 0, ySplit: headerRowNo }];
  ws.pageSetup.printTitlesRow = `${headerRowNo}:${headerRowNo}`;
  if (!oneWide && firstNumeric > 0) ws.pageSetup.printTitlesColumn = `A:${colLetter(firstNumeric)}`;
  ws.pageSetup.margins = { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
}

export async function writeAppendicesXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tổng hợp báo cáo';
  for (const a of doc.appendices) addSheet(wb, a);
  if (doc.appendices.length === 0) wb.addWorksheet('Phụ lục').getCell('A1').value = 'Báo cáo không có phụ lục.';
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
