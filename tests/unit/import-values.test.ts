/** How one cell of a unit's return becomes a stored value: what units really type, and what is refused. */
import { describe, expect, it } from 'vitest';
import { readIndicatorCell, readListCell } from '../../electron/core/import/values';
import type { Indicator, ListColumn } from '../../shared/domain/template';
import type { Cell } from '../../electron/core/xlsx/read';

const ind = (kind: Indicator['kind'], extra: Partial<Indicator> = {}): Indicator => ({
  code: 'X',
  label: 'Số vụ việc',
  unit: 'vụ',
  kind,
  section: 's',
  byYear: true,
  reporters: ['phuong'],
  aggregate: 'sum',
  ...extra,
});
const cell = (v: Cell['v'], extra: Partial<Cell> = {}): Cell => ({ v, ...extra });
const value = (r: ReturnType<typeof readIndicatorCell>) => ('error' in r ? `LỖI: ${r.error}` : r.value);

describe('count cells', () => {
  it.each([
    [cell(1270), '1270'],
    [cell('1.270'), '1270'],
    [cell('1 270'), '1270'],
    [cell(' 3.848 '), '3848'],
    [cell('0'), '0'],
    [cell('-'), null],
    [cell('x'), null],
    [cell('X'), null],
    [cell(''), null],
    [undefined, null],
    [cell(12, { formula: true }), '12'],
  ])('%j reads as %j', (c, expected) => {
    expect(value(readIndicatorCell(ind('count'), c))).toBe(expected);
  });

  it('refuses 1,27 from a machine set to English, saying what the unit most likely typed', () => {
    const r = readIndicatorCell(ind('count'), cell(1.27));
    expect('error' in r && r.error).toMatch(/1,27.*“1\.270”.*gõ lại 1270/);
  });

  it('reads "1,270" typed as text as 1270 but warns, since it is ambiguous', () => {
    const r = readIndicatorCell(ind('count'), cell('1,270'));
    expect(r).toMatchObject({ value: '1270' });
    expect('warnings' in r && r.warnings.join(' ')).toMatch(/không rõ nghĩa/);
  });

  it.each([
    [cell('76,2%'), /phần trăm/],
    [cell(2.3456), /số nguyên không âm/],
    [cell(-3), /số nguyên không âm/],
    [cell('mười hai'), /không phải là số/],
    [cell(true), /đúng\/sai/],
    [cell(null, { formula: true }), /chưa có kết quả tính sẵn/],
    [cell(null, { error: '#DIV/0!' }), /#DIV\/0!/],
  ])('%j is refused with a reason', (c, message) => {
    const r = readIndicatorCell(ind('count'), c);
    expect('error' in r && r.error).toMatch(message);
  });
});

describe('decimals, dates and text', () => {
  it('reads Vietnamese decimals and keeps the template precision', () => {
    expect(value(readIndicatorCell(ind('decimal', { decimals: 2 }), cell('16.015,34')))).toBe('16015.34');
    expect(value(readIndicatorCell(ind('decimal', { decimals: 2 }), cell(16015.340000000002)))).toBe('16015.34');
    const rounded = readIndicatorCell(ind('decimal', { decimals: 1 }), cell('2,25'));
    expect(rounded).toMatchObject({ value: '2.3' });
  });

  it('reads dates as Excel serials or as dd/mm/yyyy text, and refuses impossible ones', () => {
    expect(value(readIndicatorCell(ind('date'), cell(44341)))).toBe('2021-05-25');
    expect(value(readIndicatorCell(ind('date'), cell('25/5/2021')))).toBe('2021-05-25');
    expect(value(readIndicatorCell(ind('date'), cell('31/02/2021')))).toMatch(/^LỖI: .*không phải ngày hợp lệ/);
  });

  it('keeps text as written (NFC) and list choices trimmed', () => {
    const nfd = 'Ủy ban'.normalize('NFD');
    expect(value(readIndicatorCell(ind('text'), cell(`  ${nfd} `)))).toBe('Ủy ban');
    const col: ListColumn = { key: 'ten', label: 'Tên', type: 'text', required: false };
    expect(readListCell(col, cell('  Mô hình   “Dân vận khéo” '))).toMatchObject({ value: 'Mô hình “Dân vận khéo”' });
    const date: ListColumn = { key: 'ngay', label: 'Ngày', type: 'date', required: false };
    expect(readListCell(date, cell('4/8/2022'))).toMatchObject({ value: '2022-08-04' });
  });
});
