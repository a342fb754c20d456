/**
 * Year-on-year placeholders: `{{prev CODE}}` (the year before the period's last year) and `{{change CODE}}`
 * ("tăng 5,6% so với năm 2024", "giảm …", "bằng năm 2024"), rounded half-up to one decimal like every percentage,
 * read from the period itself or from the previous year's totals; a missing previous year prints the marker.
 */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../shared/domain/aggregate';
import { createResolver, findPlaceholders, resolveText, runsToText, validatePlaceholders } from '../../shared/domain/placeholders';
import { WHOLE_PERIOD } from '../../shared/domain/records';
import { figureOf, indicatorInput, templateOf, unitOf } from '../support/builders';

const units = [unitOf(1, 'office')];
const indicators = [
  indicatorInput('DON', { byYear: true }),
  indicatorInput('DT', { byYear: true, kind: 'decimal', decimals: 2 }),
  indicatorInput('DU', { byYear: true }),
  indicatorInput('TL', { kind: 'ratio', byYear: true, ratio: { numerator: 'DU', denominator: 'DON' } }),
  indicatorInput('MO_HINH'),
];

function render(text: string, period: { fromYear: number; toYear: number }, figures: ReturnType<typeof figureOf>[], previous?: { year: number; values: Record<string, string | null> }) {
  const template = templateOf({ indicators, regime: { reportName: 'Năm', reportType: 'dinh-ky', period, recipient: 'Sở Nội vụ' } });
  const resolver = createResolver({ template, aggregation: aggregate(template, units, figures, period), period, padCounts: true, previous });
  return runsToText(resolveText(text, resolver));
}

describe('{{prev CODE}} and {{change CODE}}', () => {
  const annual = { fromYear: 2025, toYear: 2025 };
  it('compares an annual report with the previous year’s sealed totals, rounding as every percentage', () => {
    const fig = [figureOf(1, 'DON', 2025, 1056), figureOf(1, 'DU', 2025, 800)];
    const prev = { year: 2024, values: { DON: '1000', DU: '900', TL: '75', DT: '12.5' } };
    expect(render('Tiếp nhận {{DON}} đơn, {{change DON}} ({{prev DON}} đơn).', annual, fig, prev)).toBe('Tiếp nhận 1.056 đơn, tăng 5,6% so với năm 2024 (1.000 đơn).');
    // 800/900 − 1 = −11,11…% → "giảm 11,1%"; a ratio changes in points: 75,8% − 75% = 0,8 điểm.
    expect(render('{{change DU}}; {{change TL}}', annual, fig, prev)).toBe('giảm 11,1% so với năm 2024; tăng 0,8 điểm phần trăm so với năm 2024');
    expect(render('{{change DON}}', annual, [figureOf(1, 'DON', 2025, 1000)], prev)).toBe('bằng năm 2024');
    // Half-up at the second decimal: 1000 → 1000,5 is +0,05% → "0,1%"; 1000 → 1000,4 is under 0,1%.
    expect(render('{{change DT}}', annual, [figureOf(1, 'DT', 2025, '12.50625')], { year: 2024, values: { DT: '12.5' } })).toBe('tăng 0,1% so với năm 2024');
    expect(render('{{change DT}}', annual, [figureOf(1, 'DT', 2025, '12.505')], { year: 2024, values: { DT: '12.5' } })).toBe('tăng dưới 0,1% so với năm 2024');
    expect(render('{{change DON}}', annual, fig, { year: 2024, values: { DON: '0' } })).toBe('tăng 1.056 so với năm 2024');
  });

  it('reads the previous year from the period itself when the period holds it', () => {
    const period = { fromYear: 2021, toYear: 2023 };
    const fig = [figureOf(1, 'DON', 2022, 1300), figureOf(1, 'DON', 2023, 1200)];
    expect(render('{{prev DON}} → {{DON@3}}: {{change DON}}', period, fig)).toBe('1.300 → 1.200: giảm 7,7% so với năm 2022');
  });

  it('prints the missing marker when there is no previous-year value, and drops a [[? ]] clause on it', () => {
    const fig = [figureOf(1, 'DON', 2025, 10)];
    expect(render('Số đơn {{change DON}}.', annual, fig)).toBe('Số đơn [chưa có số liệu: don năm 2024].');
    expect(render('Số đơn {{change DON}}.', annual, fig, { year: 2024, values: { DON: null } })).toBe('Số đơn [chưa có số liệu: don năm 2024].');
    expect(render('Nhận {{DON}} đơn[[?, {{change DON}}]].', annual, fig)).toBe('Nhận 10 đơn.');
  });

  it('is accepted by the placeholder checks, and refused where it cannot mean anything', () => {
    const template = templateOf({ indicators });
    expect(findPlaceholders('{{prev DON}} {{change DON|cap}}').map((p) => [p.target, p.name, p.flags])).toEqual([
      ['prev', 'DON', []],
      ['change', 'DON', ['cap']],
    ]);
    expect(validatePlaceholders('Năm trước {{prev DON}} đơn, {{change DON}}.', template)).toEqual([]);
    expect(validatePlaceholders('{{change KHONG_CO}}', template)).toEqual(['Không có chỉ tiêu mã “KHONG_CO” trong mẫu báo cáo ({{change KHONG_CO}})']);
    expect(validatePlaceholders('{{change MO_HINH}}', template)[0]).toContain('không nhập theo từng năm');
    expect(WHOLE_PERIOD).toBe(0);
  });
});
