/**
 * Everything that depends on an indicator's kind, in one place: whether it is a number, whether it is computed,
 * how typed text becomes a stored value, which stored values are valid (one Vietnamese message per problem), how
 * a value shows in a cell, and the Excel number format of forms and appendices. The importer, the services, the
 * rules, the form writer, the document model and the renderer all ask here; a new kind is one record below.
 */
import { decimalPlaces, isCanonical, isInteger, isNegative, normalizeDecimal, roundHalfUp } from './decimal';
import type { Indicator, IndicatorKind } from './template';
import { isValidIsoDate, parseVietnameseDate } from '../format/date';
import { formatNumber } from '../format/number';
import { parseCount, parseVietnameseNumber } from '../format/parse-number';

export interface KindSpec {
  /** The kind in the clerk's words, for messages: "số đếm". */
  label: string;
  /** Added up over units and years, compared by rules, shown with Vietnamese digit grouping. */
  quantity: boolean;
  /** Computed from other indicators (a ratio); never typed or imported. */
  computed: boolean;
  /** Excel number format in forms and appendices. */
  excelFormat(ind: Indicator): string;
}

const TEXT_MAX = 4000;

export const INDICATOR_KINDS: Record<IndicatorKind, KindSpec> = {
  count: { label: 'số đếm', quantity: true, computed: false, excelFormat: () => '#,##0' },
  decimal: {
    label: 'số thập phân',
    quantity: true,
    computed: false,
    excelFormat: (ind) => ((ind.decimals ?? 2) === 0 ? '#,##0' : `#,##0.${'0'.repeat(ind.decimals ?? 2)}`),
  },
  ratio: { label: 'tỷ lệ', quantity: false, computed: true, excelFormat: () => '0.0%' },
  text: { label: 'nội dung', quantity: false, computed: false, excelFormat: () => '@' },
  date: { label: 'ngày', quantity: false, computed: false, excelFormat: () => 'dd/mm/yyyy' },
  docref: { label: 'số, ký hiệu văn bản', quantity: false, computed: false, excelFormat: () => '@' },
};

/** A number of any kind (quantities and ratios): right-aligned, formatted as a number. */
export function isNumericKind(kind: IndicatorKind): boolean {
  return INDICATOR_KINDS[kind].quantity || kind === 'ratio';
}

/** Added up over units and years (counts and decimals). */
export function isQuantityKind(kind: IndicatorKind): boolean {
  return INDICATOR_KINDS[kind].quantity;
}

/** Typed by the clerk or read from a return (every kind but ratios). */
export function isEnteredKind(kind: IndicatorKind): boolean {
  return !INDICATOR_KINDS[kind].computed;
}

export const COMPUTED_MESSAGE = 'tỷ lệ được tính tự động từ các chỉ tiêu, không nhập tay';

export interface ValueProblem {
  severity: 'error' | 'warning';
  /** Which problem, for rule ids: number, count, decimal, decimals, date, text, computed. */
  code: 'number' | 'count' | 'decimal' | 'decimals' | 'date' | 'text' | 'computed';
  /** Vietnamese, without the indicator's name (callers say where). */
  message: string;
}

/**
 * Why a stored value does not fit its indicator, or null. Errors refuse a save; the one warning (more decimals
 * than the report prints) is only said. One message per problem, whoever asks.
 */
export function valueProblem(ind: Indicator, value: string): ValueProblem | null {
  switch (ind.kind) {
    case 'ratio':
      return { severity: 'error', code: 'computed', message: COMPUTED_MESSAGE };
    case 'count':
    case 'decimal': {
      const v = isCanonical(value) ? value : normalizeDecimal(value);
      if (v === null) return { severity: 'error', code: 'number', message: `“${value}” không phải là số` };
      if (ind.kind === 'count' && (isNegative(v) || !isInteger(v)))
        return { severity: 'error', code: 'count', message: `số đếm phải là số nguyên không âm (giá trị ${formatNumber(v)})` };
      if (isNegative(v)) return { severity: 'error', code: 'decimal', message: `số liệu không được âm (giá trị ${formatNumber(v)})` };
      if (ind.kind === 'decimal' && ind.decimals !== undefined && decimalPlaces(v) > ind.decimals)
        return {
          severity: 'warning',
          code: 'decimals',
          message: `có ${decimalPlaces(v)} chữ số thập phân; báo cáo chỉ ghi ${ind.decimals} chữ số (${formatNumber(v)} sẽ thành ${formatNumber(roundHalfUp(v, ind.decimals))})`,
        };
      return null;
    }
    case 'date':
      return isValidIsoDate(value) ? null : { severity: 'error', code: 'date', message: `“${value}” không phải ngày hợp lệ` };
    default:
      return value.length > TEXT_MAX ? { severity: 'error', code: 'text', message: `nội dung dài quá ${formatNumber(String(TEXT_MAX))} ký tự` } : null;
  }
}

export type TypedValue = { ok: true; value: string | null; warnings: string[] } | { ok: false; message: string };

const EMPTY: TypedValue = { ok: true, value: null, warnings: [] };

/** What the clerk typed for one indicator, as the value to store: canonical decimal, ISO date or trimmed text; null clears. */
export function parseTyped(ind: Indicator, text: string): TypedValue {
  const t = text.trim();
  switch (ind.kind) {
    case 'ratio':
      return { ok: false, message: `“${ind.label}”: ${COMPUTED_MESSAGE}` };
    case 'count': {
      const r = parseCount(t);
      if (r.kind === 'invalid') return { ok: false, message: r.message };
      return r.kind === 'empty' ? EMPTY : { ok: true, value: r.value, warnings: r.warnings };
    }
    case 'decimal': {
      const r = parseVietnameseNumber(t);
      if (r.kind === 'invalid') return { ok: false, message: r.message };
      if (r.kind === 'empty') return EMPTY;
      if (r.percent) return { ok: false, message: `“${t}”: chỉ tiêu này không nhập theo phần trăm` };
      const p = valueProblem(ind, r.value);
      if (p?.severity === 'error') return { ok: false, message: `“${ind.label}”: ${p.message}` };
      return { ok: true, value: r.value, warnings: r.warnings };
    }
    case 'date': {
      if (!t) return EMPTY;
      const iso = parseVietnameseDate(t);
      return iso ? { ok: true, value: iso, warnings: [] } : { ok: false, message: `“${t}” không phải ngày hợp lệ: gõ theo dạng ngày/tháng/năm, ví dụ 25/5/2021` };
    }
    default: {
      if (t === '') return EMPTY;
      const p = valueProblem(ind, t);
      return p ? { ok: false, message: `“${ind.label}”: ${p.message}` } : { ok: true, value: t, warnings: [] };
    }
  }
}
