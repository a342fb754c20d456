/** Outline coverage and appendices: empty sections, mentions, numbering of a single appendix, markers, zeros, totals. */
import { describe, expect, it } from 'vitest';
import { appendixMentions, emptySection, missingFigures, zeroValues } from '../../shared/checks/coverage';
import { appendixTotals } from '../../shared/checks/data';
import { fromText, runChecks, type Check } from '../../shared/checks';
import type { AppendixModel } from '../../shared/report/model';

function appendix(numeral: string, label = `Phụ lục ${numeral}`, rows: (number | null)[][] = []): AppendixModel {
  return {
    id: `phu-luc-${numeral.toLowerCase()}`,
    numeral,
    label,
    title: 'SỐ LIỆU THEO ĐƠN VỊ',
    reference: '',
    landscape: false,
    columns: [
      { label: 'Đơn vị', align: 'left', width: 3, numeric: false },
      { label: 'Tổng số đơn (đơn)', align: 'right', width: 1, numeric: true },
    ],
    rows: rows.map((r, i) => ({ total: i === rows.length - 1, cells: [{ text: i === rows.length - 1 ? 'Tổng cộng' : `Đơn vị ${i + 1}`, value: null }, { text: String(r[0] ?? ''), value: r[0] }] })),
  };
}

function run(check: Check, lines: string[], appendices: AppendixModel[] = [], source: 'report' | 'outside' = 'report') {
  const document = { ...fromText(lines.join('\n')), appendices, source };
  return runChecks({ document }, [check]);
}

describe('sections and appendices', () => {
  it('flags a heading with nothing under it, not one with sub-headings', () => {
    const f = run(emptySection, ['I. MỘT', '1. Có con', 'Nội dung.', '2. Trống', 'II. HAI', 'Nội dung.']);
    expect(f.map((x) => x.excerpt)).toEqual(['2. Trống']);
  });

  it('wants every appendix mentioned, and every mentioned appendix to exist', () => {
    const both = [appendix('I'), appendix('II')];
    expect(run(appendixMentions, ['Chi tiết tại Phụ lục I và Phụ lục II kèm theo.'], both)).toEqual([]);
    const f = run(appendixMentions, ['Chi tiết tại Phụ lục I và Phụ lục III kèm theo.'], both);
    expect(f.map((x) => x.severity)).toEqual(['error', 'warning']);
    expect(f[0].message).toContain('nhắc tới “Phụ lục III” nhưng báo cáo chỉ có Phụ lục I, Phụ lục II');
    expect(f[1].message).toContain('Phụ lục II (SỐ LIỆU THEO ĐƠN VỊ) không được nhắc tới');
  });

  it('wants a single appendix called “Phụ lục”, and accepts “có phụ lục kèm theo” for it', () => {
    expect(run(appendixMentions, ['(cụ thể có phụ lục kèm theo)'], [appendix('I', 'Phụ lục')])).toEqual([]);
    const f = run(appendixMentions, ['(cụ thể có phụ lục kèm theo)'], [appendix('I')]);
    expect(f).toHaveLength(1);
    expect(f[0].expected).toBe('Phụ lục');
  });

  it('lists every “[chưa có số liệu: …]” marker', () => {
    const f = run(missingFigures, ['Đã tiếp nhận [chưa có số liệu: Tổng số đơn tiếp nhận] đơn.']);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(run(missingFigures, ['Đã tiếp nhận 3.848 đơn.'])).toEqual([]);
  });

  it('notes sentences that report a zero', () => {
    expect(run(zeroValues, ['Mô hình nhân rộng: 13 mô hình (Kinh tế: 0 mô hình; Văn hóa - xã hội: 05 mô hình).'])).toHaveLength(1);
    expect(run(zeroValues, ['Tỷ lệ đạt 100%, năm 2020, 10 mô hình.'])).toEqual([]);
  });

  it('checks that an appendix’s “Tổng cộng” is the sum of its rows', () => {
    expect(run(appendixTotals, [], [appendix('I', 'Phụ lục I', [[10], [20], [30]])])).toEqual([]);
    const f = run(appendixTotals, [], [appendix('I', 'Phụ lục I', [[10], [20], [31]])]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', expected: '30' });
  });
});
