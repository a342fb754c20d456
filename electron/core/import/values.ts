/**
 * Turns one Excel cell of a unit's return into a stored value for an indicator or a list column, the way a
 * careful clerk would read it: Vietnamese text numbers, "-"/"x" for nothing, formulas by their cached value,
 * and the en-US trap (a count holding 1,27 because "1.270" was typed on a machine set to English) refused.
 */
import { decimalPlaces, fromNumber, isInteger, isNegative, mulInt, roundHalfUp } from '../../../shared/domain/decimal';
import { valueProblem } from '../../../shared/domain/indicator-kinds';
import type { Indicator, ListColumn } from '../../../shared/domain/template';
import { excelSerialToIso, parseVietnameseDate } from '../../../shared/format/date';
import { formatNumber } from '../../../shared/format/number';
import { parseVietnameseNumber } from '../../../shared/format/parse-number';
import type { Cell } from '../xlsx/read';

export type CellRead = { value: string | null; warnings: string[] } | { error: string };

const EMPTY = { value: null, warnings: [] };
/** Plain digits, exact as a double (at most 15). */
const DIGITS = /^\d{1,15}$/;
/** Thousands grouped by dots the Vietnamese way ("1.270", "16.015.340"), at most 15 digits. */
const GROUPED = /^[1-9]\d{0,2}(?:\.\d{3}){1,4}$/;

/** A whole number ≥ 0 as a numeric cell, plain digits or grouped thousands hold it (exact as a double); else null. */
function wholeNumberOf(v: string | number): number | null {
  if (typeof v === 'number') return v >= 0 && Number.isSafeInteger(v) ? v : null;
  return DIGITS.test(v) ? Number(v) : GROUPED.test(v) ? Number(v.replaceAll('.', '')) : null;
}

function show(v: unknown): string {
  return typeof v === 'number' ? formatNumber(fromNumber(v) ?? String(v)) : String(v);
}

/** The raw content of a cell before typing: null for an empty cell, or the problem with it. */
function raw(cell: Cell | undefined): { v: string | number | boolean | null } | { error: string } {
  if (!cell) return { v: null };
  if (cell.error) return { error: `ô có lỗi công thức ${cell.error}; hãy sửa công thức hoặc gõ số` };
  if (cell.formula && cell.v === null)
    return { error: 'ô có công thức nhưng chưa có kết quả tính sẵn; hãy mở tệp bằng Excel, để Excel tính rồi lưu lại' };
  return { v: typeof cell.v === 'string' && cell.v.trim() === '' ? null : cell.v };
}

function readNumber(v: string | number, integer: boolean): { value: string; warnings: string[] } | { empty: true } | { error: string } {
  const r = parseVietnameseNumber(v, { integer });
  if (r.kind === 'empty') return { empty: true };
  if (r.kind === 'invalid') return { error: r.message };
  if (r.percent) return { error: `“${show(v)}” là tỷ lệ phần trăm; ô này cần số, không kèm dấu %` };
  return { value: r.value, warnings: r.warnings };
}

/** Reads a cell for an indicator. Ratios are never read: they are computed. */
export function readIndicatorCell(ind: Indicator, cell: Cell | undefined): CellRead {
  // Most figures are whole numbers ≥ 0 (numeric cells, plain digits, "1.270") or the "-" of nothing to report, in
  // cells without an error: what the general path below reads them as, directly.
  if (cell && !cell.error && (ind.kind === 'count' || ind.kind === 'decimal') && (typeof cell.v === 'number' || typeof cell.v === 'string')) {
    const whole = wholeNumberOf(cell.v);
    if (whole !== null) return { value: String(whole), warnings: [] };
    if (cell.v === '-') return EMPTY;
  }
  const r = raw(cell);
  if ('error' in r) return r;
  const v = r.v;
  if (v === null) return EMPTY;
  if (typeof v === 'boolean') return { error: `ô chứa giá trị đúng/sai (${v ? 'TRUE' : 'FALSE'}), không phải ${ind.kind === 'date' ? 'ngày' : 'số'}` };
  switch (ind.kind) {
    case 'count': {
      const n = readNumber(v, true);
      if ('empty' in n) return EMPTY;
      if ('error' in n) return n;
      if (!isNegative(n.value) && !isInteger(n.value)) {
        const thousandfold = mulInt(n.value, 1000);
        if (typeof v === 'number' && isInteger(thousandfold))
          return {
            error: `chỉ tiêu là số đếm nhưng ô chứa ${formatNumber(n.value)}. Nếu đơn vị gõ “${formatNumber(thousandfold)}” trên máy cài kiểu số tiếng Anh thì Excel đã hiểu thành ${formatNumber(n.value)}; hãy gõ lại ${thousandfold} (không dấu chấm)`,
          };
      }
      const p = valueProblem(ind, n.value);
      return p?.severity === 'error' ? { error: p.message } : n;
    }
    case 'decimal': {
      const n = readNumber(v, false);
      if ('empty' in n) return EMPTY;
      if ('error' in n) return n;
      const p = valueProblem(ind, n.value);
      if (p?.severity === 'error') return { error: p.message };
      const places = ind.decimals;
      if (places !== undefined && decimalPlaces(n.value) > places) {
        const rounded = roundHalfUp(n.value, places);
        // Binary floating point makes 16015.34 arrive as 16015.340000000002; rounding that away is not a change.
        if (typeof v !== 'number')
          n.warnings.push(`Đã làm tròn ${formatNumber(n.value)} thành ${formatNumber(rounded)} (${places} chữ số thập phân)`);
        return { value: rounded, warnings: n.warnings };
      }
      return n;
    }
    case 'date': {
      const iso = typeof v === 'number' ? excelSerialToIso(v) : parseVietnameseDate(v);
      return iso ? { value: iso, warnings: [] } : { error: `“${show(v)}” không phải ngày hợp lệ (cần dạng ngày/tháng/năm, ví dụ 25/5/2021)` };
    }
    default: {
      const text = typeof v === 'number' ? (fromNumber(v) ?? String(v)) : v.normalize('NFC').trim();
      const p = valueProblem(ind, text);
      return p?.severity === 'error' ? { error: p.message } : { value: text, warnings: [] };
    }
  }
}

/** Reads a list cell: dates to ISO, numbers canonical, text trimmed. Choices are checked by the caller. */
export function readListCell(col: ListColumn, cell: Cell | undefined): CellRead {
  const r = raw(cell);
  if ('error' in r) return r;
  const v = r.v;
  if (v === null) return EMPTY;
  if (typeof v === 'boolean') return { error: `ô chứa giá trị đúng/sai, không phải nội dung của “${col.label}”` };
  if (col.type === 'date') {
    const iso = typeof v === 'number' ? excelSerialToIso(v) : parseVietnameseDate(v);
    return iso ? { value: iso, warnings: [] } : { error: `“${show(v)}” không phải ngày hợp lệ (cần dạng ngày/tháng/năm)` };
  }
  if (col.type === 'number') {
    const n = readNumber(v, false);
    if ('empty' in n) return EMPTY;
    return n;
  }
  const text = (typeof v === 'number' ? (fromNumber(v) ?? String(v)) : v).normalize('NFC').replace(/\s+/g, ' ').trim();
  return { value: text || null, warnings: [] };
}
