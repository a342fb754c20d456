import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blankHeaderDate,
  daysInMonth,
  excelSerialToIso,
  formatBodyDate,
  formatHeaderDate,
  isValidIsoDate,
  parseVietnameseDate,
  toIsoDate,
} from '../../shared/format/date';

/** Any real calendar date between 1900 and 2199. */
const dateArb = fc
  .record({ year: fc.integer({ min: 1900, max: 2199 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter((d) => d.day <= daysInMonth(d.year, d.month))
  .map(toIsoDate);

describe('formatHeaderDate', () => {
  it('pads the day below 10 and the months January and February', () => {
    expect(formatHeaderDate('2024-01-05')).toBe('ngày 05 tháng 01 năm 2024');
    expect(formatHeaderDate('2024-01-31')).toBe('ngày 31 tháng 01 năm 2024');
    expect(formatHeaderDate('2023-02-09')).toBe('ngày 09 tháng 02 năm 2023');
  });

  it('does not pad months 3 to 12', () => {
    expect(formatHeaderDate('2019-06-29')).toBe('ngày 29 tháng 6 năm 2019');
    expect(formatHeaderDate('2017-07-06')).toBe('ngày 06 tháng 7 năm 2017');
    expect(formatHeaderDate('2022-08-04')).toBe('ngày 04 tháng 8 năm 2022');
    expect(formatHeaderDate('2022-10-27')).toBe('ngày 27 tháng 10 năm 2022');
  });

  it('pads every month when the office asks for it', () => {
    expect(formatHeaderDate('2022-08-04', { padAllMonths: true })).toBe('ngày 04 tháng 08 năm 2022');
  });

  it('puts the place name before the date', () => {
    expect(formatHeaderDate('2024-05-10', { place: 'Quảng Ngãi' })).toBe('Quảng Ngãi, ngày 10 tháng 5 năm 2024');
  });

  it('refuses impossible dates with a Vietnamese message', () => {
    expect(() => formatHeaderDate('2024-02-30')).toThrow(/Ngày không hợp lệ/);
    expect(() => formatHeaderDate('5/1/2024')).toThrow(/Ngày không hợp lệ/);
  });
});

describe('formatBodyDate', () => {
  it('writes the seed dates', () => {
    expect(formatBodyDate('2021-05-25')).toBe('25/5/2021');
    expect(formatBodyDate('2023-02-09')).toBe('09/02/2023');
    expect(formatBodyDate('2022-08-04')).toBe('04/8/2022');
    expect(formatBodyDate('2022-10-27')).toBe('27/10/2022');
    expect(formatBodyDate('2024-02-28')).toBe('28/02/2024');
    expect(formatBodyDate('2010-06-08')).toBe('08/6/2010');
  });

  it('pads all months on request', () => {
    expect(formatBodyDate('2024-04-17', { padAllMonths: true })).toBe('17/04/2024');
  });
});

describe('blankHeaderDate', () => {
  it('leaves the day and month blank for an unissued document', () => {
    expect(blankHeaderDate(2024)).toBe('ngày      tháng      năm 2024');
    expect(blankHeaderDate(2024, 'Quảng Ngãi')).toBe('Quảng Ngãi, ngày      tháng      năm 2024');
  });
});

describe('parseVietnameseDate', () => {
  it('reads d/m/yyyy and dd/mm/yyyy', () => {
    expect(parseVietnameseDate('25/5/2021')).toBe('2021-05-25');
    expect(parseVietnameseDate('17/04/2024')).toBe('2024-04-17');
    expect(parseVietnameseDate('4/8/2022')).toBe('2022-08-04');
    expect(parseVietnameseDate(' 09-02-2023 ')).toBe('2023-02-09');
    expect(parseVietnameseDate('09.02.2023')).toBe('2023-02-09');
  });

  it('reads the long form, with or without a place', () => {
    expect(parseVietnameseDate('ngày 19 tháng 6 năm 2015')).toBe('2015-06-19');
    expect(parseVietnameseDate('Ngày 05 tháng 01 năm 2024')).toBe('2024-01-05');
    expect(parseVietnameseDate('Quảng Ngãi, ngày 31 tháng 01 năm 2024')).toBe('2024-01-31');
    expect(parseVietnameseDate('NGÀY 5 THÁNG 1 NĂM 2024')).toBe('2024-01-05');
  });

  it('reads ISO dates and two-digit years', () => {
    expect(parseVietnameseDate('2024-04-17')).toBe('2024-04-17');
    expect(parseVietnameseDate('2024-04-17T00:00:00.000Z')).toBe('2024-04-17');
    expect(parseVietnameseDate('25/5/21')).toBe('2021-05-25');
  });

  it('rejects impossible dates', () => {
    expect(parseVietnameseDate('31/2/2024')).toBeNull();
    expect(parseVietnameseDate('29/2/2023')).toBeNull();
    expect(parseVietnameseDate('31/4/2024')).toBeNull();
    expect(parseVietnameseDate('0/1/2024')).toBeNull();
    expect(parseVietnameseDate('1/13/2024')).toBeNull();
    expect(parseVietnameseDate('2024-13-01')).toBeNull();
  });

  it('accepts 29 February in leap years only', () => {
    expect(parseVietnameseDate('29/2/2024')).toBe('2024-02-29');
    expect(parseVietnameseDate('29/2/2000')).toBe('2000-02-29');
    expect(parseVietnameseDate('29/2/1900')).toBeNull();
  });

  it('rejects text that is not a date', () => {
    for (const s of ['', 'hôm nay', '4939/UBND-NC', '25/5', '25/5/202', null, undefined])
      expect(parseVietnameseDate(s), String(s)).toBeNull();
  });

  it('reads Excel serial dates', () => {
    expect(parseVietnameseDate(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45658)).toBe('2025-01-01');
    expect(excelSerialToIso(45399.75)).toBe('2024-04-17');
    expect(excelSerialToIso(0)).toBeNull();
  });

  it('round-trips body and header dates', () => {
    fc.assert(
      fc.property(dateArb, fc.boolean(), (iso, padAllMonths) => {
        expect(parseVietnameseDate(formatBodyDate(iso, { padAllMonths }))).toBe(iso);
        expect(parseVietnameseDate(formatHeaderDate(iso, { padAllMonths, place: 'Quảng Ngãi' }))).toBe(iso);
      }),
    );
  });

  it('reads Excel serials consistently with the calendar', () => {
    // Serial n and n+1 are consecutive days; checked against a days-in-month walk.
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 80_000 }), (serial) => {
        const a = excelSerialToIso(serial)!;
        const b = excelSerialToIso(serial + 1)!;
        expect(isValidIsoDate(a) && isValidIsoDate(b)).toBe(true);
        const [y, m, d] = a.split('-').map(Number);
        const next = d < daysInMonth(y, m) ? toIsoDate({ year: y, month: m, day: d + 1 }) : m < 12 ? toIsoDate({ year: y, month: m + 1, day: 1 }) : toIsoDate({ year: y + 1, month: 1, day: 1 });
        expect(b).toBe(next);
      }),
    );
  });
});
