/**
 * Units of a year: the one reader and writer of the units table and of unit_history. A write given the person who
 * makes it (`by`) appends the fields it changed, old → new, to unit_history; units written without one (carried
 * into a new year, the demo's own) are the year's start, not changes.
 */
import { count, eq, max } from 'drizzle-orm';
import type { Db } from '../client';
import { preparedFor } from './prepared';
import { unitHistory, units } from '../schema';
import type { UnitDto } from '../../../../shared/domain/records';
import type { UnitKind } from '../../../../shared/domain/template';

type UnitRow = typeof units.$inferSelect;

export function toUnitDto(r: UnitRow): UnitDto {
  return { id: r.id, code: r.code, name: r.name, kind: r.kind as UnitKind, order: r.sortOrder, active: r.active, sample: r.sample };
}

/** toUnitDto of every row, read as plain rows: a province's 401 units are read by most calls of a year. */
const unitRows = preparedFor((c) => c.prepare('SELECT id, code, name, kind, sort_order, active, sample FROM units ORDER BY sort_order, id').raw(true));

export function listUnits(db: Db): UnitDto[] {
  const rows = unitRows(db).all() as [number, string, string, string, number, number, number][];
  // Booleans as drizzle reads them (Number(value) === 1), the fields in toUnitDto's order.
  return rows.map(([id, code, name, kind, order, active, sample]) => ({ id, code, name, kind: kind as UnitKind, order, active: Number(active) === 1, sample: Number(sample) === 1 }));
}

/** Units that report this year (stopped ones are not counted). */
export function countUnits(db: Db): number {
  return db.select({ n: count() }).from(units).where(eq(units.active, true)).get()?.n ?? 0;
}

/** How many stored rows name a unit (figures, history, returns, list rows, notes, layout mappings). */
export function unitUsage(db: Db, id: number): number {
  const n = (table: string) => (db.$client.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE unit_id = ?`).get(id) as { n: number }).n;
  return ['figures', 'figure_history', 'imports', 'list_rows', 'unit_notes', 'layout_mappings'].reduce((sum, t) => sum + n(t), 0);
}

/** The fields of a unit a person sees change: what unit_history keeps. */
type UnitFields = Pick<UnitDto, 'code' | 'name' | 'kind' | 'order' | 'active'>;
const FIELDS: (keyof UnitFields)[] = ['code', 'name', 'kind', 'order', 'active'];

function recordChange(db: Db, unitId: number, code: string, before: UnitDto | null, after: UnitDto | null, at: string, by: string): void {
  const pick = (u: UnitDto, keys: (keyof UnitFields)[]) => Object.fromEntries(keys.map((k) => [k, u[k]]));
  const changed = before && after ? FIELDS.filter((k) => before[k] !== after[k]) : FIELDS;
  if (changed.length === 0) return;
  db.insert(unitHistory)
    .values({
      unitId,
      code,
      oldValues: before ? JSON.stringify(pick(before, changed)) : null,
      newValues: after ? JSON.stringify(pick(after, changed)) : null,
      changedAt: at,
      changedBy: by,
    })
    .run();
}

function unitById(db: Db, id: number): UnitDto | null {
  const row = db.select().from(units).where(eq(units.id, id)).get();
  return row ? toUnitDto(row) : null;
}

export function deleteUnit(db: Db, id: number, who?: { at: string; by: string }): boolean {
  const before = who ? unitById(db, id) : null;
  const gone = db.delete(units).where(eq(units.id, id)).run().changes > 0;
  if (gone && before && who) recordChange(db, id, before.code, before, null, who.at, who.by);
  return gone;
}

export function insertUnit(
  db: Db,
  u: { code: string; name: string; kind: UnitKind; order: number; active?: boolean; sample?: boolean },
  at: string,
  by?: string,
): UnitDto {
  const row = db
    .insert(units)
    .values({
      code: u.code,
      name: u.name,
      kind: u.kind,
      sortOrder: u.order,
      active: u.active ?? true,
      sample: u.sample ?? false,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  const made = toUnitDto(row);
  if (by !== undefined) recordChange(db, made.id, made.code, null, made, at, by);
  return made;
}

export function nextUnitOrder(db: Db): number {
  return (db.select({ m: max(units.sortOrder) }).from(units).get()?.m ?? 0) + 1;
}

export function updateUnit(
  db: Db,
  id: number,
  patch: { name?: string; kind?: UnitKind; order?: number; active?: boolean },
  at: string,
  by?: string,
): UnitDto | null {
  const before = by !== undefined ? unitById(db, id) : null;
  const set: Partial<typeof units.$inferInsert> = { updatedAt: at };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.order !== undefined) set.sortOrder = patch.order;
  if (patch.active !== undefined) set.active = patch.active;
  const row = db.update(units).set(set).where(eq(units.id, id)).returning().get();
  const after = row ? toUnitDto(row) : null;
  if (after && before && by !== undefined) recordChange(db, id, after.code, before, after, at, by);
  return after;
}

export function findUnitByCode(db: Db, code: string): UnitDto | null {
  const row = db.select().from(units).where(eq(units.code, code)).get();
  return row ? toUnitDto(row) : null;
}
