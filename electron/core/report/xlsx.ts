/**
 * The appendices as a workbook: one sheet per appendix, bold header, frozen panes, bold totals row, A4 landscape
 * fitted to the page width. Numbers are stored as numbers ("#,##0" shows with the viewer's locale); text that a
 * spreadsheet would read as a formula (= + - @) is stored as plain text.
 */
import ExcelJS from 'exceljs';
import type { AppendixModel, ReportDocument } from '../../../shared/report/model';

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

function addSheet(wb: ExcelJS.Workbook, a: AppendixModel): void {
  const ws = wb.addWorksheet(sheetName(a), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
  });
  const n = a.columns.length;
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
    row.height = i === 1 ? 36 : 20;
  });
  const headerRowNo = heading.length + 2;
  const headerRow = ws.getRow(headerRowNo);
  a.columns.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.label;
    cell.font = { name: FONT, bold: true, size: 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BOX;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  headerRow.height = a.columns.some((c) => c.label.length > 40) ? 120 : 45;

  const formats = a.columns.map((c, i) => (c.numeric ? numberFormat(a.rows.map((r) => r.cells[i].value)) : null));
  a.rows.forEach((r, k) => {
    const row = ws.getRow(headerRowNo + 1 + k);
    r.cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const col = a.columns[i];
      if (col.numeric && c.value !== null) {
        cell.value = c.value;
        cell.numFmt = formats[i] ?? '#,##0';
      } else {
        // Always a string value: ExcelJS writes strings as shared strings, never as formulas, even "=…".
        cell.value = c.text;
        if (/^[=+\-@]/.test(c.text)) cell.numFmt = '@';
      }
      cell.font = { name: FONT, size: 12, bold: Boolean(r.total) };
      cell.alignment = { horizontal: r.total && i === 1 ? 'center' : col.align, vertical: 'middle', wrapText: true };
      cell.border = BOX;
    });
  });
  a.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.numeric ? 12 : Math.min(60, Math.max(6, c.width * 9));
  });
  ws.views = [{ state: 'frozen', xSplit: a.columns.findIndex((c) => c.numeric) > 0 ? a.columns.findIndex((c) => c.numeric) : 0, ySplit: headerRowNo }];
  ws.pageSetup.printTitlesRow = `${headerRowNo}:${headerRowNo}`;
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
