/**
 * Dates as Nghị định 30/2020 writes them. The day is padded below 10; the month is padded only for January and
 * February ("ngày 05 tháng 01 năm 2024", "ngày 29 tháng 6 năm 2019"); the usual explanation is that a written
 * 1 or 2 could otherwise be turned into 11 or 12 by adding a digit. Some offices pad every month: `padAllMonths`.
 *
 * Dates are ISO strings ("2024-01-05") everywhere else in the app; no Date object crosses this module so that
 * time zones can never shift a day.
 */

export interface DateFormatOptions {
  /** Pad months 3–9 too ("04/08/2022"). */
  padAllMonths?: boolean;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isValidYmd({ year, month, day }: Ymd): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1000 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Splits an ISO date; null when it is not a real calendar date. */
export function parseIsoDate(iso: string): Ymd | null {
  const m = ISO_RE.exec(iso);
  if (!m) return null;
  const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidYmd(ymd) ? ymd : null;
}

export function isValidIsoDate(iso: string): boolean {
  return parseIsoDate(iso) !== null;
}

export function toIsoDate({ year, month, day }: Ymd): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function needIso(iso: string): Ymd {
  const ymd = parseIsoDate(iso);
  if (!ymd) throw new Error(`Ngày không hợp lệ: “${iso}” (cần dạng năm-tháng-ngày, ví dụ 2024-01-05)`);
  return ymd;
}

function dayText(day: number): string {
  return String(day).padStart(2, '0');
}

function monthText(month: number, options: DateFormatOptions): string {
  return options.padAllMonths || month <= 2 ? String(month).padStart(2, '0') : String(month);
}

/** "ngày 05 tháng 01 năm 2024", or with a place "Quảng Ngãi, ngày 05 tháng 01 năm 2024". */
export function formatHeaderDate(iso: string, options: DateFormatOptions & { place?: string } = {}): string {
  const { year, month, day } = needIso(iso);
  const text = `ngày ${dayText(day)} tháng ${monthText(month, options)} năm ${year}`;
  return options.place ? `${options.place}, ${text}` : text;
}

/** Dates cited in the body: "25/5/2021", "09/02/2023", "04/8/2022". */
export function formatBodyDate(iso: string, options: DateFormatOptions = {}): string {
  const { year, month, day } = needIso(iso);
  return `${dayText(day)}/${monthText(month, options)}/${year}`;
}

/**
 * The date line of a document not yet issued: the day and month are left blank for the văn thư to write in
 * by hand when the number is given. "ngày      tháng      năm 2024".
 */
export function blankHeaderDate(year: number, place?: string): string {
  const blank = ' '.repeat(6);
  const text = `ngày${blank}tháng${blank}năm ${year}`;
  return place ? `${place}, ${text}` : text;
}

function fullYear(text: string): number {
  // Two-digit years in these reports are always this century ("25/5/21").
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function isoIfValid(year: number, month: number, day: number): string | null {
  const ymd = { year, month, day };
  return isValidYmd(ymd) ? toIsoDate(ymd) : null;
}

const NUMERIC_RE = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/;
const LONG_RE = /(?:^|,\s*)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{2}|\d{4})$/i;
const ISO_LOOSE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Excel's day 1 is 1900-01-01, and Excel counts a 29 February 1900 that never existed. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const whole = Math.floor(serial);
  if (whole === 60) return null;
  const days = whole < 60 ? whole - 1 : whole - 2;
  // Civil-from-days (Howard Hinnant) without Date, so no time zone can shift the day.
  // 1900-01-01 is day -25567 from 1970-01-01; 719468 moves the epoch to 0000-03-01.
  const z = days - 25567 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return isoIfValid(year, month, day);
}

/**
 * Reads a date as units type it: "d/m/yyyy", "dd/mm/yyyy" (also with "-" or "."), "ngày d tháng m năm yyyy"
 * (with or without a leading place), ISO "yyyy-mm-dd", two-digit years (→ 20yy), or an Excel serial number.
 * Returns an ISO date, or null for anything else, including impossible dates such as 31/2/2024.
 */
export function parseVietnameseDate(input: string | number | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') return excelSerialToIso(input);
  const text = input.normalize('NFC').replace(/[\s\u00A0]+/g, ' ').trim();
  let m = NUMERIC_RE.exec(text);
  if (m) return isoIfValid(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = LONG_RE.exec(text);
  if (m) return isoIfValid(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = ISO_LOOSE_RE.exec(text);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "14:05 ngày 03/05/2024": a timestamp in the reader's local time, as messages and tables show it. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${two(d.getHours())}:${two(d.getMinutes())} ngày ${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The local calendar day (yyyy-mm-dd) of a timestamp, as the clerk's clock shows it (for deadlines). */
export function localIsoDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
