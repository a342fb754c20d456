import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCanonical } from '../../shared/domain/decimal';
import { formatNumber, formatPercent } from '../../shared/format/number';
import { COUNT_MESSAGE, type NumberParse, parseCount, parseVietnameseNumber } from '../../shared/format/parse-number';

function valueOf(r: NumberParse): string {
  if (r.kind !== 'number') throw new Error(`expected a number, got ${JSON.stringify(r)}`);
  return r.value;
}

describe('parseVietnameseNumber', () => {
  it('reads "." as the thousands separator', () => {
    expect(parseVietnameseNumber('1.270')).toEqual({ kind: 'number', value: '1270', percent: false, warnings: [] });
    expect(valueOf(parseVietnameseNumber('3.848'))).toBe('3848');
    expect(valueOf(parseVietnameseNumber('263.440'))).toBe('263440');
    expect(valueOf(parseVietnameseNumber('1.234.567'))).toBe('1234567');
  });

  it('reads "," as the decimal separator', () => {
    expect(parseVietnameseNumber('16.015,34')).toEqual({ kind: 'number', value: '16015.34', percent: false, warnings: [] });
    expect(valueOf(parseVietnameseNumber('0,5'))).toBe('0.5');
    expect(valueOf(parseVietnameseNumber('12,50'))).toBe('12.5');
  });

  it('reads percentages with or without a space, and with a dot decimal', () => {
    for (const s of ['76,2%', '76,2 %', '76.2%']) {
      const r = parseVietnameseNumber(s);
      expect(r.kind === 'number' && r.percent, s).toBe(true);
      expect(valueOf(r), s).toBe('76.2');
    }
  });

  it('warns when a dot is read as a decimal point', () => {
    const r = parseVietnameseNumber('76.2%');
    expect(r.kind === 'number' && r.warnings.join()).toMatch(/dấu thập phân/);
  });

  it('reads space and non-breaking-space thousands groups', () => {
    expect(valueOf(parseVietnameseNumber('1 270'))).toBe('1270');
    expect(valueOf(parseVietnameseNumber('1\u00A0270'))).toBe('1270');
    expect(valueOf(parseVietnameseNumber('263\u202F440'))).toBe('263440');
    expect(valueOf(parseVietnameseNumber('16 015,34'))).toBe('16015.34');
  });

  it('ignores leading and trailing spaces', () => {
    expect(valueOf(parseVietnameseNumber('  916 '))).toBe('916');
    expect(valueOf(parseVietnameseNumber('\t1.417\u00A0'))).toBe('1417');
  });

  it('reads signs', () => {
    expect(valueOf(parseVietnameseNumber('-1.270'))).toBe('-1270');
    expect(valueOf(parseVietnameseNumber('\u22125'))).toBe('-5');
    expect(valueOf(parseVietnameseNumber('+5'))).toBe('5');
    expect(valueOf(parseVietnameseNumber('-0'))).toBe('0');
  });

  it('treats "-", "x", "/", "không" and blank as empty, which is not zero', () => {
    for (const s of ['', '   ', '-', 'x', 'X', '/', 'không', 'Không', 'KHÔNG', '–'])
      expect(parseVietnameseNumber(s), JSON.stringify(s)).toEqual({ kind: 'empty' });
    expect(parseVietnameseNumber(null)).toEqual({ kind: 'empty' });
    expect(parseVietnameseNumber(undefined)).toEqual({ kind: 'empty' });
    expect(valueOf(parseVietnameseNumber('0'))).toBe('0');
  });

  it('recognises "không" typed in decomposed Unicode', () => {
    expect(parseVietnameseNumber('không'.normalize('NFD'))).toEqual({ kind: 'empty' });
  });

  it('strips a footnote marker with a warning', () => {
    const r = parseVietnameseNumber('12*');
    expect(valueOf(r)).toBe('12');
    expect(r.kind === 'number' && r.warnings).toEqual([expect.stringMatching(/chú thích/)]);
    expect(valueOf(parseVietnameseNumber('1.270 (*)'))).toBe('1270');
  });

  it('reports the ambiguous "1,270" in a count column instead of accepting it silently', () => {
    const r = parseVietnameseNumber('1,270', { integer: true });
    expect(valueOf(r)).toBe('1270');
    expect(r.kind === 'number' && r.warnings.join()).toMatch(/không rõ nghĩa/);
  });

  it('reads "1,270" as 1,27 in a decimal column, still with a warning', () => {
    const r = parseVietnameseNumber('1,270');
    expect(valueOf(r)).toBe('1.27');
    expect(r.kind === 'number' && r.warnings.join()).toMatch(/1\.270/);
  });

  it('does not warn about a comma followed by other than three digits', () => {
    const r = parseVietnameseNumber('1,27');
    expect(r).toEqual({ kind: 'number', value: '1.27', percent: false, warnings: [] });
  });

  it('accepts English-style numbers with a warning', () => {
    const r = parseVietnameseNumber('1,234.56');
    expect(valueOf(r)).toBe('1234.56');
    expect(r.kind === 'number' && r.warnings.join()).toMatch(/tiếng Anh/);
    const g = parseVietnameseNumber('1,234,567');
    expect(valueOf(g)).toBe('1234567');
    expect(g.kind === 'number' && g.warnings.length).toBe(1);
  });

  it('says a unit word typed with the number is the problem, not a space ("12 người")', () => {
    expect(parseVietnameseNumber('12 người')).toEqual({ kind: 'invalid', message: '“12 người” không phải là số: có chữ “người” đi kèm; chỉ gõ số (12), đơn vị tính đã ghi sẵn trong biểu mẫu' });
    expect(parseVietnameseNumber('khoảng 1.270 đơn')).toMatchObject({ message: expect.stringContaining('có chữ “khoảng đơn” đi kèm; chỉ gõ số (1.270)') });
    expect(parseVietnameseNumber('12 34')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('khoảng trắng không đúng chỗ') });
  });

  it('rejects malformed numbers with a Vietnamese message', () => {
    for (const s of ['12a', '1.2.3', '1..2', '1,2,3', '1 2', '1.270,5,6', 'abc', '%', '12,', ',5', '1.23,4.5']) {
      const r = parseVietnameseNumber(s);
      expect(r.kind, s).toBe('invalid');
      expect(r.kind === 'invalid' && r.message, s).toMatch(/không phải là số/);
    }
  });

  it('takes numeric Excel cells as they are', () => {
    expect(parseVietnameseNumber(16015.34)).toEqual({ kind: 'number', value: '16015.34', percent: false, warnings: [] });
    expect(parseVietnameseNumber(Number.NaN).kind).toBe('invalid');
  });

  it('reads back what formatNumber writes, for integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (n) => {
        const c = n.toString();
        expect(valueOf(parseVietnameseNumber(formatNumber(c), { integer: true }))).toBe(c);
        expect(valueOf(parseVietnameseNumber(formatNumber(c)))).toBe(c);
      }),
    );
  });

  it('reads back what formatNumber writes, for decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (coef, scale) => {
        const c = toCanonical({ coef, scale });
        expect(valueOf(parseVietnameseNumber(formatNumber(c)))).toBe(c);
      }),
    );
  });

  it('reads back what formatPercent writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (tenths) => {
        const c = toCanonical({ coef: BigInt(tenths), scale: 1 });
        const r = parseVietnameseNumber(formatPercent(c));
        expect(r.kind === 'number' && r.percent).toBe(true);
        expect(valueOf(r)).toBe(c);
      }),
    );
  });
});

describe('parseCount', () => {
  it('accepts the seed counts', () => {
    for (const [text, value] of [
      ['3.848', '3848'],
      ['2.932', '2932'],
      ['916', '916'],
      ['1.270', '1270'],
      ['66', '66'],
      ['179', '179'],
      ['1.417', '1417'],
      ['03', '3'],
    ])
      expect(valueOf(parseCount(text)), text).toBe(value);
  });

  it('rejects negatives and fractions with the Vietnamese message', () => {
    for (const s of ['-3', '1,5', '2.5', -1, 0.5]) {
      const r = parseCount(s);
      expect(r.kind, String(s)).toBe('invalid');
      expect(r.kind === 'invalid' && r.message, String(s)).toContain(COUNT_MESSAGE);
    }
    expect(COUNT_MESSAGE).toBe('Số đếm phải là số nguyên không âm');
  });

  it('rejects percentages', () => {
    const r = parseCount('50%');
    expect(r.kind === 'invalid' && r.message).toMatch(/phần trăm/);
  });

  it('suspects 1,27 from an English-locale machine of being 1.270', () => {
    const r = parseCount(1.27);
    expect(r.kind === 'invalid' && r.message).toMatch(/Có thể số 1\.270/);
    const far = parseCount(1.2345);
    expect(far.kind === 'invalid' && far.message).not.toMatch(/Có thể/);
  });

  it('keeps empty apart from zero', () => {
    expect(parseCount('-')).toEqual({ kind: 'empty' });
    expect(valueOf(parseCount('0'))).toBe('0');
  });
});
