/** List cells between what the clerk types and what is stored, shown as the report shows them. */
import { describe, expect, it } from 'vitest';
import { editListValue, readListValue, showListValue } from '../../shared/domain/list-values';
import type { ListColumn } from '../../shared/domain/template';
import type { UnitDto } from '../../shared/domain/records';

const col = (type: ListColumn['type']): ListColumn => ({ key: 'k', label: 'Cột', type }) as ListColumn;
const units = [{ id: 1, code: 'X-TA', name: 'Xã Tịnh An', kind: 'xa', order: 1, active: true, sample: false }] as UnitDto[];

describe('list cells', () => {
  it('stores dates as ISO and numbers canonically, and refuses what they are not, in Vietnamese', () => {
    expect(readListValue(col('date'), ' 9/2/2023 ')).toEqual({ value: '2023-02-09' });
    expect(readListValue(col('date'), '31/2/2023')).toMatchObject({ error: expect.stringMatching(/không phải ngày hợp lệ/) });
    expect(readListValue(col('number'), '1.270')).toEqual({ value: '1270' });
    expect(readListValue(col('number'), 'mười')).toMatchObject({ error: expect.stringMatching(/không phải là số/) });
    expect(readListValue(col('text'), '  Kế hoạch số 21/KH-UBND ')).toEqual({ value: 'Kế hoạch số 21/KH-UBND' });
    expect(readListValue(col('text'), '   ')).toEqual({ value: '' });
  });

  it('shows stored values the way the report does, and edits dates as typed', () => {
    expect(showListValue(col('date'), '2023-02-09', units)).toBe('09/02/2023');
    expect(showListValue(col('unit'), 'X-TA', units)).toBe('Xã Tịnh An');
    expect(showListValue(col('unit'), 'KHONG', units)).toBe('KHONG');
    expect(editListValue(col('date'), '2023-02-09')).toBe('09/02/2023');
    expect(editListValue(col('text'), undefined)).toBeUndefined();
  });
});
