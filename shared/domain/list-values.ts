/** Converting list cells between what the clerk types and what the app stores (ISO dates, canonical numbers); shown the way the report shows them. */
import type { UnitDto } from './records';
import type { ListColumn } from './template';
import { formatBodyDate, isValidIsoDate, parseVietnameseDate } from '../format/date';
import { parseVietnameseNumber } from '../format/parse-number';

/** How a stored value is shown in the table. */
export function showListValue(col: ListColumn, value: string | undefined, units: UnitDto[]): string {
  if (!value) return '';
  if (col.type === 'date') return isValidIsoDate(value) ? formatBodyDate(value) : value;
  if (col.type === 'unit') return units.find((u) => u.code === value)?.name ?? value;
  return value;
}

/** The text put in the form for editing. */
export function editListValue(col: ListColumn, value: string | undefined): string | undefined {
  if (!value) return undefined;
  return col.type === 'date' && isValidIsoDate(value) ? formatBodyDate(value) : value;
}

/** Typed text → stored value, or a Vietnamese message. Numbers are not grouped: they are years or counts. */
export function readListValue(col: ListColumn, text: string | undefined): { value: string } | { error: string } {
  const t = (text ?? '').trim();
  if (!t) return { value: '' };
  if (col.type === 'date') {
    const iso = parseVietnameseDate(t);
    return iso ? { value: iso } : { error: `“${t}” không phải ngày hợp lệ: gõ theo dạng ngày/tháng/năm, ví dụ 25/5/2021` };
  }
  if (col.type === 'number') {
    const r = parseVietnameseNumber(t);
    return r.kind === 'number' ? { value: r.value } : { error: r.kind === 'invalid' ? r.message : `“${t}” không phải là số` };
  }
  return { value: t };
}
