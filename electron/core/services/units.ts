/** Units of a year: add, rename, change kind or order, deactivate; load a list from an Excel sheet. */
import type ExcelJS from 'exceljs';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../../shared/domain/template';
import { AppError } from '../../../shared/rpc/envelope';
import { foldDiacritics } from '../../../shared/format/text';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { deleteUnit, findUnitByCode, insertUnit, listUnits, nextUnitOrder, unitUsage, updateUnit } from '../db/repos/units';
import { replaceUnitLink } from '../db/repos/unit-links';
import { ensureYear } from './years';

/** The units of a year, in report order. */
export function unitsOf(ctx: CoreContext, year: number) {
  return listUnits(ensureYear(ctx, year));
}

export function addUnit(ctx: CoreContext, year: number, u: { code: string; name: string; kind: UnitKind }) {
  const db = ensureYear(ctx, year);
  if (u.kind === 'office' && listUnits(db).some((x) => x.kind === 'office'))
    throw new AppError('Conflict', 'Năm này đã có cơ quan tổng hợp; mỗi năm chỉ có một.');
  if (findUnitByCode(db, u.code)) throw new AppError('Conflict', `Mã đơn vị “${u.code}” đã có, chưa thêm đơn vị mới.`);
  return inTransaction(db, () => insertUnit(db, { ...u, order: nextUnitOrder(db) }, ctx.now(), ctx.actor));
}

export function changeUnit(
  ctx: CoreContext,
  year: number,
  id: number,
  patch: { name?: string; kind?: UnitKind; order?: number; active?: boolean },
) {
  const db = ensureYear(ctx, year);
  const r = inTransaction(db, () => updateUnit(db, id, patch, ctx.now(), ctx.actor));
  if (!r) throw new AppError('NotFound', 'Không tìm thấy đơn vị cần sửa.');
  return r;
}

/** Deletes a unit with no data; one with figures, returns, list rows or notes can only stop reporting. */
export function removeUnit(ctx: CoreContext, year: number, id: number): { removed: true } {
  const db = ensureYear(ctx, year);
  const unit = listUnits(db).find((u) => u.id === id);
  if (!unit) throw new AppError('NotFound', 'Không tìm thấy đơn vị cần xóa.');
  if (unitUsage(db, id) > 0)
    throw new AppError('Precondition', `“${unit.name}” đã có số liệu, báo cáo đã nhập hoặc danh sách nên không xóa được (để giữ lịch sử); hãy chọn “Ngừng báo cáo”.`);
  inTransaction(db, () => {
    replaceUnitLink(db, id, null, ctx.actor, ctx.now());
    deleteUnit(db, id, { at: ctx.now(), by: ctx.actor });
  });
  return { removed: true };
}

/** Moves a unit one place in the report's order, swapping with its neighbour; the compiling office stays first. */
export function moveUnit(ctx: CoreContext, year: number, id: number, direction: 'up' | 'down') {
  const db = ensureYear(ctx, year);
  const list = listUnits(db).filter((u) => u.kind !== 'office');
  const i = list.findIndex((u) => u.id === id);
  if (i < 0) throw new AppError('NotFound', 'Không tìm thấy đơn vị cần chuyển chỗ (cơ quan tổng hợp luôn đứng đầu).');
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= list.length) return listUnits(db);
  const [a, b] = [list[i], list[j]];
  const at = ctx.now();
  inTransaction(db, () => {
    const [oa, ob] = a.order === b.order ? [b.order + (direction === 'up' ? -1 : 1), a.order] : [b.order, a.order];
    updateUnit(db, a.id, { order: oa }, at, ctx.actor);
    updateUnit(db, b.id, { order: ob }, at, ctx.actor);
  });
  return listUnits(db);
}

/**
 * Drag and drop: puts a unit at the place of `onto` (after it when moving down, before it when moving up) and numbers
 * the units again in that order; the compiling office stays first. The moved unit's history records its move; the
 * others only shift along with it.
 */
export function moveUnitOnto(ctx: CoreContext, year: number, id: number, onto: number) {
  const db = ensureYear(ctx, year);
  const all = listUnits(db);
  const list = all.filter((u) => u.kind !== 'office');
  const from = list.findIndex((u) => u.id === id);
  const to = list.findIndex((u) => u.id === onto);
  if (from < 0 || to < 0) throw new AppError('NotFound', 'Không tìm thấy đơn vị cần chuyển chỗ (cơ quan tổng hợp luôn đứng đầu); chưa đổi thứ tự.');
  if (from === to) return all;
  const order = list.filter((u) => u.id !== id);
  order.splice(to, 0, list[from]);
  const office = all.find((u) => u.kind === 'office');
  const start = (office?.order ?? 0) + 1;
  const at = ctx.now();
  inTransaction(db, () =>
    order.forEach((u, i) => {
      if (u.order !== start + i) updateUnit(db, u.id, { order: start + i }, at, u.id === id ? ctx.actor : undefined);
    }),
  );
  return listUnits(db);
}

/** A blank unit list to fill in (Mã, Tên, Loại with a drop-down of kinds) and load back with “Nhập từ Excel”. */
export async function unitListTemplate(): Promise<{ name: string; base64: string }> {
  const Excel = (await import('exceljs')).default;
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('Đơn vị');
  ws.columns = [
    { header: 'Mã', key: 'code', width: 14 },
    { header: 'Tên', key: 'name', width: 48 },
    { header: 'Loại', key: 'kind', width: 26 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.addRow({ code: 'X-TA', name: 'Xã Tịnh An (ví dụ, xóa dòng này)', kind: UNIT_KIND_LABELS.xa });
  const kinds = UNIT_KINDS.filter((k) => k !== 'office').map((k) => UNIT_KIND_LABELS[k]);
  for (let r = 2; r <= 500; r++)
    ws.getCell(`C${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${kinds.join(',')}"`], showErrorMessage: true, error: `Chọn một loại: ${kinds.join(', ')}.` };
  return { name: 'Mau-danh-sach-don-vi.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
}

const fold = (s: string) => foldDiacritics(s).replace(/\s+/g, ' ').trim();

/** "Phường", "phuong", "Cơ quan chuyên môn", "co-quan-chuyen-mon" → the kind. */
export function unitKindFromText(text: string): UnitKind | null {
  const t = fold(text);
  for (const k of UNIT_KINDS) if (t === fold(UNIT_KIND_LABELS[k]) || t === k) return k;
  if (t.startsWith('phong') || t.startsWith('co quan')) return 'co-quan-chuyen-mon';
  if (t.startsWith('don vi su nghiep') || t === 'dvsn') return 'don-vi-su-nghiep';
  return null;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

/** Reads Mã / Tên / Loại columns of the first sheet; refuses the whole file on any bad row. */
export async function importUnitsFromExcel(ctx: CoreContext, year: number, fileName: string, base64: string) {
  const db = ensureYear(ctx, year);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new AppError('Validation', `Tệp ${fileName} rỗng; chưa thêm đơn vị nào.`);
  if (bytes.length > 10 * 1024 * 1024) throw new AppError('Validation', `Tệp ${fileName} lớn quá 10 MB; chưa thêm đơn vị nào.`);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new AppError('Validation', `Tệp ${fileName} không phải tệp Excel .xlsx; chưa thêm đơn vị nào.`);
  // exceljs loads only when a unit list is imported (it is a third of a second of start-up).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('Validation', `Không đọc được tệp ${fileName} (tệp hỏng hoặc có mật khẩu); chưa thêm đơn vị nào.`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('Validation', `Tệp ${fileName} không có trang tính nào.`);
  let header = 0;
  const col: Record<'code' | 'name' | 'kind', number> = { code: 0, name: 0, kind: 0 };
  for (let r = 1; r <= Math.min(ws.rowCount, 20) && !header; r++) {
    ws.getRow(r).eachCell((cell, c) => {
      const t = fold(cellText(cell.value));
      if (t === 'ma' || t === 'ma don vi') col.code = c;
      else if (t === 'ten' || t === 'ten don vi') col.name = c;
      else if (t === 'loai' || t === 'loai don vi') col.kind = c;
    });
    if (col.code && col.name && col.kind) header = r;
  }
  if (!header)
    throw new AppError('Validation', `Trang “${ws.name}” của tệp ${fileName} cần có ba cột tiêu đề “Mã”, “Tên”, “Loại”; chưa thêm đơn vị nào.`);
  const rows: { code: string; name: string; kind: UnitKind }[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = cellText(row.getCell(col.code).value).trim();
    const name = cellText(row.getCell(col.name).value).trim();
    const kindText = cellText(row.getCell(col.kind).value).trim();
    if (!code && !name && !kindText) continue;
    const kind = unitKindFromText(kindText);
    const cell = (c: number) => `${ws.name}!${ws.getColumn(c).letter}${r}`;
    if (!/^[A-Za-z0-9_.-]{1,20}$/.test(code)) errors.push(`${cell(col.code)}: mã “${code}” không hợp lệ`);
    else if (seen.has(code)) errors.push(`${cell(col.code)}: mã “${code}” bị trùng`);
    if (!name) errors.push(`${cell(col.name)}: thiếu tên đơn vị`);
    if (!kind) errors.push(`${cell(col.kind)}: loại “${kindText}” không rõ (dùng: ${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]).join(', ')})`);
    seen.add(code);
    if (kind) rows.push({ code, name, kind });
  }
  if (errors.length) throw new AppError('Validation', `Tệp ${fileName} có ${errors.length} lỗi, chưa thêm đơn vị nào: ${errors.slice(0, 10).join('; ')}`);
  if (rows.length === 0) throw new AppError('Validation', `Tệp ${fileName} không có dòng đơn vị nào dưới tiêu đề.`);
  const at = ctx.now();
  let added = 0;
  let updated = 0;
  inTransaction(db, () => {
    for (const r of rows) {
      const existing = findUnitByCode(db, r.code);
      if (existing) {
        updateUnit(db, existing.id, { name: r.name, kind: r.kind, active: true }, at, ctx.actor);
        updated++;
      } else {
        insertUnit(db, { ...r, order: nextUnitOrder(db) }, at, ctx.actor);
        added++;
      }
    }
    if (listUnits(db).filter((u) => u.kind === 'office').length > 1) throw new AppError('Conflict', `Tệp ${fileName} làm năm có hơn một cơ quan tổng hợp; chưa thêm đơn vị nào.`);
  });
  return { added, updated, units: listUnits(db) };
}
