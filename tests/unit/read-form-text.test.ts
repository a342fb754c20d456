/**
 * The shortcuts of reading a form return give what the plain definitions give: a sheet's texts through the merged
 * cell index (SheetText, and its corner read at once) as text()/mergedValue, the first-letter test of unit titles,
 * the whole-number fast path of indicator cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, SheetText, text } from '../../electron/core/import/read-common';
import { isUnitTitle, mayBeUnitTitle } from '../../electron/core/import/read-form';
import { readIndicatorCell } from '../../electron/core/import/values';
import { mergedValue, type Sheet } from '../../electron/core/xlsx/read';
import { parseVietnameseNumber } from '../../shared/format/parse-number';
import { foldDiacritics } from '../../shared/format/text';
import type { Indicator } from '../../shared/domain/template';

const merge = (top: number, left: number, height: number, width: number) => ({ top, left, bottom: top + height - 1, right: left + width - 1 });

const mergeArb = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })) },
  // Larger than the index takes: scanned, and still the first range listed wins.
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constant(20_000), fc.constant(9)) },
);

describe('SheetText', () => {
  it('reads every cell as text() and mergedValue do, overlapping and huge merged ranges included', () => {
    const sheetArb = fc
      .record({
        cells: fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom('  Chỉ tiêu ', 'Năm 2021', 'Cộng', 'Tổng (*)', 'Ho\u0300a', '', ' ', 7, 0, true)), {
          maxLength: 40,
        }),
        // Few ranges are scanned, more than 16 are indexed.
        merges: fc.oneof(fc.array(mergeArb, { maxLength: 8 }), fc.array(mergeArb, { minLength: 17, maxLength: 30 })),
      })
      .map(({ cells, merges }): Sheet => {
        const rows: Sheet['rows'] = new Map();
        for (const [r, c, v] of cells) {
          if (!rows.has(r)) rows.set(r, new Map());
          rows.get(r)!.set(c, { v });
        }
        return { name: 'Số liệu', state: 'visible', rows, merges: merges.map(([t, l, h, w]) => merge(t, l, h, w)), maxRow: 14, maxCol: 11 };
      });
    let merged = 0;
    fc.assert(
      fc.property(sheetArb, (sheet) => {
        const view = new SheetText(sheet);
        for (let r = 1; r <= sheet.maxRow; r++)
          for (let c = 1; c <= sheet.maxCol; c++) {
            expect(view.valueAt(r, c) ?? null).toBe(mergedValue(sheet, r, c));
            expect(view.at(r, c)).toBe(text(sheet, r, c));
            if (sheet.merges.some((m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right && (r !== m.top || c !== m.left))) merged++;
          }
        // The corner read at once (the unit-title scan) gives the same values, row by row.
        for (const [rows, cols] of [[8, 8], [3, 11], [sheet.maxRow, 1]]) {
          const corner = view.corner(rows, cols);
          expect(corner).toHaveLength(rows * cols);
          for (let r = 1; r <= rows; r++) for (let c = 1; c <= cols; c++) expect(corner[(r - 1) * cols + c - 1] ?? null).toBe(mergedValue(sheet, r, c));
        }
      }),
      { numRuns: 150, seed: 1201 },
    );
    expect(merged).toBeGreaterThan(1000);
  });

  it('cleans texts as String(v).normalize("NFC").trim()', () => {
    for (const v of ['  Hòa giải ', 'Ho\u0300a', 12, 0, true, '', ' \u00a0 ', 'x'.repeat(400) + '\u0300'])
      expect(cellText(v)).toBe(String(v).normalize('NFC').trim());
    expect(cellText(null)).toBe('');
    const piece = fc.constantFrom('a', 'A', 'o\u0302', 'ô', 'A\u030a', '\u00c5', '\u212b', '\u1100\u1161', 'Đ', 'ư\u0309', ' ', '\u00a0', '\n', 'HOA_GIAI', '1.270', '\u0301', '\ud835\udc00');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const v = parts.join('');
        expect(cellText(v)).toBe(v.normalize('NFC').trim());
      }),
      { numRuns: 500, seed: 1201 },
    );
  });
});

describe('mayBeUnitTitle', () => {
  const pieces = ['Đơn vị báo cáo', 'đơn vị điền biểu', 'DON VI BAO CAO', 'Don vi', ': ', ':', ' ', '\u00a0', '\n', '\u0301', '\u0323', '\u1dc0',
    'Xã Tịnh Ấn Tây', 'Phường 1', 'Ḍ', 'ď', 'Ď', 'İ', 'Ủy ban', 'Báo cáo', '2024', 'd', 'D', 'Đ'];
  it('is true of every text that is a unit title, whatever comes first', () => {
    let titles = 0;
    let skipped = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 7 }), (parts) => {
        const v = parts.join('');
        if (isUnitTitle(cellText(v))) {
          titles++;
          expect(mayBeUnitTitle(v)).toBe(true);
        } else if (!mayBeUnitTitle(v)) skipped++;
      }),
      { numRuns: 3000, seed: 1201 },
    );
    expect(titles).toBeGreaterThan(50);
    expect(skipped).toBeGreaterThan(500);
  });

  it('misses no character of the Basic Multilingual Plane that folds to d, or to nothing before one', () => {
    let passed = 0;
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const v = `${String.fromCharCode(cp)}Đơn vị báo cáo: Xã A`;
      if (foldDiacritics(v).trim().startsWith('d')) {
        passed++;
        expect(mayBeUnitTitle(v), `U+${cp.toString(16)}`).toBe(true);
      }
    }
    expect(passed).toBeGreaterThan(100);
  });

  it('passes titles past leading marks and spaces, and no number', () => {
    expect(mayBeUnitTitle('\u0301 Đơn vị báo cáo: Xã Tịnh Kỳ')).toBe(true);
    expect(isUnitTitle(cellText('\u0301 Đơn vị báo cáo: Xã Tịnh Kỳ'))).toBe(true);
    expect(mayBeUnitTitle('Ḍơn vị báo cáo: Xã Tịnh Kỳ')).toBe(true);
    expect(mayBeUnitTitle('Ủy ban nhân dân')).toBe(false);
    expect(mayBeUnitTitle(2024)).toBe(false);
  });
});

describe('whole numbers in indicator cells', () => {
  const ind = (kind: 'count' | 'decimal'): Indicator => ({ code: 'X', label: 'Số vụ việc', unit: 'vụ', kind, section: 's', byYear: true, reporters: ['xa'], aggregate: 'sum', decimals: kind === 'decimal' ? 2 : undefined });
  it('read as parseVietnameseNumber reads them', () => {
    const input = fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.nat(5000),
      fc.stringMatching(/^\d{1,15}$/),
      fc.stringMatching(/^[1-9]\d{0,2}(\.\d{3}){1,4}$/),
      fc.constant('-'),
      fc.constant(-0),
    );
    fc.assert(
      fc.property(input, fc.constantFrom('count' as const, 'decimal' as const), (v, kind) => {
        const p = parseVietnameseNumber(v, { integer: kind === 'count' });
        const expected = p.kind === 'empty' ? { value: null, warnings: [] } : p.kind === 'number' ? { value: p.value, warnings: p.warnings } : null;
        expect(readIndicatorCell(ind(kind), { v })).toEqual(expected);
      }),
      { numRuns: 1000, seed: 1201 },
    );
  });
});
