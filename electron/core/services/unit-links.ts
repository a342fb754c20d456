/**
 * Units renamed or merged since an earlier year (the 2025 reorganisation of communes): a unit keeps its earlier
 * codes, one for a rename, several for a merge, so that figures of earlier sealed years follow it
 * (services/earlier-years). A new year carries the links of the year it is made from.
 */
import { AppError } from '../../../shared/rpc/envelope';
import type { UnitLinkDto } from '../../../shared/rpc/units';
import { requireWorkspace, type CoreContext } from '../context';
import { inTransaction, type Db } from '../db/client';
import { listUnitLinks, replaceUnitLink } from '../db/repos/unit-links';
import { listUnits } from '../db/repos/units';
import { ensureYear } from './years';

export function unitLinksOf(ctx: CoreContext, year: number): UnitLinkDto[] {
  return listUnitLinks(ensureYear(ctx, year));
}

/** The name of a unit code in the latest earlier year file that has it (empty when none has). */
function earlierNames(ctx: CoreContext, year: number, codes: string[]): Map<string, string> {
  const ws = requireWorkspace(ctx);
  const out = new Map<string, string>();
  for (const y of ws.listYears().filter((y) => y < year)) {
    if (out.size === codes.length) break;
    let units;
    try {
      units = listUnits(ws.db(y));
    } catch {
      continue; // A damaged or unreadable earlier year names nothing; the clerk can type the name.
    }
    for (const u of units) if (codes.includes(u.code) && !out.has(u.code)) out.set(u.code, u.name);
  }
  return out;
}

/** Sets or clears a unit's earlier codes, refusing what would count an earlier unit twice. */
export function setUnitLink(
  ctx: CoreContext,
  year: number,
  input: { unitId: number; kind: 'rename' | 'merge' | 'none'; earlier: { code: string; name?: string }[] },
): { link: UnitLinkDto | null; notFound: string[] } {
  const db = ensureYear(ctx, year);
  const units = listUnits(db);
  const unit = units.find((u) => u.id === input.unitId);
  if (!unit) throw new AppError('NotFound', 'Không tìm thấy đơn vị cần ghi mã cũ.');
  const at = ctx.now();
  if (input.kind === 'none') {
    inTransaction(db, () => replaceUnitLink(db, unit.id, null, ctx.actor, at));
    return { link: null, notFound: [] };
  }
  const codes = input.earlier.map((e) => e.code.trim());
  const problems: string[] = [];
  if (input.kind === 'rename' && codes.length !== 1) problems.push('đổi tên cần đúng một mã cũ');
  if (input.kind === 'merge' && codes.length < 2) problems.push('sáp nhập cần ít nhất hai đơn vị cũ');
  if (new Set(codes).size !== codes.length) problems.push('có mã cũ bị ghi hai lần');
  if (codes.includes(unit.code)) problems.push(`mã cũ trùng mã hiện nay của đơn vị (${unit.code})`);
  for (const c of codes) {
    const active = units.find((u) => u.code === c && u.active && u.id !== unit.id);
    if (active) problems.push(`đơn vị ${active.name} (${c}) vẫn đang báo cáo trong năm ${year}, hãy chọn “Ngừng báo cáo” đơn vị đó trước`);
  }
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const other of listUnitLinks(db))
    for (const e of other.earlier)
      if (other.unitId !== unit.id && codes.includes(e.code))
        problems.push(`mã cũ ${e.code} đã gắn với ${byId.get(other.unitId)?.name ?? 'đơn vị khác'} (số liệu cũ không tính hai lần)`);
  if (problems.length) throw new AppError('Validation', `Chưa lưu mã cũ của ${unit.name}: ${problems.join('; ')}.`);
  const names = earlierNames(ctx, year, codes);
  const link: UnitLinkDto = {
    unitId: unit.id,
    kind: input.kind,
    earlier: input.earlier.map((e) => ({ code: e.code.trim(), name: e.name?.trim() || names.get(e.code.trim()) || '' })),
  };
  inTransaction(db, () => replaceUnitLink(db, unit.id, link, ctx.actor, at));
  return { link, notFound: codes.filter((c) => !names.has(c)) };
}

/** Copies the previous year's links onto the new year's units (matched by code), inside the new year's transaction. */
export function carryUnitLinks(prev: Db, next: Db, actor: string, at: string): void {
  const prevCode = new Map(listUnits(prev).map((u) => [u.id, u.code]));
  const nextId = new Map(listUnits(next).map((u) => [u.code, u.id]));
  for (const l of listUnitLinks(prev)) {
    const id = nextId.get(prevCode.get(l.unitId) ?? '');
    if (id !== undefined) replaceUnitLink(next, id, l, actor, at);
  }
}
