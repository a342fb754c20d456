/** Updates of units (rename, kind, order, active). */
import { eq, max } from 'drizzle-orm';
import type { Db } from '../client';
import { units } from '../schema';
import { toUnitDto } from './units';
import type { UnitDto } from '../../../../shared/domain/records';
import type { UnitKind } from '../../../../shared/domain/template';

export function nextUnitOrder(db: Db): number {
  return (db.select({ m: max(units.sortOrder) }).from(units).get()?.m ?? 0) + 1;
}

export function updateUnit(
  db: Db,
  id: number,
  patch: { name?: string; kind?: UnitKind; order?: number; active?: boolean },
  at: string,
): UnitDto | null {
  const set: Partial<typeof units.$inferInsert> = { updatedAt: at };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.order !== undefined) set.sortOrder = patch.order;
  if (patch.active !== undefined) set.active = patch.active;
  const row = db.update(units).set(set).where(eq(units.id, id)).returning().get();
  return row ? toUnitDto(row) : null;
}

export function findUnitByCode(db: Db, code: string): UnitDto | null {
  const row = db.select().from(units).where(eq(units.code, code)).get();
  return row ? toUnitDto(row) : null;
}
