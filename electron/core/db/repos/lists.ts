/** Rows of the template's lists, with history. */
import { asc, eq, max } from 'drizzle-orm';
import type { Db } from '../client';
import { listHistory, listRows } from '../schema';
import type { FigureSource } from '../../../../shared/rpc/figures';
import type { ListRowDto } from '../../../../shared/rpc/lists';

type Row = typeof listRows.$inferSelect;
const toDto = (r: Row): ListRowDto => ({
  id: r.id,
  listId: r.listId,
  unitId: r.unitId,
  order: r.sortOrder,
  values: JSON.parse(r.values) as Record<string, string>,
  source: JSON.parse(r.source) as FigureSource,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

export function listAllRows(db: Db): ListRowDto[] {
  return db.select().from(listRows).orderBy(asc(listRows.listId), asc(listRows.sortOrder), asc(listRows.id)).all().map(toDto);
}

export function getRow(db: Db, id: number): ListRowDto | null {
  const r = db.select().from(listRows).where(eq(listRows.id, id)).get();
  return r ? toDto(r) : null;
}

function history(db: Db, rowId: number, listId: string, oldV: string | null, newV: string | null, src: string, actor: string, at: string) {
  db.insert(listHistory).values({ rowId, listId, oldValues: oldV, newValues: newV, source: src, changedAt: at, changedBy: actor }).run();
}

export function insertRow(
  db: Db,
  r: { listId: string; unitId: number | null; values: Record<string, string>; order?: number },
  source: FigureSource,
  actor: string,
  at: string,
): ListRowDto {
  const order = r.order ?? (db.select({ m: max(listRows.sortOrder) }).from(listRows).where(eq(listRows.listId, r.listId)).get()?.m ?? 0) + 1;
  const src = JSON.stringify(source);
  const values = JSON.stringify(r.values);
  const row = db
    .insert(listRows)
    .values({ listId: r.listId, unitId: r.unitId, sortOrder: order, values, source: src, updatedAt: at, updatedBy: actor })
    .returning()
    .get();
  history(db, row.id, r.listId, null, values, src, actor, at);
  return toDto(row);
}

export function updateRow(
  db: Db,
  id: number,
  patch: { unitId: number | null; values: Record<string, string> },
  source: FigureSource,
  actor: string,
  at: string,
): ListRowDto | null {
  const old = db.select().from(listRows).where(eq(listRows.id, id)).get();
  if (!old) return null;
  const src = JSON.stringify(source);
  const values = JSON.stringify(patch.values);
  if (values === old.values && patch.unitId === old.unitId) return toDto(old);
  db.update(listRows).set({ unitId: patch.unitId, values, source: src, updatedAt: at, updatedBy: actor }).where(eq(listRows.id, id)).run();
  history(db, id, old.listId, old.values, values, src, actor, at);
  return getRow(db, id);
}

export function deleteRow(db: Db, id: number, source: FigureSource, actor: string, at: string): boolean {
  const old = db.select().from(listRows).where(eq(listRows.id, id)).get();
  if (!old) return false;
  db.delete(listRows).where(eq(listRows.id, id)).run();
  history(db, id, old.listId, old.values, null, JSON.stringify(source), actor, at);
  return true;
}
