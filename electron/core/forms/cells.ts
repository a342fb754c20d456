/** The look of a unit's form: fonts, fills, borders, protection, page setup, and the cell helpers the sheet writers share. */
import type * as ExcelJS from 'exceljs';
import { INDICATOR_KINDS } from '../../../shared/domain/indicator-kinds';
import type { Indicator } from '../../../shared/domain/template';

export const FONT = 'Times New Roman';
export const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
export const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
export const INPUT_FILL = fill('FFFFF2CC');
export const LOCKED_FILL = fill('FFD9D9D9');
export const HEADER_FILL = fill('FFF2F2F2');
export const CODE_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 8, color: { argb: 'FF7F7F7F' } };
export const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  insertRows: true,
};
export const PAGE: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};
/** Excel refuses an inline drop-down list longer than this (the joined options, commas included). */
export const INLINE_LIST_MAX = 255;
export const NOTHING_TO_REPORT = 'Không có số liệu thì để trống hoặc gõ dấu “-”.';

export const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT, size: 12, ...extra });

/** The small grey key in column A (indicator code, section id) by which the importer finds a row. */
export function codeCell(cell: ExcelJS.Cell, key: string, vertical: 'top' | 'middle'): void {
  cell.value = key;
  cell.font = CODE_FONT;
  cell.border = BOX;
  cell.alignment = { vertical, shrinkToFit: true };
}

/** "2024-04-29" → "29/04/2024". */
export function dmy(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Rough height (points) for wrapped text in a column `width` characters wide. */
export function wrappedHeight(text: string, width: number, lineHeight = 16): number {
  const lines = text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / Math.max(4, width - 1))), 0);
  return Math.max(1, lines) * lineHeight + 4;
}

export function numberFormat(ind: Indicator): string {
  return INDICATOR_KINDS[ind.kind].excelFormat(ind);
}

/**
 * Validation of a figure cell. Numbers use a custom rule rather than "whole number" so that the "-" the
 * instructions allow for "nothing to report" is accepted; the formula refers to the cell itself.
 */
export function figureValidation(ind: Indicator, address: string): ExcelJS.DataValidation | null {
  const base = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, errorTitle: 'Số liệu không hợp lệ' };
  const a = address;
  if (ind.kind === 'count')
    return {
      ...base,
      type: 'custom',
      formulae: [`OR(${a}="-",AND(ISNUMBER(${a}),${a}>=0,${a}=INT(${a})))`],
      error: `Ô này nhập số nguyên không âm (ví dụ 12), không kèm đơn vị tính. ${NOTHING_TO_REPORT}`,
    };
  if (ind.kind === 'decimal')
    return {
      ...base,
      type: 'custom',
      formulae: [`OR(${a}="-",AND(ISNUMBER(${a}),${a}>=0))`],
      error: `Ô này nhập số không âm (ví dụ 12,5), không kèm đơn vị tính. ${NOTHING_TO_REPORT}`,
    };
  if (ind.kind === 'date')
    return {
      ...base,
      type: 'date',
      operator: 'greaterThan',
      formulae: [new Date(Date.UTC(1900, 0, 1))],
      error: 'Ô này nhập ngày dạng dd/mm/yyyy, ví dụ 05/01/2024.',
    };
  return null;
}

export function inputCell(cell: ExcelJS.Cell, numFmt: string, validation: ExcelJS.DataValidation | null, fillWith: ExcelJS.Fill | null) {
  cell.protection = { locked: false };
  cell.numFmt = numFmt;
  cell.border = BOX;
  cell.font = font();
  cell.alignment = { vertical: 'middle', horizontal: numFmt === '@' ? 'left' : 'right', wrapText: numFmt === '@' };
  if (fillWith) cell.fill = fillWith;
  if (validation) cell.dataValidation = validation;
}

export function lockedCell(cell: ExcelJS.Cell, grey = true) {
  cell.border = BOX;
  cell.font = font();
  if (grey) cell.fill = LOCKED_FILL;
}

export function headerCell(cell: ExcelJS.Cell, text: string) {
  cell.value = text;
  cell.font = font({ bold: true });
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.border = BOX;
  cell.fill = HEADER_FILL;
}

/** A merged line of text across `cols` columns. */
export function banner(ws: ExcelJS.Worksheet, row: number, cols: number, text: string, f: Partial<ExcelJS.Font>, height?: number) {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = font(f);
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  if (cols > 1) ws.mergeCells(row, 1, row, cols);
  if (height) ws.getRow(row).height = height;
}

