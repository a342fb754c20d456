/** List rows (documents issued, models, work teams…), checked against the template's typed columns. */
import { isCanonical } from '../../../shared/domain/decimal';
import type { ListDef } from '../../../shared/domain/template';
import { isValidIsoDate } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { deleteRow, getRow, insertRow, listAllRows, updateRow } from '../db/repos/lists';
import { listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { ensureYear } from './years';

/** Vietnamese problems of a row against its list's columns; empty when the row can be saved. */
export function rowProblems(list: ListDef, values: Record<string, string>, unitCodes: Set<string>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(values)) if (!list.columns.some((c) => c.key === key)) out.push(`cột “${key}” không có trong danh sách`);
  for (const c of list.columns) {
    const v = (values[c.key] ?? '').trim();
    if (!v) {
      if (c.required) out.push(`thiếu “${c.label}”`);
      continue;
    }
    if (c.type === 'date' && !isValidIsoDate(v)) out.push(`“${c.label}”: “${v}” không phải ngày hợp lệ`);
    if (c.type === 'number' && !isCanonical(v)) out.push(`“${c.label}”: “${v}” không phải số`);
    if (c.type === 'choice' && c.options && !c.options.includes(v)) out.push(`“${c.label}”: chọn một trong ${c.options.join(', ')}`);
    if (c.type === 'unit' && !unitCodes.has(v)) out.push(`“${c.label}”: không có đơn vị mã “${v}”`);
  }
  return out;
}

export function listRowsOf(ctx: CoreContext, year: number) {
  return listAllRows(ensureYear(ctx, year));
}

export function saveListRow(
  ctx: CoreContext,
  year: number,
  input: { listId: string; id?: number; unitId: number | null; values: Record<string, string> },
) {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  const list = yt?.template.lists.find((l) => l.id === input.listId);
  if (!list) throw new AppError('NotFound', `Mẫu báo cáo không có danh sách “${input.listId}”.`);
  const units = listUnits(db);
  if (input.unitId !== null && !units.some((u) => u.id === input.unitId)) throw new AppError('NotFound', 'Không tìm thấy đơn vị của dòng này.');
  const values = Object.fromEntries(Object.entries(input.values).map(([k, v]) => [k, v.trim()]));
  const problems = rowProblems(list, values, new Set(units.map((u) => u.code)));
  if (problems.length) throw new AppError('Validation', `Chưa lưu dòng của “${list.label}”: ${problems.join('; ')}.`);
  const at = ctx.now();
  return inTransaction(db, () => {
    if (input.id === undefined) return insertRow(db, { listId: list.id, unitId: input.unitId, values }, { kind: 'manual' }, ctx.actor, at);
    const existing = getRow(db, input.id);
    if (!existing || existing.listId !== list.id) throw new AppError('NotFound', 'Không tìm thấy dòng cần sửa.');
    return updateRow(db, input.id, { unitId: input.unitId, values }, { kind: 'manual' }, ctx.actor, at)!;
  });
}

export function deleteListRow(ctx: CoreContext, year: number, id: number) {
  const db = ensureYear(ctx, year);
  return { deleted: inTransaction(db, () => deleteRow(db, id, { kind: 'manual' }, ctx.actor, ctx.now())) };
}
