/** Indicator kinds in one place: each kind's number-ness, computed-ness, typed parsing, validation and Excel format. */
import { describe, expect, it } from 'vitest';
import { INDICATOR_KINDS, isEnteredKind, isNumericKind, isQuantityKind, parseTyped, valueProblem } from '../../shared/domain/indicator-kinds';
import { IndicatorKind, type Indicator } from '../../shared/domain/template';
import { readIndicatorCell } from '../../electron/core/import/values';
import { indicatorInput, type IndicatorInput } from '../support/builders';

const ind = (kind: Indicator['kind'], extra: Partial<IndicatorInput> = {}): Indicator =>
  indicatorInput('X', { label: 'Chỉ tiêu X', unit: 'cái', kind, byYear: true, aggregate: 'sum', ...extra }) as Indicator;

describe('indicator kinds', () => {
  it('has one record for every kind of the template format', () => {
    expect(Object.keys(INDICATOR_KINDS).sort()).toEqual([...IndicatorKind.options].sort());
    expect(IndicatorKind.options.filter(isQuantityKind)).toEqual(['count', 'decimal']);
    expect(IndicatorKind.options.filter(isNumericKind)).toEqual(['count', 'decimal', 'ratio']);
    expect(IndicatorKind.options.filter((k) => !isEnteredKind(k))).toEqual(['ratio']);
    expect(INDICATOR_KINDS.decimal.excelFormat(ind('decimal', { decimals: 2 }))).toBe('#,##0.00');
    expect(INDICATOR_KINDS.count.excelFormat(ind('count'))).toBe('#,##0');
    expect(INDICATOR_KINDS.date.excelFormat(ind('date'))).toBe('dd/mm/yyyy');
  });

  it('says one message per problem, whoever asks: the importer, a save, the rules', () => {
    expect(valueProblem(ind('count'), '12')).toBeNull();
    expect(valueProblem(ind('count'), '1.5')).toMatchObject({ severity: 'error', code: 'count', message: 'số đếm phải là số nguyên không âm (giá trị 1,5)' });
    expect(valueProblem(ind('count'), '-3')?.message).toBe('số đếm phải là số nguyên không âm (giá trị -3)');
    expect(valueProblem(ind('decimal'), '-0.5')).toMatchObject({ code: 'decimal', message: 'số liệu không được âm (giá trị -0,5)' });
    expect(valueProblem(ind('decimal', { decimals: 1 }), '2.25')).toMatchObject({ severity: 'warning', code: 'decimals' });
    expect(valueProblem(ind('count'), 'abc')).toMatchObject({ code: 'number', message: '“abc” không phải là số' });
    expect(valueProblem(ind('date'), '2021-02-31')).toMatchObject({ code: 'date' });
    expect(valueProblem(ind('text'), 'x'.repeat(4001))?.message).toBe('nội dung dài quá 4.000 ký tự');
    expect(valueProblem(ind('ratio'), '50')?.code).toBe('computed');
    // The importer says the same words for the same problem.
    const cell = (v: number | string) => ({ v });
    expect(readIndicatorCell(ind('count'), cell(-3))).toEqual({ error: valueProblem(ind('count'), '-3')!.message });
    expect(readIndicatorCell(ind('decimal'), cell(-0.5))).toEqual({ error: valueProblem(ind('decimal'), '-0.5')!.message });
  });

  it('parses what the clerk types the Vietnamese way, and refuses what no kind accepts', () => {
    expect(parseTyped(ind('count'), ' 1.270 ')).toMatchObject({ ok: true, value: '1270' });
    expect(parseTyped(ind('count'), '')).toEqual({ ok: true, value: null, warnings: [] });
    expect(parseTyped(ind('decimal'), '16.015,34')).toMatchObject({ ok: true, value: '16015.34' });
    expect(parseTyped(ind('decimal'), '-2')).toEqual({ ok: false, message: '“Chỉ tiêu X”: số liệu không được âm (giá trị -2)' });
    expect(parseTyped(ind('decimal'), '5%')).toMatchObject({ ok: false });
    expect(parseTyped(ind('date'), '25/5/2021')).toMatchObject({ ok: true, value: '2021-05-25' });
    expect(parseTyped(ind('ratio'), '50')).toMatchObject({ ok: false });
    expect(parseTyped(ind('text'), '  Mô hình “Dân vận khéo”  ')).toMatchObject({ ok: true, value: 'Mô hình “Dân vận khéo”' });
  });
});
