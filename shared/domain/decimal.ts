/**
 * Exact decimal arithmetic on canonical decimal strings.
 *
 * Figures are stored as canonical strings ("3848", "16015.34", "-2") so that sums of hectares or
 * percentages never pick up binary floating-point drift (0.1 + 0.2). All arithmetic goes through BigInt.
 *
 * Canonical form: optional "-", digits without leading zeros (except a lone "0"), and optionally "." followed
 * by digits without trailing zeros. Zero is always "0", never "-0".
 */

/** A decimal value as coefficient × 10^-scale. */
export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
}

const CANONICAL_RE = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;
const PLAIN_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** True when `s` is already in canonical form. */
export function isCanonical(s: string): boolean {
  return CANONICAL_RE.test(s) && s !== '-0';
}

/**
 * Reads a plain decimal string ("007.50", "+3", "-0", "16015.34"); null for anything else.
 * Deliberately strict about the alphabet: Vietnamese-formatted text ("1.270") is the job of parse-number.
 */
export function parseCanonical(s: string): Decimal | null {
  const m = PLAIN_RE.exec(s);
  if (!m) return null;
  const frac = m[3] ?? '';
  const coef = BigInt(m[2] + frac);
  return { coef: m[1] === '-' ? -coef : coef, scale: frac.length };
}

/** Writes a decimal in canonical form, dropping trailing fractional zeros and the sign of zero. */
export function toCanonical(d: Decimal): string {
  let { coef, scale } = d;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale--;
  }
  const negative = coef < 0n;
  const digits = (negative ? -coef : coef).toString();
  let body: string;
  if (scale === 0) body = digits;
  else {
    const padded = digits.padStart(scale + 1, '0');
    body = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  return negative ? `-${body}` : body;
}

/** Canonical form of a plain decimal string, or null when it is not one. */
export function normalizeDecimal(s: string): string | null {
  const d = parseCanonical(s.trim());
  return d ? toCanonical(d) : null;
}

function need(s: string): Decimal {
  const d = parseCanonical(s);
  if (!d) throw new Error(`Không phải số thập phân hợp lệ: “${s}”`);
  return d;
}

function rescale(d: Decimal, scale: number): bigint {
  return d.coef * 10n ** BigInt(scale - d.scale);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale), rescale(b, scale), scale];
}

export function add(a: string, b: string): string {
  const [x, y, scale] = align(need(a), need(b));
  return toCanonical({ coef: x + y, scale });
}

export function sub(a: string, b: string): string {
  const [x, y, scale] = align(need(a), need(b));
  return toCanonical({ coef: x - y, scale });
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(need(a), need(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Canonical whole numbers of at most 15 digits: exact as doubles, and so is any sum of them that stays a safe
 * integer. Most figures are such counts; adding them as numbers gives the same text as BigInt, several times faster.
 */
const SMALL_INT_RE = /^-?(?:0|[1-9]\d{0,14})$/;

/** Sum of many values; "0" for none. */
export function sum(values: Iterable<string>): string {
  let small = 0;
  let acc: Decimal | null = null;
  for (const v of values) {
    if (acc === null && SMALL_INT_RE.test(v)) {
      const next = small + Number(v);
      if (Number.isSafeInteger(next)) {
        small = next;
        continue;
      }
    }
    // A decimal, a bigger number or a total past 2^53 - 1: exact from here on, starting from the exact small total.
    const [x, y, scale] = align(acc ?? { coef: BigInt(small), scale: 0 }, need(v));
    acc = { coef: x + y, scale };
  }
  // String(-0) is "0" too: the canonical zero.
  return acc === null ? String(small) : toCanonical(acc);
}

/** Largest of many values; null for none. */
export function maxOf(values: Iterable<string>): string | null {
  const all = [...values];
  if (all.every((v) => SMALL_INT_RE.test(v))) {
    // Canonical whole numbers compare as numbers and are their own canonical form.
    let best: string | null = null;
    for (const v of all) if (best === null || Number(v) > Number(best)) best = v;
    return best;
  }
  let best: string | null = null;
  for (const v of all) if (best === null || compare(v, best) > 0) best = v;
  return best === null ? null : toCanonical(need(best));
}

export function mulInt(a: string, n: number | bigint): string {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new Error(`Hệ số nhân phải là số nguyên: ${n}`);
  const d = need(a);
  return toCanonical({ coef: d.coef * BigInt(n), scale: d.scale });
}

export function isInteger(a: string): boolean {
  const d = need(a);
  return d.coef % 10n ** BigInt(d.scale) === 0n;
}

export function isNegative(a: string): boolean {
  return need(a).coef < 0n;
}

export function isZero(a: string): boolean {
  return need(a).coef === 0n;
}

/** Number of digits after the decimal point in canonical form. */
export function decimalPlaces(a: string): number {
  const c = toCanonical(need(a));
  const dot = c.indexOf('.');
  return dot < 0 ? 0 : c.length - dot - 1;
}

/** Integer division of non-negative n by positive d, rounding a remainder of one half or more upwards. */
function divHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return 2n * (n % d) >= d ? q + 1n : q;
}

/**
 * Rounds to `decimals` places, halves away from zero (the way Excel's ROUND and Vietnamese school
 * arithmetic do: 0,05 → 0,1 and −0,05 → −0,1).
 */
export function roundHalfUp(a: string, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0) throw new Error(`Số chữ số thập phân không hợp lệ: ${decimals}`);
  const d = need(a);
  if (d.scale <= decimals) return toCanonical(d);
  const negative = d.coef < 0n;
  const q = divHalfUp(negative ? -d.coef : d.coef, 10n ** BigInt(d.scale - decimals));
  return toCanonical({ coef: negative ? -q : q, scale: decimals });
}

/**
 * numerator / denominator × 100, rounded half-up to one decimal; null when the denominator is zero.
 * Computed exactly: 2932/3848 → "76.2", 162/163 → "99.4", 630/755 → "83.4".
 */
export function percentOf(numerator: string, denominator: string): string | null {
  const [n, d] = align(need(numerator), need(denominator));
  if (d === 0n) return null;
  const negative = n < 0n !== d < 0n && n !== 0n;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  // Tenths of a percent: n/d × 100 × 10.
  const q = divHalfUp(abs(n) * 1000n, abs(d));
  return toCanonical({ coef: negative ? -q : q, scale: 1 });
}

/**
 * Canonical string of a JS number, as Excel shows it: rounded to 15 significant digits, which removes the
 * binary noise of cached formula results (16015.340000000002 → "16015.34"). Null for NaN and infinities.
 */
export function fromNumber(x: number): string | null {
  if (!Number.isFinite(x)) return null;
  if (Number.isSafeInteger(x)) return toCanonical({ coef: BigInt(x), scale: 0 });
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential(14));
  if (!m) return null;
  const digits = m[2] + (m[3] ?? '');
  const exp = Number(m[4]);
  // digits × 10^(exp - (len-1))
  const shift = exp - (digits.length - 1);
  const coef = BigInt(m[1] + digits);
  return shift >= 0
    ? toCanonical({ coef: coef * 10n ** BigInt(shift), scale: 0 })
    : toCanonical({ coef, scale: -shift });
}
