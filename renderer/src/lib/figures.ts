/**
 * Turning what a clerk types into a stored figure, and a stored figure into what a cell shows.
 * Parsing and formatting are the shared functions; this only picks the right one for an indicator kind.
 */
import { formatIndicatorValue } from '../../../shared/domain/aggregate';
import { isCanonical, normalizeDecimal } from '../../../shared/domain/decimal';
import type { Indicator } from '../../../shared/domain/template';
import { parseVietnameseDate } from '../../../shared/format/date';
import { formatNumber } from '../../../shared/format/number';
import { parseCount, parseVietnameseNumber } from '../../../shared/format/parse-number';

export type FigureParse = { ok: true; value: string | null; warnings: string[] } | { ok: false; message: string };

export const figureKey = (unitId: number, code: string, year: number) => `${unitId}|${code}|${year}`;

/** Reads typed text for one indicator: canonical decimal, ISO date or trimmed text; null clears the cell. */
export function parseFigureText(ind: Indicator, text: string): FigureParse {
  const t = text.trim();
  switch (ind.kind) {
    case 'ratio':
      return { ok: false, message: `“${ind.label}” được tính tự động, không nhập tay` };
    case 'count': {
      const r = parseCount(t);
      if (r.kind === 'invalid') return { ok: false, message: r.message };
      return r.kind === 'empty' ? { ok: true, value: null, warnings: [] } : { ok: true, value: r.value, warnings: r.warnings };
    }
    case 'decimal': {
      const r = parseVietnameseNumber(t);
      if (r.kind === 'invalid') return { ok: false, message: r.message };
      if (r.kind === 'empty') return { ok: true, value: null, warnings: [] };
      if (r.percent) return { ok: false, message: `“${t}”: chỉ tiêu này không nhập theo phần trăm` };
      if (r.value.startsWith('-')) return { ok: false, message: `“${ind.label}” không được là số âm (nhận được ${formatNumber(r.value)})` };
      return { ok: true, value: r.value, warnings: r.warnings };
    }
    case 'date': {
      if (!t) return { ok: true, value: null, warnings: [] };
      const iso = parseVietnameseDate(t);
      return iso
        ? { ok: true, value: iso, warnings: [] }
        : { ok: false, message: `“${t}” không phải ngày hợp lệ: gõ theo dạng ngày/tháng/năm, ví dụ 25/5/2021` };
    }
    default:
      return { ok: true, value: t === '' ? null : t, warnings: [] };
  }
}

/** The value as a cell shows it (and as editing starts from): "1.270", "16.015,34", "76,2%", "25/05/2021". */
export function displayFigure(ind: Indicator, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const numeric = ind.kind === 'count' || ind.kind === 'decimal' || ind.kind === 'ratio';
  // A stored value that is not a number (an old import) is shown as it is, so that it can be seen and fixed.
  if (numeric && !isCanonical(value) && normalizeDecimal(value) === null) return value;
  return formatIndicatorValue(ind, isCanonical(value) || !numeric ? value : (normalizeDecimal(value) ?? value), { padCounts: false });
}

/** Whether a parsed value is what the cell already holds (nothing to save). */
export function sameFigure(current: string | null | undefined, next: string | null): boolean {
  return (current ?? null) === next;
}
