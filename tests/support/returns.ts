/**
 * Unit returns made the way units make them: our blank form opened in a spreadsheet program and filled in
 * (numbers as numbers or as Vietnamese text, "-" for nothing, rows inserted), or a sheet in the unit's own layout.
 */
import ExcelJS from 'exceljs';
import { DATA_HEADERS, formIndicators, SHEETS } from '../../electron/core/forms/layout';
import { periodYears, WHOLE_PERIOD, type Period } from '../../shared/domain/records';
import type { Template, UnitKind } from '../../shared/domain/template';

export type CellInput = number | string | null | { formula: string; result?: number };

/** Value to write for (code, year); undefined leaves the cell as the form has it. */
export type Filler = (code: string, year: number) => CellInput | undefined;

export async function loadBook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

export async function saveBook(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Row numbers of each indicator code in the data sheet, and the column of each year (0 = whole period). */
export function dataLayout(ws: ExcelJS.Worksheet, period: Period): { header: number; rows: Map<string, number>; cols: Map<number, number> } {
  let header = 0;
  ws.eachRow((row, n) => {
    if (!header && row.values && (row.values as unknown[]).some((v) => v === DATA_HEADERS.label)) header = n;
  });
  const cols = new Map<number, number>();
  ws.getRow(header).eachCell((cell, col) => {
    const t = String(cell.value ?? '');
    for (const y of periodYears(period)) if (t === `Năm ${y}`) cols.set(y, col);
    if (t.startsWith('Cả giai đoạn')) cols.set(WHOLE_PERIOD, col);
  });
  const rows = new Map<string, number>();
  ws.eachRow((row, n) => {
    const code = row.getCell(1).value;
    if (n > header && typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) rows.set(code, n);
  });
  return { header, rows, cols };
}

function put(cell: ExcelJS.Cell, v: CellInput): void {
  if (v === null) cell.value = null;
  else if (typeof v === 'object') cell.value = { formula: v.formula, result: v.result } as ExcelJS.CellFormulaValue;
  else cell.value = v;
}

/** Fills a generated form's data sheet; returns the A1 reference used for each (code, year). */
export async function fillForm(bytes: Uint8Array, period: Period, fill: Filler, edit?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = await loadBook(bytes);
  const ws = wb.getWorksheet(SHEETS.data)!;
  const { rows, cols } = dataLayout(ws, period);
  for (const [code, r] of rows)
    for (const [y, c] of cols) {
      const v = fill(code, y);
      if (v !== undefined) put(ws.getCell(r, c), v);
    }
  edit?.(wb);
  return saveBook(wb);
}

/** Where (sheet!cell) the form holds a value, for assertions on messages. */
export async function cellOf(bytes: Uint8Array, period: Period, code: string, year: number): Promise<string> {
  const wb = await loadBook(bytes);
  const ws = wb.getWorksheet(SHEETS.data)!;
  const { rows, cols } = dataLayout(ws, period);
  return ws.getCell(rows.get(code)!, cols.get(year)!).address;
}

/**
 * A unit's own spreadsheet: a title, a header row "TT | Nội dung | Năm 2021 | … | Ghi chú" and one row per
 * indicator it reports, labels written without diacritics or in capitals when `messy`, no meta sheet.
 */
export async function ownLayout(
  template: Template,
  period: Period,
  kind: UnitKind,
  unitName: string,
  value: (code: string, year: number) => number | string | null,
  opts: { messy?: boolean; only?: number } = {},
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bao cao');
  ws.getCell('A1').value = unitName.toUpperCase();
  ws.mergeCells('A1:D1');
  ws.getCell('A2').value = 'BÁO CÁO SỐ LIỆU THỰC HIỆN CHỈ THỊ 08';
  const years = periodYears(period);
  ws.getRow(4).values = ['TT', 'Nội dung', ...years.map((y) => `Năm ${y}`), 'Ghi chú'];
  const inds = formIndicators(template, kind).filter((i) => i.byYear && i.kind === 'count');
  const picked = opts.only ? inds.slice(0, opts.only) : inds;
  picked.forEach((ind, k) => {
    const label = opts.messy ? (k % 2 ? ind.label.toUpperCase() : ind.label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd')) : ind.label;
    ws.getRow(5 + k).values = [k + 1, label, ...years.map((y) => value(ind.code, y))];
  });
  return saveBook(wb);
}
