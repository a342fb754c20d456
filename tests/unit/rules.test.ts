import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FigureDto, type UnitDto, WHOLE_PERIOD } from '../../shared/domain/records';
import { evaluateRules, type RuleResult, summarizeResults } from '../../shared/domain/rules';
import { figureOf, indicatorInput, templateOf, unitOf, type IndicatorInput, type RuleInput } from '../support/builders';

const ind = (code: string, label: string, extra: Partial<IndicatorInput> = {}): IndicatorInput =>
  indicatorInput(code, { label, reporters: ['co-quan-chuyen-mon'], byYear: true, ...extra });

const RULES: RuleInput[] = [
  {
    id: 'don-tong',
    kind: 'sum',
    total: 'DON_TONG',
    parts: ['DON_DU_DK', 'DON_KHONG_DU_DK'],
    message: 'Tổng số đơn phải bằng số đơn đủ điều kiện cộng không đủ điều kiện',
  },
  {
    id: 'hoa-giai',
    kind: 'lte',
    left: 'HG_THANH',
    right: 'HG_TIEP_NHAN',
    scope: 'total',
    severity: 'warning',
    message: 'Số vụ hòa giải thành không vượt quá số vụ tiếp nhận',
  },
  { id: 'dvhc', kind: 'sum', total: 'DVHC', parts: ['PHUONG', 'XA'], scope: 'unit', message: 'Số ĐVHC bằng số phường cộng số xã' },
  { id: 'thon', kind: 'sum', total: 'THON', parts: ['THON_A', 'THON_B'], scope: 'total', message: 'Số thôn bằng tổng hai loại' },
  { id: 'kn', kind: 'eq', left: 'KN_TYLE', right: 'TC_TYLE', scope: 'total', message: 'Hai tỷ lệ bằng nhau' },
];

function makeTemplate(rules: RuleInput[] = RULES) {
  return templateOf({
    indicators: [
      ind('DON_TONG', 'Tổng số đơn'),
      ind('DON_DU_DK', 'Đơn đủ điều kiện'),
      ind('DON_KHONG_DU_DK', 'Đơn không đủ điều kiện'),
      ind('HG_TIEP_NHAN', 'Vụ hòa giải tiếp nhận', { reporters: ['phuong', 'xa'] }),
      ind('HG_THANH', 'Vụ hòa giải thành', { reporters: ['phuong', 'xa'] }),
      ind('DVHC', 'Số ĐVHC', { reporters: ['office'], byYear: false }),
      ind('PHUONG', 'Số phường', { reporters: ['office'], byYear: false }),
      ind('XA', 'Số xã', { reporters: ['office'], byYear: false }),
      ind('THON', 'Số thôn', { reporters: ['xa'], aggregate: 'max' }),
      ind('THON_A', 'Thôn loại A', { reporters: ['xa'], aggregate: 'max' }),
      ind('THON_B', 'Thôn loại B', { reporters: ['xa'], aggregate: 'max' }),
      ind('DIEN_TICH', 'Diện tích', { kind: 'decimal', decimals: 2, reporters: ['office'], byYear: false }),
      ind('KN_DA_GQ', 'Khiếu nại đã giải quyết', { reporters: ['office'], byYear: false }),
      ind('KN_TONG', 'Khiếu nại', { reporters: ['office'], byYear: false }),
      ind('KN_TYLE', 'Tỷ lệ giải quyết khiếu nại', {
        kind: 'ratio',
        byYear: false,
        reporters: ['office'],
        ratio: { numerator: 'KN_DA_GQ', denominator: 'KN_TONG' },
      }),
      ind('TC_DA_GQ', 'Tố cáo đã giải quyết', { reporters: ['office'], byYear: false }),
      ind('TC_TONG', 'Tố cáo', { reporters: ['office'], byYear: false }),
      ind('TC_TYLE', 'Tỷ lệ giải quyết tố cáo', {
        kind: 'ratio',
        byYear: false,
        reporters: ['office'],
        ratio: { numerator: 'TC_DA_GQ', denominator: 'TC_TONG' },
      }),
    ],
    rules,
  });
}

const template = makeTemplate();
const unit = (id: number, kind: UnitDto['kind'], active = true): UnitDto => ({ ...unitOf(id, kind, active), sample: false });
const units = [unit(1, 'office'), unit(2, 'co-quan-chuyen-mon'), unit(3, 'co-quan-chuyen-mon'), unit(6, 'xa'), unit(7, 'xa', false)];
const period = { fromYear: 2021, toYear: 2023 };
const f = figureOf;

/** Unit 2 reports the seed's 3.848 = 2.932 + 916 spread over three years. */
const seedDon: FigureDto[] = [
  [2021, 1200, 900, 300],
  [2022, 1300, 1000, 300],
  [2023, 1348, 1032, 316],
].flatMap(([y, t, d, k]) => [f(2, 'DON_TONG', y, t), f(2, 'DON_DU_DK', y, d), f(2, 'DON_KHONG_DU_DK', y, k)]);

const pick = (rs: RuleResult[], q: Partial<RuleResult>) =>
  rs.filter((r) => Object.entries(q).every(([k, val]) => r[k as keyof RuleResult] === val));
const one = (rs: RuleResult[], q: Partial<RuleResult>) => {
  const found = pick(rs, q);
  expect(found, JSON.stringify(q)).toHaveLength(1);
  return found[0];
};

describe('template rules on totals', () => {
  const results = evaluateRules(template, units, seedDon, period);

  it('passes the seed total 3.848 = 2.932 + 916, a pass keeping the rule message alone (numbers only for failures)', () => {
    const r = one(results, { ruleId: 'don-tong', scope: 'total', year: WHOLE_PERIOD });
    expect(r.status).toBe('ok');
    expect(r.severity).toBe('error');
    expect(r.message).toBe('Tổng số đơn phải bằng số đơn đủ điều kiện cộng không đủ điều kiện');
    expect(r.codes).toEqual(['DON_TONG', 'DON_DU_DK', 'DON_KHONG_DU_DK']);
  });

  it('checks each year of byYear indicators as well as the period', () => {
    const years = pick(results, { ruleId: 'don-tong', scope: 'total' }).map((r) => r.year);
    expect(years).toEqual([2021, 2022, 2023, WHOLE_PERIOD]);
    expect(one(results, { ruleId: 'don-tong', scope: 'total', year: 2023 }).status).toBe('ok');
  });

  it('fails when the parts do not add up, with the actual numbers in Vietnamese format', () => {
    const figs = seedDon.map((x) => (x.code === 'DON_KHONG_DU_DK' && x.year === 2023 ? { ...x, value: '315' } : x));
    const rs = evaluateRules(template, units, figs, period);
    const r = one(rs, { ruleId: 'don-tong', scope: 'total', year: WHOLE_PERIOD });
    expect(r.status).toBe('failed');
    expect(r.message).toBe('Tổng số đơn phải bằng số đơn đủ điều kiện cộng không đủ điều kiện (số liệu: 3.848 ≠ 2.932 + 915 = 3.847)');
    expect(one(rs, { ruleId: 'don-tong', scope: 'total', year: 2022 }).status).toBe('ok');
    expect(one(rs, { ruleId: 'don-tong', scope: 'unit', unitId: 2, year: 2023 }).status).toBe('failed');
  });

  it('is incomplete, not failed, when a referenced value is missing', () => {
    const rs = evaluateRules(template, units, seedDon.filter((x) => x.code !== 'DON_KHONG_DU_DK'), period);
    const r = one(rs, { ruleId: 'don-tong', scope: 'total', year: WHOLE_PERIOD });
    expect(r.status).toBe('incomplete');
    expect(r.codes).toEqual(['DON_KHONG_DU_DK']);
    expect(r.message).toBe(
      'Tổng số đơn phải bằng số đơn đủ điều kiện cộng không đủ điều kiện (chưa đủ số liệu để kiểm tra, còn thiếu: Đơn không đủ điều kiện)',
    );
  });

  it('keeps the rule severity and compares with ≤', () => {
    const figs = [f(6, 'HG_TIEP_NHAN', 2021, 755), f(6, 'HG_THANH', 2021, 756)];
    const r = one(evaluateRules(template, units, figs, period), { ruleId: 'hoa-giai', year: 2021 });
    expect(r).toMatchObject({ status: 'failed', severity: 'warning', scope: 'total' });
    expect(r.message).toContain('(số liệu năm 2021: 756 > 755)');
  });

  it('does not check a sum rule on the period when years combine by max', () => {
    const figs = [
      f(6, 'THON', 2021, 10), f(6, 'THON_A', 2021, 4), f(6, 'THON_B', 2021, 6),
      f(6, 'THON', 2022, 12), f(6, 'THON_A', 2022, 7), f(6, 'THON_B', 2022, 5),
    ];
    const rs = pick(evaluateRules(template, units, figs, period), { ruleId: 'thon' });
    expect(rs.map((r) => r.year)).toEqual([2021, 2022, 2023]);
    expect(rs.map((r) => r.status)).toEqual(['ok', 'ok', 'incomplete']);
  });

  it('compares ratios computed from their parts and prints them as percentages', () => {
    const figs = [f(1, 'KN_DA_GQ', 0, 162), f(1, 'KN_TONG', 0, 163), f(1, 'TC_DA_GQ', 0, 70), f(1, 'TC_TONG', 0, 70)];
    const r = one(evaluateRules(template, units, figs, period), { ruleId: 'kn' });
    expect(r.status).toBe('failed');
    expect(r.message).toContain('99,4% ≠ 100%');
  });
});

describe('template rules on units', () => {
  it('checks every unit that reports the indicators, and no other', () => {
    const rs = evaluateRules(template, units, seedDon, period);
    const unitIds = [...new Set(pick(rs, { ruleId: 'don-tong', scope: 'unit' }).map((r) => r.unitId))];
    expect(unitIds).toEqual([2, 3]);
    expect(one(rs, { ruleId: 'don-tong', scope: 'unit', unitId: 2, year: WHOLE_PERIOD }).status).toBe('ok');
    expect(one(rs, { ruleId: 'don-tong', scope: 'unit', unitId: 3, year: 2021 }).status).toBe('incomplete');
  });

  it('respects the rule scope', () => {
    const rs = evaluateRules(template, units, [f(1, 'DVHC', 0, 23), f(1, 'PHUONG', 0, 9), f(1, 'XA', 0, 14)], period);
    expect(pick(rs, { ruleId: 'dvhc', scope: 'total' })).toHaveLength(0);
    expect(one(rs, { ruleId: 'dvhc', scope: 'unit', unitId: 1 })).toMatchObject({ status: 'ok', year: WHOLE_PERIOD });
    expect(pick(rs, { ruleId: 'hoa-giai', scope: 'unit' })).toHaveLength(0);
  });

  it('passes exactly when each unit total equals the sum of its parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), fc.integer({ min: -3, max: 3 })), { minLength: 3, maxLength: 3 }),
        (rows) => {
          const figs = rows.flatMap(([d, k, err], i) => [
            f(2, 'DON_TONG', 2021 + i, d + k + err),
            f(2, 'DON_DU_DK', 2021 + i, d),
            f(2, 'DON_KHONG_DU_DK', 2021 + i, k),
          ]);
          const rs = evaluateRules(template, units, figs, period);
          rows.forEach(([, , err], i) =>
            expect(one(rs, { ruleId: 'don-tong', scope: 'unit', unitId: 2, year: 2021 + i }).status).toBe(err === 0 ? 'ok' : 'failed'),
          );
          const totalErr = rows.reduce((s, [, , e]) => s + e, 0);
          expect(one(rs, { ruleId: 'don-tong', scope: 'total', year: WHOLE_PERIOD }).status).toBe(totalErr === 0 ? 'ok' : 'failed');
        },
      ),
    );
  });
});

describe('implied checks', () => {
  const implied = (figs: FigureDto[]) => evaluateRules(makeTemplate([]), units, figs, period);

  it('reports nothing for clean figures', () => {
    expect(implied([...seedDon, f(1, 'DIEN_TICH', 0, '16015.34')])).toEqual([]);
  });

  it('reports counts that are not non-negative integers', () => {
    const rs = implied([f(2, 'DON_TONG', 2021, '1.5'), f(3, 'DON_TONG', 2022, '-3')]);
    expect(rs).toHaveLength(2);
    expect(rs[0]).toMatchObject({ ruleId: 'implied-count', scope: 'unit', unitId: 2, year: 2021, status: 'failed', severity: 'error', codes: ['DON_TONG'] });
    expect(rs[0].message).toBe('"Tổng số đơn": số đếm phải là số nguyên không âm (giá trị 1,5)');
    expect(rs[1].message).toContain('-3');
  });

  it('reports stored values that are not numbers', () => {
    const [r] = implied([f(2, 'DON_TONG', 2021, '1.270,5')]);
    expect(r).toMatchObject({ ruleId: 'implied-number', severity: 'error' });
    expect(r.message).toBe('"Tổng số đơn": “1.270,5” không phải là số');
  });

  it('reports negative decimals, and more decimals than the report prints as a warning', () => {
    expect(implied([f(1, 'DIEN_TICH', 0, '-2')])[0]).toMatchObject({ ruleId: 'implied-decimal', severity: 'error' });
    const [r] = implied([f(1, 'DIEN_TICH', 0, '16015.345')]);
    expect(r).toMatchObject({ ruleId: 'implied-decimals', severity: 'warning' });
    expect(r.message).toContain('16.015,345 sẽ thành 16.015,35');
  });

  it('warns that a typed-in ratio is ignored', () => {
    const [r] = implied([f(1, 'KN_TYLE', 0, '99')]);
    expect(r).toMatchObject({ ruleId: 'implied-ratio-derived', severity: 'warning', codes: ['KN_TYLE'] });
  });

  it('warns about a ratio above 100%', () => {
    const [r] = implied([f(1, 'KN_DA_GQ', 0, 164), f(1, 'KN_TONG', 0, 163)]);
    expect(r).toMatchObject({ ruleId: 'implied-ratio', scope: 'total', year: WHOLE_PERIOD, severity: 'warning' });
    expect(r.message).toContain('100,6%');
    expect(r.codes).toEqual(['KN_TYLE', 'KN_DA_GQ', 'KN_TONG']);
  });

  it('ignores inactive units, units that do not report, and years outside the period', () => {
    expect(implied([f(7, 'HG_THANH', 2021, '-1'), f(1, 'DON_TONG', 2021, '-1'), f(2, 'DON_TONG', 2019, '-1')])).toEqual([]);
  });
});

describe('summarizeResults', () => {
  it('counts errors, warnings and incomplete checks', () => {
    const rs = evaluateRules(template, units, [...seedDon, f(6, 'HG_TIEP_NHAN', 2021, 1), f(6, 'HG_THANH', 2021, 2), f(2, 'DON_TONG', 2021, '1.5')], period);
    const s = summarizeResults(rs);
    expect(s.errors).toBeGreaterThan(0);
    expect(s.warnings).toBe(pick(rs, { status: 'failed', severity: 'warning' }).length);
    expect(s.incomplete).toBe(pick(rs, { status: 'incomplete' }).length);
    expect(s.errors).toBe(pick(rs, { status: 'failed', severity: 'error' }).length);
  });
});
