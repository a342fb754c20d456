import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCanonical } from '../../shared/domain/decimal';
import {
  formatCount,
  formatDocumentNumber,
  formatNumber,
  formatPercent,
  formatRatio,
  formatYear,
} from '../../shared/format/number';

describe('formatNumber', () => {
  it('writes the seed figures with "." between thousands', () => {
    expect(formatNumber('3848')).toBe('3.848');
    expect(formatNumber('2932')).toBe('2.932');
    expect(formatNumber('916')).toBe('916');
    expect(formatNumber('1270')).toBe('1.270');
    expect(formatNumber('66')).toBe('66');
    expect(formatNumber('179')).toBe('179');
    expect(formatNumber('1417')).toBe('1.417');
    expect(formatNumber('263440')).toBe('263.440');
  });

  it('writes 16015.34 as 16.015,34', () => {
    expect(formatNumber('16015.34')).toBe('16.015,34');
  });

  it('groups large and negative numbers', () => {
    expect(formatNumber('999')).toBe('999');
    expect(formatNumber('1000')).toBe('1.000');
    expect(formatNumber('1234567')).toBe('1.234.567');
    expect(formatNumber('-1270')).toBe('-1.270');
    expect(formatNumber('-0.5')).toBe('-0,5');
    expect(formatNumber('0')).toBe('0');
  });

  it('accepts JS numbers and bigints', () => {
    expect(formatNumber(3848)).toBe('3.848');
    expect(formatNumber(16015.34)).toBe('16.015,34');
    expect(formatNumber(263440n)).toBe('263.440');
  });

  it('rounds half-up to the requested decimals, optionally keeping zeros', () => {
    expect(formatNumber('16015.345', { decimals: 2 })).toBe('16.015,35');
    expect(formatNumber('16015.3', { decimals: 2 })).toBe('16.015,3');
    expect(formatNumber('16015.3', { decimals: 2, fixed: true })).toBe('16.015,30');
    expect(formatNumber('16015', { decimals: 2, fixed: true })).toBe('16.015,00');
    expect(formatNumber('1269.96', { decimals: 1 })).toBe('1.270');
  });

  it('passes text such as document numbers through untouched', () => {
    expect(formatNumber('4939/UBND-NC')).toBe('4939/UBND-NC');
    expect(formatNumber('Khoản 2 Điều 13')).toBe('Khoản 2 Điều 13');
    expect(formatNumber('')).toBe('');
  });

  it('never produces more than three digits between separators', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (n) => {
        const out = formatNumber(n.toString());
        expect(out).toMatch(/^-?\d{1,3}(\.\d{3})*$/);
        expect(out.replaceAll('.', '')).toBe(n.toString());
      }),
    );
  });

  it('keeps all decimal digits after the comma', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 6 }), (coef, scale) => {
        const c = toCanonical({ coef, scale });
        const [, frac = ''] = c.split('.');
        const out = formatNumber(c);
        expect(out.includes(',')).toBe(frac.length > 0);
        if (frac) expect(out.endsWith(`,${frac}`)).toBe(true);
      }),
    );
  });
});

describe('formatPercent', () => {
  it('writes one decimal with a comma and no space before %', () => {
    expect(formatPercent('76.2')).toBe('76,2%');
    expect(formatPercent('99.4')).toBe('99,4%');
    expect(formatPercent('57.1')).toBe('57,1%');
  });

  it('writes whole percentages without ",0"', () => {
    expect(formatPercent('100')).toBe('100%');
    expect(formatPercent('50')).toBe('50%');
    expect(formatPercent('0')).toBe('0%');
    expect(formatPercent('99.96')).toBe('100%');
  });

  it('rounds half-up to one decimal', () => {
    expect(formatPercent('76.19')).toBe('76,2%');
    expect(formatPercent('83.44')).toBe('83,4%');
    expect(formatPercent('12.25')).toBe('12,3%');
    expect(formatPercent(76.1954)).toBe('76,2%');
  });
});

describe('formatCount', () => {
  it('pads counts below 10 with a zero when asked', () => {
    expect(formatCount('3', true)).toBe('03');
    expect(formatCount(9, true)).toBe('09');
    expect(formatCount('1', true)).toBe('01');
  });

  it('never pads 0, counts of 10 or more, or when padding is off', () => {
    expect(formatCount('0', true)).toBe('0');
    expect(formatCount('10', true)).toBe('10');
    expect(formatCount('37', true)).toBe('37');
    expect(formatCount('3', false)).toBe('3');
    expect(formatCount('1270', true)).toBe('1.270');
  });

  it('leaves invalid counts visible as plain numbers', () => {
    expect(formatCount('-3', true)).toBe('-3');
    expect(formatCount('1.5', true)).toBe('1,5');
  });

  it('pads exactly the counts 1 to 9', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const out = formatCount(n, true);
        expect(out.startsWith('0') && out !== '0').toBe(n >= 1 && n <= 9);
      }),
    );
  });
});

describe('formatRatio', () => {
  it('writes the seed ratios', () => {
    expect(formatRatio('162', '163', true)).toBe('162/163');
    expect(formatRatio('70', '70', true)).toBe('70/70');
    expect(formatRatio('4', '7', true)).toBe('04/07');
    expect(formatRatio('4', '7', false)).toBe('4/7');
  });
});

describe('years and document numbers', () => {
  it('never groups a year', () => {
    expect(formatYear(2024)).toBe('2024');
    expect(formatYear(2021)).toBe('2021');
    expect(() => formatYear(2024.5)).toThrow();
  });

  it('pads document numbers below 10, as Nghị định 30 requires', () => {
    expect(formatDocumentNumber(5, 'BC-UBND')).toBe('05/BC-UBND');
    expect(formatDocumentNumber(4939, 'UBND-NC')).toBe('4939/UBND-NC');
    expect(formatDocumentNumber(12, '')).toBe('12');
    expect(() => formatDocumentNumber(0, 'BC-UBND')).toThrow(/Số văn bản không hợp lệ/);
  });
});
