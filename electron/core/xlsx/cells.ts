/**
 * What a read workbook looks like (workbook, sheets, cells) and the helpers callers use on it: cell lookup,
 * merged-range values, and A1-style cell references, parsed without allocating on the worksheet scanner's hot path.
 */
export type CellValue = string | number | boolean;
export interface Cell {
  /** The value: shared/inline/rich strings joined as text, numbers as JS numbers, booleans; for a formula the cached value; null when the cell has no value (e.g. a formula with no cached result, or only a style). */
  v: CellValue | null;
  /** The cell holds a formula (its cached value, if any, is in v; formulas are never evaluated). */
  formula?: boolean;
  /** The number is formatted as a date/time by its style (built-in date numFmt ids 14–22, 45–47 or a custom format code containing d/m/y/h/s outside quotes and brackets). */
  date?: boolean;
  /** Error value like "#DIV/0!" (then v is null). */
  error?: string;
}
export interface Sheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** rows.get(row)?.get(col), both 1-based. Cells with neither a value, a formula nor an error are left out. */
  rows: Map<number, Map<number, Cell>>;
  /** Merged ranges, 1-based inclusive. */
  merges: { top: number; left: number; bottom: number; right: number }[];
  /** The last row and column holding a cell or covered by a merged range; 0 for an empty sheet. */
  maxRow: number;
  maxCol: number;
}
export interface Workbook {
  /** Worksheets in tab order (chart sheets and macro sheets are left out). */
  sheets: Sheet[];
  /** The file counts dates from 1904-01-01 (some Mac files); the reader has already shifted date cells to the 1900 system. */
  date1904?: boolean;
  /** When the spreadsheet program last saved the file (docProps/core.xml dcterms:modified), ISO; absent if unknown. */
  savedAt?: string;
}
/** Excel's own grid limits. */
export const MAX_ROW = 1_048_576;
export const MAX_COL = 16_384;

// ---------------------------------------------------------------------------------------------------------------
// Helpers for callers

export function getCell(sheet: Sheet, row: number, col: number): Cell | undefined {
  return sheet.rows.get(row)?.get(col);
}

/** Value of the cell, or of the top-left cell of the merged range that covers it. */
export function mergedValue(sheet: Sheet, row: number, col: number): CellValue | null {
  for (const m of sheet.merges) {
    if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right) {
      return getCell(sheet, m.top, m.left)?.v ?? null;
    }
  }
  return getCell(sheet, row, col)?.v ?? null;
}

/** 1 -> "A", 28 -> "AB". */
export function colName(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`Số cột không hợp lệ: ${col}.`);
  // Worked out once per column within Excel's grid: an import names tens of thousands of cells, in a few columns.
  const known = col <= MAX_COL ? columnNames[col] : undefined;
  if (known !== undefined) return known;
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  if (col <= MAX_COL) columnNames[col] = s;
  return s;
}
const columnNames: string[] = [];

/** (5, 3) -> "C5". */
export function cellRef(row: number, col: number): string {
  if (!Number.isInteger(row) || row < 1) throw new RangeError(`Số hàng không hợp lệ: ${row}.`);
  return colName(col) + row;
}

/** "AB12" (also "$AB$12", "ab12") -> { row: 12, col: 28 }. */
export function parseRef(ref: string): { row: number; col: number } {
  const p = refToRowCol(ref);
  if (!p) throw new RangeError(`Địa chỉ ô “${ref}” không hợp lệ.`);
  return p;
}

/** Parses a cell reference; null when it is not one. */
export function refToRowCol(ref: string): { row: number; col: number } | null {
  const rc = refAt(ref, 0, ref.length);
  return rc < 0 ? null : { row: rowOf(rc), col: colOf(rc) };
}

/** Packs a row and column in one number (no object on the worksheet scanner's hot path). */
const COL_SPAN = 32_768; // > MAX_COL
export const rowOf = (rc: number): number => Math.floor(rc / COL_SPAN);
export const colOf = (rc: number): number => rc % COL_SPAN;
/** A row and column packed as refAt packs them. */
export const packCell = (row: number, col: number): number => row * COL_SPAN + col;

/** The cell reference in s from start to end ("AB12", "$AB$12", "ab12"), packed (see rowOf, colOf); -1 if none. */
export function refAt(s: string, start: number, end: number): number {
  let i = start;
  if (s.charCodeAt(i) === 36 && i < end) i++;
  let col = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i) | 32; // lower-case letters
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  if (s.charCodeAt(i) === 36 && i < end) i++;
  let row = 0;
  const digits = i;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    row = row * 10 + (c - 48);
  }
  if (col < 1 || col > MAX_COL || i === digits || row < 1 || row > MAX_ROW) return -1;
  return packCell(row, col);
}
