/** Rows of the template's lists, with history: the one writer of list_rows and list_history. */
import { asc, eq, max } from 'drizzle-orm';
import type { Db } from '../client';
import { preparedFor } from './prepared';
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

export interface UnitListRow {
  id: number;
  listId: string;
  /** JSON of the row's values, as stored. */
  values: string;
}

/** Prepared statements for whole-list replacement (an import replaces a unit's rows of many lists at once). */
const statements = preparedFor((c) => ({
  ofUnit: c.prepare('SELECT id, list_id AS listId, "values" FROM list_rows WHERE unit_id = ? ORDER BY list_id, sort_order, id'),
  maxOrder: c.prepare('SELECT COALESCE(MAX(sort_order), 0) AS m FROM list_rows WHERE list_id = ?'),
  insert: c.prepare('INSERT INTO list_rows (list_id, unit_id, sort_order, "values", source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  remove: c.prepare('DELETE FROM list_rows WHERE id = ?'),
  history: c.prepare('INSERT INTO list_history (row_id, list_id, old_values, new_values, source, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)'),
}));

/** The list rows a unit reported, by list, in order. */
export function unitListRows(db: Db, unitId: number): UnitListRow[] {
  return statements(db).ofUnit.all(unitId) as UnitListRow[];
}

/** Replaces a unit's rows of one list, recording each deletion and addition in the list history. */
export function replaceUnitListRows(
  db: Db,
  unitId: number,
  listId: string,
  old: UnitListRow[],
  rows: { values: string; source: FigureSource }[],
  deleteSource: FigureSource,
  actor: string,
  at: string,
): void {
  const s = statements(db);
  const del = JSON.stringify(deleteSource);
  for (const r of old) {
    s.remove.run(r.id);
    s.history.run(r.id, listId, r.values, null, del, at, actor);
  }
  let order = (s.maxOrder.get(listId) as { m: number }).m;
  for (const r of rows) {
    const src = JSON.stringify(r.source);
    const id = Number(s.insert.run(listId, unitId, ++order, r.values, src, at, actor).lastInsertRowid);
    s.history.run(id, listId, null, r.values, src, at, actor);
  }
}
