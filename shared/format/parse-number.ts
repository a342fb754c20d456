/**
 * Reads numbers typed the Vietnamese way ("1.270", "16.015,34", "76,2%") from pasted grid text and from text
 * cells of unit Excel returns. Numeric Excel cells are locale-independent and arrive as JS numbers.
 *
 * The en-US trap is the reason this is not a one-line replace: "1,270" means 1,27 in Vietnamese but 1270 to a
 * machine set to English, so the ambiguous shapes are reported instead of silently guessed.
 */
import { fromNumber, isInteger, isNegative, mulInt, normalizeDecimal } from '../domain/decimal';
import { formatNumber } from './number';

export type NumberParse =
  | { kind: 'number'; value: string; percent: boolean; warnings: string[] }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

export interface ParseNumberOptions {
  /** The column holds integers (counts): "1,270" is then read as 1270 with a warning rather than 1,27. */
  integer?: boolean;
}

export const COUNT_MESSAGE = 'Số đếm phải là số nguyên không âm';

/** Cell contents that mean "nothing to report", which is not the same as zero. */
const EMPTY_MARKERS = new Set(['', '-', '--', '–', '—', 'x', '/', 'không', 'khong']);

const SPACES_RE = /[\s\u00A0\u2007\u202F\u2009\u200B\uFEFF]+/g;
const FOOTNOTE_RE = /\s*(?:\*+|\(\*+\))$/;
/** First group of one to three digits without a leading zero, then groups of exactly three. */
const GROUPED_RE = (sep: string) => new RegExp(`^[1-9]\\d{0,2}(?:\\${sep}\\d{3})+$`);
const GROUPED_DOT = GROUPED_RE('.');
const GROUPED_COMMA = GROUPED_RE(',');
const GROUPED_SPACE = /^[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?$/;

function invalid(text: string, why?: string): NumberParse {
  return { kind: 'invalid', message: `“${text}” không phải là số${why ? `: ${why}` : ''}` };
}

/** Digits-only integer and fraction parts of the body, or an error message. */
function splitBody(
  body: string,
  original: string,
  integerContext: boolean,
  warnings: string[],
): { int: string; frac: string } | { error: string } {
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return { error: 'có ký tự không phải chữ số' };

  if (dots === 0 && commas === 0) return { int: body, frac: '' };

  if (dots > 0 && commas > 0) {
    const lastDot = body.lastIndexOf('.');
    const lastComma = body.lastIndexOf(',');
    const decimalSep = lastComma > lastDot ? ',' : '.';
    const groupSep = decimalSep === ',' ? '.' : ',';
    const cut = Math.max(lastDot, lastComma);
    const intPart = body.slice(0, cut);
    const frac = body.slice(cut + 1);
    if (intPart.includes(decimalSep) || !frac) return { error: 'dấu phân cách không đúng chỗ' };
    if (!(groupSep === '.' ? GROUPED_DOT : GROUPED_COMMA).test(intPart))
      return { error: 'nhóm hàng nghìn không đúng (mỗi nhóm phải có 3 chữ số)' };
    if (decimalSep === '.')
      warnings.push(
        `Số “${original}” được viết theo kiểu tiếng Anh (dấu phẩy ngăn cách hàng nghìn, dấu chấm thập phân); đã hiểu là ${formatNumber(`${intPart.replaceAll(',', '')}.${frac}`)}`,
      );
    return { int: intPart.replaceAll(groupSep, ''), frac };
  }

  if (dots > 0) {
    if (GROUPED_DOT.test(body)) return { int: body.replaceAll('.', ''), frac: '' };
    if (dots > 1) return { error: 'nhóm hàng nghìn không đúng (mỗi nhóm phải có 3 chữ số)' };
    const [int, frac] = body.split('.');
    if (!int || !frac) return { error: 'dấu chấm không đúng chỗ' };
    warnings.push(`Dấu chấm trong “${original}” được hiểu là dấu thập phân; theo cách viết tiếng Việt nên dùng dấu phẩy`);
    return { int, frac };
  }

  if (GROUPED_COMMA.test(body)) {
    const asGroups = body.replaceAll(',', '');
    if (commas > 1 || integerContext) {
      warnings.push(
        `Số “${original}” không rõ nghĩa: đã hiểu là ${formatNumber(asGroups)} (dấu phẩy ngăn cách hàng nghìn kiểu tiếng Anh). Nếu không đúng, hãy sửa lại`,
      );
      return { int: asGroups, frac: '' };
    }
    const [int, frac] = body.split(',');
    warnings.push(
      `Số “${original}” không rõ nghĩa: đã hiểu là ${int},${frac} (dấu phẩy thập phân). Nếu là ${formatNumber(asGroups)}, hãy ghi ${formatNumber(asGroups)}`,
    );
    return { int, frac };
  }
  if (commas > 1) return { error: 'có nhiều hơn một dấu phẩy thập phân' };
  const [int, frac] = body.split(',');
  if (!int || !frac) return { error: 'dấu phẩy không đúng chỗ' };
  return { int, frac };
}

function parseText(raw: string, options: ParseNumberOptions): NumberParse {
  const original = raw.normalize('NFC').replace(SPACES_RE, ' ').trim();
  if (EMPTY_MARKERS.has(original.toLowerCase())) return { kind: 'empty' };
  const warnings: string[] = [];
  let s = original;

  if (FOOTNOTE_RE.test(s)) {
    s = s.replace(FOOTNOTE_RE, '');
    warnings.push(`Đã bỏ dấu chú thích “*” sau số “${original}”`);
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trimEnd();
  }
  let sign = '';
  if (/^[-+\u2212]/.test(s)) {
    sign = s[0] === '+' ? '' : '-';
    s = s.slice(1).trimStart();
  }
  // "12 người", "khoảng 300": the word is the problem, not the space before it.
  const words = s.match(/\p{L}+/gu);
  if (words && /\d/.test(s)) {
    const digits = s.replace(/[^\d.,\s]/gu, '').trim();
    return invalid(original, `có chữ “${words.join(' ')}” đi kèm; chỉ gõ số (${digits}), đơn vị tính đã ghi sẵn trong biểu mẫu`);
  }
  if (s.includes(' ')) {
    if (!GROUPED_SPACE.test(s)) return invalid(original, 'khoảng trắng không đúng chỗ');
    // Once spaces group the thousands, the one remaining "." or "," can only be the decimal separator.
    const [int, frac = ''] = s.replaceAll(' ', '').split(/[.,]/);
    if (frac && s.includes('.'))
      warnings.push(`Dấu chấm trong “${original}” được hiểu là dấu thập phân; theo cách viết tiếng Việt nên dùng dấu phẩy`);
    s = frac ? `${int},${frac}` : int;
  }

  const parts = splitBody(s, original, options.integer === true, warnings);
  if ('error' in parts) return invalid(original, parts.error);
  const value = normalizeDecimal(`${sign}${parts.int}${parts.frac ? `.${parts.frac}` : ''}`);
  if (value === null) return invalid(original);
  return { kind: 'number', value, percent, warnings };
}

/**
 * Parses a number typed the Vietnamese way, or a JS number from a numeric Excel cell.
 * "-", "x", "/", "không" and blank give `empty`, which callers must keep distinct from zero.
 */
export function parseVietnameseNumber(
  input: string | number | null | undefined,
  options: ParseNumberOptions = {},
): NumberParse {
  if (input === null || input === undefined) return { kind: 'empty' };
  if (typeof input === 'number') {
    const value = fromNumber(input);
    return value === null
      ? { kind: 'invalid', message: `Giá trị “${String(input)}” không phải là số` }
      : { kind: 'number', value, percent: false, warnings: [] };
  }
  return parseText(input, options);
}

/**
 * Parses a count: a non-negative integer. A fraction whose thousandfold is an integer (1,27) is most likely
 * "1.270" read by a machine set to English, and the message says so.
 */
export function parseCount(input: string | number | null | undefined): NumberParse {
  const r = parseVietnameseNumber(input, { integer: true });
  if (r.kind !== 'number') return r;
  if (r.percent) return { kind: 'invalid', message: `${COUNT_MESSAGE}, không phải tỷ lệ phần trăm (nhận được “${String(input)}”)` };
  if (isNegative(r.value)) return { kind: 'invalid', message: `${COUNT_MESSAGE} (nhận được ${formatNumber(r.value)})` };
  if (!isInteger(r.value)) {
    const thousandfold = mulInt(r.value, 1000);
    const hint =
      isInteger(thousandfold)
        ? `. Có thể số ${formatNumber(thousandfold)} đã bị máy tính cài đặt kiểu tiếng Anh đọc thành ${formatNumber(r.value)}`
        : '';
    return { kind: 'invalid', message: `${COUNT_MESSAGE} (nhận được ${formatNumber(r.value)})${hint}` };
  }
  return r;
}

