/**
 * Vietnamese number formatting for report text: "." groups thousands (including four-digit numbers: 3.848),
 * "," separates decimals (16.015,34). Written by hand rather than with Intl so that the output does not depend
 * on the ICU data of the machine the app runs on.
 *
 * Years, document numbers and legal references are text and must never pass through formatNumber
 * (2024 would become 2.024); use formatYear / formatDocumentNumber, or leave them as strings.
 */
import { fromNumber, isCanonical, isInteger, isNegative, roundHalfUp } from '../domain/decimal';

export interface NumberFormatOptions {
  /** Round half-up to at most this many decimals. */
  decimals?: number;
  /** With `decimals`: keep trailing zeros so that a column lines up (16.015,30). */
  fixed?: boolean;
}

type Numeric = string | number | bigint;

/** Canonical string of a number-like input; null when a string is not a canonical decimal (it is text). */
function canonicalOf(value: Numeric): string | null {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return fromNumber(value);
  return isCanonical(value) ? value : null;
}

function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `.${digits.slice(i, i + 3)}`;
  return out;
}

/**
 * Formats a canonical decimal the Vietnamese way: 3848 → "3.848", 16015.34 → "16.015,34", -1270 → "-1.270".
 * A string that is not a canonical decimal is returned unchanged, so text such as "4939/UBND-NC" passes through.
 */
export function formatNumber(value: Numeric, options: NumberFormatOptions = {}): string {
  let c = canonicalOf(value);
  if (c === null) return String(value);
  if (options.decimals !== undefined) c = roundHalfUp(c, options.decimals);
  const negative = c.startsWith('-');
  const [intPart, fracPart = ''] = (negative ? c.slice(1) : c).split('.');
  let frac = fracPart;
  if (options.fixed && options.decimals !== undefined) frac = frac.padEnd(options.decimals, '0');
  const body = groupThousands(intPart) + (frac ? `,${frac}` : '');
  return negative ? `-${body}` : body;
}

/**
 * Formats a percentage value (already ×100) with one decimal, rounded half-up: 76.2 → "76,2%".
 * Decision: a value whose rounded tenths digit is zero is written without ",0" ("100%", "50%", "0%"), as the
 * seed writes "100%" and offices write "10%", "20%".
 */
export function formatPercent(value: Numeric): string {
  const c = canonicalOf(value);
  if (c === null) return String(value);
  return `${formatNumber(roundHalfUp(c, 1))}%`;
}

/**
 * Formats a count. With `pad`, counts from 1 to 9 take a leading zero ("03 năm", "09 phường"), following the
 * habit of these reports; 0 stays "0" and counts of 10 and more are never padded. A value that is not a
 * non-negative integer (a clerk's typo) is formatted as a plain number so that it stays visible.
 */
export function formatCount(value: Numeric, pad: boolean): string {
  const c = canonicalOf(value);
  if (c === null) return String(value);
  if (pad && isInteger(c) && !isNegative(c) && c.length === 1 && c !== '0') return `0${c}`;
  return formatNumber(c);
}

/** "162/163", "70/70", "04/07" (both sides padded when `pad`). */
export function formatRatio(numerator: Numeric, denominator: Numeric, pad: boolean): string {
  return `${formatCount(numerator, pad)}/${formatCount(denominator, pad)}`;
}

/** A year is never grouped: 2024 → "2024". */
export function formatYear(year: number): string {
  if (!Number.isInteger(year)) throw new Error(`Năm không hợp lệ: ${year}`);
  return String(year);
}

/**
 * "05/BC-UBND": Nghị định 30 requires a leading zero for document numbers below 10; never grouped (4939/UBND-NC).
 */
export function formatDocumentNumber(number: number, symbol: string): string {
  if (!Number.isInteger(number) || number < 1) throw new Error(`Số văn bản không hợp lệ: ${number}`);
  const n = number < 10 ? `0${number}` : String(number);
  return symbol ? `${n}/${symbol}` : n;
}

