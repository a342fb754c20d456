import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  aggregatedValue,
  contributingUnits,
  formatIndicatorValue,
  missingFigureText,
} from '../../shared/domain/aggregate';
import { sum } from '../../shared/domain/decimal';
import { type FigureDto, type UnitDto, WHOLE_PERIOD } from '../../shared/domain/records';
import { figureOf, indicatorInput, templateOf, unitOf } from '../support/builders';
import { formatRatio } from '../../shared/format/number';

const ind = indicatorInput;
const CQCM = { reporters: ['co-quan-chuyen-mon' as const], byYear: true };
const XA_PHUONG = { reporters: ['phuong' as const, 'xa' as const], byYear: true };

const template = templateOf({
  id: 'so-ket-ct08',
  name: 'Sơ kết Chỉ thị 08',
  title: { subject: 'Sơ kết 03 năm thực hiện Chỉ thị 08' },
  indicators: [
    ind('DON_TONG', { ...CQCM, label: 'Tổng số đơn nhận' }),
    ind('DON_DU_DK', CQCM),
    ind('DON_KHONG_DU_DK', CQCM),
    ind('DON_DU_DK_TYLE', { kind: 'ratio', byYear: true, ratio: { numerator: 'DON_DU_DK', denominator: 'DON_TONG' } }),
    ind('KN_DA_GQ'),
    ind('KN_TONG'),
    ind('KN_TYLE', { kind: 'ratio', ratio: { numerator: 'KN_DA_GQ', denominator: 'KN_TONG' } }),
    ind('TC_DA_GQ'),
    ind('TC_TONG'),
    ind('TC_TYLE', { kind: 'ratio', ratio: { numerator: 'TC_DA_GQ', denominator: 'TC_TONG' } }),
    ind('VU_DA_GQ'),
    ind('VU_TONG'),
    ind('VU_TYLE', { kind: 'ratio', ratio: { numerator: 'VU_DA_GQ', denominator: 'VU_TONG' } }),
    ind('HOA_GIAI_TIEP_NHAN', XA_PHUONG),
    ind('HOA_GIAI_THANH', XA_PHUONG),
    ind('HOA_GIAI_TYLE', { kind: 'ratio', ratio: { numerator: 'HOA_GIAI_THANH', denominator: 'HOA_GIAI_TIEP_NHAN' } }),
    ind('SO_THON', { ...XA_PHUONG, aggregate: 'max' }),
    ind('DIEN_TICH', { kind: 'decimal', decimals: 2, unit: 'ha' }),
    ind('DAN_SO', { noPad: true }),
    ind('SO_CQCM', { aggregate: 'none', reporters: ['office', 'co-quan-chuyen-mon'] }),
    ind('SO_LOP_TAP_HUAN', { label: 'Số lớp tập huấn' }),
    ind('QD_PHAN_CONG', { kind: 'docref' }),
    ind('NGAY_QD', { kind: 'date' }),
  ],
});

const unit = unitOf;
const units: UnitDto[] = [
  unit(1, 'office'),
  unit(2, 'co-quan-chuyen-mon'),
  unit(3, 'co-quan-chuyen-mon'),
  unit(4, 'phuong'),
  unit(5, 'phuong'),
  unit(6, 'xa'),
  unit(7, 'xa', false),
];

const f = figureOf;

/** [unitId, year, tổng, đủ điều kiện, không đủ điều kiện] adding up to the seed's 3.848 = 2.932 + 916. */
const DON: [number, number, number, number, number][] = [
  [2, 2021, 1000, 800, 200],
  [3, 2021, 200, 100, 100],
  [2, 2022, 1300, 1000, 300],
  [2, 2023, 1348, 1032, 316],
];
/** [unitId, year, tiếp nhận, thành, số thôn] adding up to 755 and 630. */
const HOA_GIAI: [number, number, number, number, number][] = [
  [4, 2021, 100, 80, 10], [4, 2022, 120, 100, 11], [4, 2023, 80, 70, 11],
  [5, 2021, 90, 75, 20], [5, 2022, 85, 70, 20], [5, 2023, 80, 65, 21],
  [6, 2021, 70, 60, 38], [6, 2022, 65, 55, 37], [6, 2023, 65, 55, 40],
];

const figures: FigureDto[] = [
  ...DON.flatMap(([u, y, t, d, k]) => [f(u, 'DON_TONG', y, t), f(u, 'DON_DU_DK', y, d), f(u, 'DON_KHONG_DU_DK', y, k)]),
  ...HOA_GIAI.flatMap(([u, y, t, h, th]) => [f(u, 'HOA_GIAI_TIEP_NHAN', y, t), f(u, 'HOA_GIAI_THANH', y, h), f(u, 'SO_THON', y, th)]),
  f(1, 'KN_DA_GQ', WHOLE_PERIOD, 162),
  f(1, 'KN_TONG', WHOLE_PERIOD, 163),
  f(1, 'TC_DA_GQ', WHOLE_PERIOD, 70),
  f(1, 'TC_TONG', WHOLE_PERIOD, 70),
  f(1, 'VU_DA_GQ', WHOLE_PERIOD, 4),
  f(1, 'VU_TONG', WHOLE_PERIOD, 7),
  f(1, 'DIEN_TICH', WHOLE_PERIOD, '16015.34'),
  f(1, 'DAN_SO', WHOLE_PERIOD, 263440),
  f(1, 'SO_CQCM', WHOLE_PERIOD, 12),
  f(2, 'SO_CQCM', WHOLE_PERIOD, 99),
  f(1, 'QD_PHAN_CONG', WHOLE_PERIOD, '2962/QĐ-UBND'),
  f(1, 'NGAY_QD', WHOLE_PERIOD, '2022-06-14'),
  // An inactive commune and a year outside the period must not count.
  f(7, 'HOA_GIAI_TIEP_NHAN', 2021, 1000),
  f(4, 'HOA_GIAI_TIEP_NHAN', 2020, 1000),
];

const period = { fromYear: 2021, toYear: 2023 };
const agg = aggregate(template, units, figures, period);
const v = (code: string, year?: number) => aggregatedValue(agg, code, year);

describe('aggregate over the seed figures', () => {
  it('adds units and years into the seed totals', () => {
    expect(v('DON_TONG')).toBe('3848');
    expect(v('DON_DU_DK')).toBe('2932');
    expect(v('DON_KHONG_DU_DK')).toBe('916');
    expect(v('HOA_GIAI_TIEP_NHAN')).toBe('755');
    expect(v('HOA_GIAI_THANH')).toBe('630');
  });

  it('keeps per-year totals of byYear indicators', () => {
    expect(agg.years).toEqual([2021, 2022, 2023]);
    expect(v('DON_TONG', 2021)).toBe('1200');
    expect(v('DON_TONG', 2022)).toBe('1300');
    expect(v('DON_TONG', 2023)).toBe('1348');
    expect(v('DON_TONG', 2020)).toBeNull();
  });

  it('computes ratios from totals, never by adding yearly percentages', () => {
    expect(v('DON_DU_DK_TYLE')).toBe('76.2');
    expect(v('DON_DU_DK_TYLE', 2021)).toBe('75');
    expect(v('KN_TYLE')).toBe('99.4');
    expect(v('TC_TYLE')).toBe('100');
    expect(v('HOA_GIAI_TYLE')).toBe('83.4');
  });

  it('takes the largest yearly total for a max indicator', () => {
    expect(v('SO_THON', 2021)).toBe('68');
    expect(v('SO_THON', 2023)).toBe('72');
    expect(v('SO_THON')).toBe('72');
  });

  it('takes only the office value for a none indicator', () => {
    expect(v('SO_CQCM')).toBe('12');
  });

  it('ignores inactive units and years outside the period', () => {
    expect(agg.indicators.HOA_GIAI_TIEP_NHAN.period.reportedUnitIds).toEqual([4, 5, 6]);
    expect(v('HOA_GIAI_TIEP_NHAN', 2021)).toBe('260');
  });

  it('marks an indicator nobody reported as missing, not zero', () => {
    expect(v('SO_LOP_TAP_HUAN')).toBeNull();
    expect(agg.indicators.SO_LOP_TAP_HUAN.missing).toBe(true);
    expect(agg.indicators.SO_LOP_TAP_HUAN.complete).toBe(false);
    expect(agg.indicators.DON_TONG.missing).toBe(false);
  });

  it('names the units that have not reported every year', () => {
    // Unit 3 reported 2021 only.
    expect(agg.indicators.DON_TONG.period.missingUnitIds).toEqual([3]);
    expect(agg.indicators.DON_TONG.years[2022].missingUnitIds).toEqual([3]);
    expect(agg.indicators.DON_TONG.years[2021].missingUnitIds).toEqual([]);
    expect(agg.indicators.DON_TONG.complete).toBe(false);
    expect(agg.indicators.HOA_GIAI_THANH.complete).toBe(true);
  });

  it('gives each unit its own period total', () => {
    expect(agg.unitTotals[2].DON_TONG).toBe('3648');
    expect(agg.unitTotals[3].DON_TONG).toBe('200');
    expect(agg.unitTotals[4].HOA_GIAI_TIEP_NHAN).toBe('300');
    expect(agg.unitTotals[4].HOA_GIAI_TYLE).toBe('83.3');
    expect(agg.unitTotals[6].SO_THON).toBe('40');
    expect(agg.unitTotals[7]).toBeUndefined();
  });

  it('passes text, document references and dates through', () => {
    expect(v('QD_PHAN_CONG')).toBe('2962/QĐ-UBND');
    expect(v('NGAY_QD')).toBe('2022-06-14');
  });
});

describe('aggregate with imperfect data', () => {
  it('leaves values that are not numbers out of the totals and lists them', () => {
    const bad = f(3, 'DON_TONG', 2022, 'một trăm');
    const a = aggregate(template, units, [...figures, bad], period);
    expect(aggregatedValue(a, 'DON_TONG')).toBe('3848');
    expect(a.indicators.DON_TONG.invalid).toEqual([bad]);
  });

  it('reads non-canonical numeric strings by their value', () => {
    const a = aggregate(template, units, [f(1, 'KN_TONG', WHOLE_PERIOD, '0163.0')], period);
    expect(aggregatedValue(a, 'KN_TONG')).toBe('163');
  });

  it('gives no ratio when the denominator is zero or missing', () => {
    const a = aggregate(template, units, [f(1, 'KN_DA_GQ', WHOLE_PERIOD, 0), f(1, 'KN_TONG', WHOLE_PERIOD, 0)], period);
    expect(aggregatedValue(a, 'KN_TYLE')).toBeNull();
    expect(aggregatedValue(a, 'TC_TYLE')).toBeNull();
    expect(a.indicators.TC_TYLE.missing).toBe(true);
  });

  it('gives no value for a none indicator when there is no office', () => {
    const a = aggregate(template, units.slice(1), figures, period);
    expect(aggregatedValue(a, 'SO_CQCM')).toBeNull();
    expect(contributingUnits(template.indicators.find((i) => i.code === 'SO_CQCM')!, units).map((u) => u.id)).toEqual([1]);
  });

  it('makes the period total equal the sum of unit totals for any figures', () => {
    const donUnits = [2, 3];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...donUnits), fc.constantFrom(2021, 2022, 2023), fc.nat({ max: 100_000 })), { maxLength: 20 }),
        (rows) => {
          const figs = rows.map(([u, y, n]) => f(u, 'DON_TONG', y, n));
          const a = aggregate(template, units, figs, period);
          const unitTotals = donUnits.map((u) => a.unitTotals[u]?.DON_TONG).filter((x): x is string => x != null);
          const expected = unitTotals.length === 0 ? null : sum(unitTotals);
          expect(aggregatedValue(a, 'DON_TONG')).toBe(expected);
          const yearTotals = a.years.map((y) => aggregatedValue(a, 'DON_TONG', y)).filter((x): x is string => x !== null);
          expect(expected === null ? null : sum(yearTotals)).toBe(expected);
        },
      ),
    );
  });
});

describe('formatIndicatorValue', () => {
  const byCode = (code: string) => template.indicators.find((i) => i.code === code)!;
  const pad = { padCounts: true };

  it('writes the seed figures as the report prints them', () => {
    expect(formatIndicatorValue(byCode('DON_TONG'), v('DON_TONG')!, pad)).toBe('3.848');
    expect(formatIndicatorValue(byCode('DON_DU_DK'), v('DON_DU_DK')!, pad)).toBe('2.932');
    expect(formatIndicatorValue(byCode('DON_DU_DK_TYLE'), v('DON_DU_DK_TYLE')!, pad)).toBe('76,2%');
    expect(formatIndicatorValue(byCode('KN_TYLE'), v('KN_TYLE')!, pad)).toBe('99,4%');
    expect(formatIndicatorValue(byCode('TC_TYLE'), v('TC_TYLE')!, pad)).toBe('100%');
    expect(formatIndicatorValue(byCode('DIEN_TICH'), v('DIEN_TICH')!, pad)).toBe('16.015,34');
    expect(formatIndicatorValue(byCode('DAN_SO'), v('DAN_SO')!, pad)).toBe('263.440');
    expect(formatRatio(v('KN_DA_GQ')!, v('KN_TONG')!, true)).toBe('162/163');
    expect(formatRatio(v('VU_DA_GQ')!, v('VU_TONG')!, true)).toBe('04/07');
    expect(formatIndicatorValue(byCode('VU_TYLE'), v('VU_TYLE')!, pad)).toBe('57,1%');
    expect(formatIndicatorValue(byCode('HOA_GIAI_TYLE'), v('HOA_GIAI_TYLE')!, pad)).toBe('83,4%');
  });

  it('pads counts below 10 per the setting, unless the indicator or placeholder says no', () => {
    expect(formatIndicatorValue(byCode('VU_DA_GQ'), '4', { padCounts: true })).toBe('04');
    expect(formatIndicatorValue(byCode('VU_DA_GQ'), '4', { padCounts: false })).toBe('4');
    expect(formatIndicatorValue(byCode('VU_DA_GQ'), '4', { padCounts: true, nopad: true })).toBe('4');
    expect(formatIndicatorValue(byCode('DAN_SO'), '4', { padCounts: true })).toBe('4');
  });

  it('rounds decimals to the indicator places', () => {
    expect(formatIndicatorValue(byCode('DIEN_TICH'), '16015.345', pad)).toBe('16.015,35');
  });

  it('writes dates as body dates and leaves document numbers ungrouped', () => {
    expect(formatIndicatorValue(byCode('NGAY_QD'), '2022-06-14', pad)).toBe('14/6/2022');
    expect(formatIndicatorValue(byCode('NGAY_QD'), 'chưa rõ', pad)).toBe('chưa rõ');
    expect(formatIndicatorValue(byCode('QD_PHAN_CONG'), '4939/UBND-NC', pad)).toBe('4939/UBND-NC');
  });

  it('names a missing figure visibly', () => {
    expect(missingFigureText('Số lớp tập huấn')).toBe('[chưa có số liệu: Số lớp tập huấn]');
  });
});
