/**
 * Numbers as they are written in Vietnamese report text, with their positions: counts and amounts (1.270,
 * 16.015,34, 03), percentages (76,2%), ratios (162/163), dates (25/5/2021). Document numbers (598/SNV-XDCQ,
 * 48/2013/NĐ-CP, 08-CT/TU), article numbers and anything glued to letters are not numbers here.
 * PURE.
 */
import { parseCanonical, toCanonical } from '../domain/decimal';
import { formatNumber } from '../format/number';

export type TokenKind = 'number' | 'percent' | 'ratio' | 'date' | 'year';

export interface NumToken {
  kind: TokenKind;
  start: number;
  end: number;
  /** As written. */
  text: string;
  /** Canonical decimal ("1270", "16015.34"); for a ratio the numerator; for a date the day. */
  value: string;
  /** Ratio denominator. */
  denominator?: string;
  /** Digits after the decimal comma as written (percent rounding). */
  decimals: number;
  /** Written with a leading zero ("03"). */
  padded: boolean;
  /** Date parts. */
  date?: { day: number; month: number; year: number; dayText: string; monthText: string };
}

const LETTER = /[\p{L}]/u;
const SPAN = /\d[\d.,/]*\d|\d/g;
const VI_NUMBER = /^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;

/** "1.270" → "1270", "16.015,34" → "16015.34", "03" → "3"; null when not a Vietnamese-written number. */
export function parseViNumber(s: string): string | null {
  if (!VI_NUMBER.test(s)) return null;
  const plain = s.replace(/\./g, '').replace(',', '.');
  const d = parseCanonical(plain);
  return d ? toCanonical(d) : null;
}

function decimalsOf(s: string): number {
  const i = s.indexOf(',');
  return i < 0 ? 0 : s.length - i - 1;
}

const memo = new Map<string, NumToken[]>();
const MEMO_MAX = 4000;

/** Every number-like token of a text, in order (memoised: every check reads the same paragraphs). */
export function tokenize(text: string): NumToken[] {
  const hit = memo.get(text);
  if (hit) return hit;
  const out = scan(text);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(text, out);
  return out;
}

function scan(text: string): NumToken[] {
  const out: NumToken[] = [];
  for (const m of text.matchAll(SPAN)) {
    let raw = m[0];
    const start = m.index ?? 0;
    // A trailing "," or "." that ends a clause is not part of the number ("755 vụ, …" never reaches here, "là 23." does).
    while (/[.,/]$/.test(raw)) raw = raw.slice(0, -1);
    const end = start + raw.length;
    const before = text[start - 1] ?? '';
    const after = text[end] ?? '';
    const after2 = text[end + 1] ?? '';
    // Glued to letters or part of a code: "CT08", "08-CT/TU", "48/2013/NĐ-CP", "598/SNV-XDCQ", "3a".
    if (LETTER.test(before) || LETTER.test(after) || before === '/' || before === '-' || before === '_') continue;
    if ((after === '/' || after === '-') && LETTER.test(after2)) continue;
    if (after === '/' && /\d/.test(after2)) continue; // a longer code such as "48/2013/" cut by the class
    const slash = raw.split('/');
    if (slash.length === 3) {
      const [d, mo, y] = slash;
      if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(mo) && /^\d{4}$/.test(y)) {
        const date = { day: Number(d), month: Number(mo), year: Number(y), dayText: d, monthText: mo };
        out.push({ kind: 'date', start, end, text: raw, value: String(date.day), decimals: 0, padded: false, date });
      }
      continue;
    }
    if (slash.length === 2) {
      const n = parseViNumber(slash[0]);
      const d = parseViNumber(slash[1]);
      if (n === null || d === null || slash[0].includes(',') || slash[1].includes(',')) continue;
      out.push({ kind: 'ratio', start, end, text: raw, value: n, denominator: d, decimals: 0, padded: /^0\d/.test(slash[0]) });
      continue;
    }
    if (slash.length > 3) continue;
    const value = parseViNumber(raw);
    if (value === null) continue;
    const pct = /^\s?%/.exec(text.slice(end, end + 2));
    if (pct) {
      const pend = end + pct[0].length;
      out.push({ kind: 'percent', start, end: pend, text: text.slice(start, pend), value, decimals: decimalsOf(raw), padded: false });
      continue;
    }
    const isYear = /^(19|20)\d\d$/.test(raw);
    out.push({ kind: isYear ? 'year' : 'number', start, end, text: raw, value, decimals: decimalsOf(raw), padded: /^0\d/.test(raw) });
  }
  return out;
}

/** Sentences as [start, end) ranges: a full stop, "!" or "?" followed by a capital, a quote or a line break ends one; so does ";". */
export function sentences(text: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  const re = /(?:[.!?](?=\s+[\p{Lu}“"(\-+])|;)\s*|\n+/gu;
  for (const m of text.matchAll(re)) {
    const at = (m.index ?? 0) + m[0].length;
    if (at > from) out.push([from, at]);
    from = at;
  }
  if (from < text.length) out.push([from, text.length]);
  return out;
}

/** numerator/denominator × 100 rounded half-up to `decimals` places, as a canonical string; null when denominator is 0. */
export function percent(numerator: string, denominator: string, decimals: number): string | null {
  const n = parseCanonical(numerator);
  const d = parseCanonical(denominator);
  if (!n || !d || d.coef === 0n) return null;
  // Bring both to the same scale, then q = n × 100 × 10^decimals / d, half-up.
  const scale = Math.max(n.scale, d.scale);
  const nn = n.coef * 10n ** BigInt(scale - n.scale);
  const dd = d.coef * 10n ** BigInt(scale - d.scale);
  const neg = nn < 0n !== dd < 0n && nn !== 0n;
  const an = nn < 0n ? -nn : nn;
  const ad = dd < 0n ? -dd : dd;
  const num = an * 100n * 10n ** BigInt(decimals);
  let q = num / ad;
  if (2n * (num % ad) >= ad) q += 1n;
  return toCanonical({ coef: neg ? -q : q, scale: decimals });
}

/** A percentage written like the original: same number of decimals, "," and no space ("83,4%"). */
export function writePercent(value: string, decimals: number): string {
  return `${formatNumber(value, { decimals, fixed: true })}%`;
}

/** Plain numbers (counts, amounts) only: not years, dates, ratios or percentages. */
export function plainNumbers(tokens: NumToken[]): NumToken[] {
  return tokens.filter((t) => t.kind === 'number');
}
