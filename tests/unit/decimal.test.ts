import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  decimalPlaces,
  fromNumber,
  isCanonical,
  isInteger,
  maxOf,
  mulInt,
  normalizeDecimal,
  parseCanonical,
  percentOf,
  roundHalfUp,
  sub,
  sum,
  toCanonical,
} from '../../shared/domain/decimal';

const SCALE = 8;

/** Independent oracle: a canonical string as an integer count of 10^-SCALE, by string surgery. */
function scaled(s: string): bigint {
  const negative = s.startsWith('-');
  const [int, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const v = BigInt(int + frac.padEnd(SCALE, '0'));
  return negative ? -v : v;
}

/** Random canonical decimals with up to 6 fractional digits, built from an integer and a scale. */
const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
  .map(([coef, scale]) => toCanonical({ coef, scale }));

describe('canonical form', () => {
  it('accepts canonical strings and rejects the rest', () => {
    for (const s of ['0', '3848', '-2', '16015.34', '0.5', '-0.05']) expect(isCanonical(s), s).toBe(true);
    for (const s of ['-0', '007', '1.50', '1.', '.5', '+3', '1e3', '1,5', '', ' 1'])
      expect(isCanonical(s), s).toBe(false);
  });

  it('normalizes leading and trailing zeros and negative zero', () => {
    expect(normalizeDecimal('007.50')).toBe('7.5');
    expect(normalizeDecimal('-0')).toBe('0');
    expect(normalizeDecimal('-0.000')).toBe('0');
    expect(normalizeDecimal('+3')).toBe('3');
    expect(normalizeDecimal('0.0100')).toBe('0.01');
    expect(normalizeDecimal('1.270')).toBe('1.27');
    expect(normalizeDecimal('1,5')).toBeNull();
    expect(normalizeDecimal('abc')).toBeNull();
  });

  it('writes small fractions with a leading zero', () => {
    expect(toCanonical({ coef: 5n, scale: 3 })).toBe('0.005');
    expect(toCanonical({ coef: -5n, scale: 1 })).toBe('-0.5');
    expect(toCanonical({ coef: 1601534n, scale: 2 })).toBe('16015.34');
  });

  it('round-trips every canonical decimal through parse and format', () => {
    fc.assert(
      fc.property(decimalArb, (s) => {
        expect(isCanonical(s)).toBe(true);
        const d = parseCanonical(s);
        expect(d).not.toBeNull();
        expect(toCanonical(d!)).toBe(s);
      }),
    );
  });
});

describe('arithmetic', () => {
  it('adds without floating-point drift', () => {
    expect(add('0.1', '0.2')).toBe('0.3');
    expect(add('16015.34', '0.66')).toBe('16016');
    expect(sub('3848', '2932')).toBe('916');
    expect(sub('1', '1.5')).toBe('-0.5');
    expect(sum(['1270', '66', '179', '1417'])).toBe('2932');
    expect(sum(['2932', '916'])).toBe('3848');
    expect(sum([])).toBe('0');
  });

  it('agrees with a scaled-integer oracle for add and sub', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        expect(scaled(add(a, b))).toBe(scaled(a) + scaled(b));
        expect(scaled(sub(a, b))).toBe(scaled(a) - scaled(b));
      }),
    );
  });

  it('adds commutatively and associatively', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, decimalArb, (a, b, c) => {
        expect(add(a, b)).toBe(add(b, a));
        expect(add(add(a, b), c)).toBe(add(a, add(b, c)));
        expect(sum([a, b, c])).toBe(add(add(a, b), c));
      }),
    );
  });

  it('compares like the oracle', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        const x = scaled(a);
        const y = scaled(b);
        expect(compare(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
    expect(compare('1.270', '1.27')).toBe(0);
    expect(compare('10', '9.99')).toBe(1);
  });

  it('sums whole numbers added as doubles exactly, up to and past 2^53 (the counts fast path)', () => {
    // Counts near the 15-digit limit of the fast path, their totals past Number.MAX_SAFE_INTEGER, mixed with decimals.
    const wholeArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n })).map(String);
    fc.assert(
      fc.property(fc.array(fc.oneof(wholeArb, wholeArb, decimalArb), { maxLength: 40 }), (values) => {
        expect(scaled(sum(values))).toBe(values.reduce((t, v) => t + scaled(v), 0n));
        expect(isCanonical(sum(values))).toBe(true);
        expect(sum(values)).toBe(values.reduce((t, v) => add(t, v), '0'));
      }),
    );
    const big = '999999999999999';
    expect(sum(Array.from({ length: 20 }, () => big))).toBe('19999999999999980');
    expect(sum(['9007199254740991', '1'])).toBe('9007199254740992');
    expect(sum(['4503599627370496', '4503599627370496', '1'])).toBe('9007199254740993');
    expect(sum(['5', '-5'])).toBe('0');
    expect(sum(['-0', '0'])).toBe('0');
    expect(sum(['007', '3'])).toBe('10');
    expect(() => sum(['1', '1.270,5'])).toThrow();
  });

  it('takes the largest of many values', () => {
    expect(maxOf(['3', '12', '-40', '12'])).toBe('12');
    expect(maxOf(['007', '3'])).toBe('7');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5000, max: 5000 }).map(String), decimalArb), { minLength: 1, maxLength: 20 }), (values) => {
        const top = values.reduce((m, v) => (scaled(v) > m ? scaled(v) : m), scaled(values[0]));
        expect(scaled(maxOf(values)!)).toBe(top);
        expect(isCanonical(maxOf(values)!)).toBe(true);
      }),
    );
    expect(maxOf(['68', '71', '70.5'])).toBe('71');
    expect(maxOf(['-1', '-0.5'])).toBe('-0.5');
    expect(maxOf([])).toBeNull();
  });

  it('multiplies by an integer exactly', () => {
    expect(mulInt('1.27', 1000)).toBe('1270');
    expect(mulInt('0.001', -3)).toBe('-0.003');
    expect(mulInt('5', 0)).toBe('0');
  });

  it('tells integers and counts decimal places', () => {
    expect(isInteger('3848')).toBe(true);
    expect(isInteger('-2')).toBe(true);
    expect(isInteger('1.5')).toBe(false);
    expect(isInteger('2.000')).toBe(true);
    expect(decimalPlaces('16015.34')).toBe(2);
    expect(decimalPlaces('3848')).toBe(0);
  });

  it('refuses strings that are not decimals', () => {
    expect(() => add('1.270,5', '1')).toThrow(/Không phải số thập phân hợp lệ/);
    expect(() => compare('abc', '1')).toThrow();
  });
});

describe('rounding half-up', () => {
  it('rounds halves away from zero', () => {
    expect(roundHalfUp('0.05', 1)).toBe('0.1');
    expect(roundHalfUp('0.04999', 1)).toBe('0');
    expect(roundHalfUp('-0.05', 1)).toBe('-0.1');
    expect(roundHalfUp('-0.04', 1)).toBe('0');
    expect(roundHalfUp('2.345', 2)).toBe('2.35');
    expect(roundHalfUp('16015.344', 2)).toBe('16015.34');
    expect(roundHalfUp('9.96', 1)).toBe('10');
    expect(roundHalfUp('12', 2)).toBe('12');
  });
});

describe('percentOf', () => {
  it('computes the seed percentages exactly', () => {
    expect(percentOf('2932', '3848')).toBe('76.2');
    expect(percentOf('162', '163')).toBe('99.4');
    expect(percentOf('70', '70')).toBe('100');
    expect(percentOf('4', '7')).toBe('57.1');
  });

  it('gives 83.4 for 630/755, not the 83,5 printed in the seed', () => {
    // 630 / 755 = 83.443…%, which rounds to 83.4.
    expect(percentOf('630', '755')).toBe('83.4');
  });

  it('rounds an exact half upwards', () => {
    expect(percentOf('1', '8')).toBe('12.5');
    expect(percentOf('1', '16')).toBe('6.3'); // 6.25 → 6.3
    expect(percentOf('1', '3')).toBe('33.3');
    expect(percentOf('2', '3')).toBe('66.7');
    expect(percentOf('0', '5')).toBe('0');
  });

  it('works with decimal operands', () => {
    expect(percentOf('0.5', '2')).toBe('25');
    expect(percentOf('16015.34', '32030.68')).toBe('50');
  });

  it('returns null for a zero denominator', () => {
    expect(percentOf('5', '0')).toBeNull();
    expect(percentOf('0', '0.00')).toBeNull();
  });

  it('rounds every exact tie of a tenth upwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 10_000 }), (t, m) => {
        // (2t + 1)·m / (2000·m) × 100 = t/10 + 0.05 exactly.
        const r = percentOf(String((2 * t + 1) * m), String(2000 * m));
        expect(r).toBe(toCanonical({ coef: BigInt(t + 1), scale: 1 }));
      }),
    );
  });

  it('lies within half a tenth of the exact ratio, ties going up (independent oracle)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const r = percentOf(n.toString(), d.toString())!;
        const tenths = scaled(r) / 10n ** BigInt(SCALE - 1);
        expect(scaled(r) % 10n ** BigInt(SCALE - 1)).toBe(0n);
        // (tenths - 0.5)/1000 ≤ n/d < (tenths + 0.5)/1000
        expect((2n * tenths - 1n) * d <= 2000n * n).toBe(true);
        expect(2000n * n < (2n * tenths + 1n) * d).toBe(true);
      }),
    );
  });
});

describe('fromNumber', () => {
  it('reads numeric Excel cells as Excel shows them', () => {
    expect(fromNumber(3848)).toBe('3848');
    expect(fromNumber(16015.34)).toBe('16015.34');
    expect(fromNumber(16015.340000000002)).toBe('16015.34');
    expect(fromNumber(0.1 + 0.2)).toBe('0.3');
    expect(fromNumber(-0)).toBe('0');
    expect(fromNumber(1.5e-7)).toBe('0.00000015');
    expect(fromNumber(1e21)).toBe('1000000000000000000000');
    expect(fromNumber(Number.NaN)).toBeNull();
    expect(fromNumber(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('gives back the decimal a short number was written from', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 4 }), (coef, scale) => {
        const s = toCanonical({ coef: BigInt(coef), scale });
        expect(fromNumber(Number(s))).toBe(s);
      }),
    );
  });
});
