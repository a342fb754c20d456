/** Units of a year. */
import { asc, count } from 'drizzle-orm';
import type { Db } from '../client';
import { units } from '../schema';
import type { UnitDto } from '../../../../shared/domain/records';
import type { UnitKind } from '../../../../shared/domain/template';

type UnitRow = typeof units.$inferSelect;

export function toUnitDto(r: UnitRow): UnitDto {
  return { id: r.id, code: r.code, name: r.name, kind: r.kind as UnitKind, order: r.sortOrder, active: r.active, sample: r.sample };
}

export function listUnits(db: Db): UnitDto[] {
  return db.select().from(units).orderBy(asc(units.sortOrder), asc(units.id)).all().map(toUnitDto);
}

export function countUnits(db: Db): number {
  return db.select({ n: count() }).from(units).get()?.n ?? 0;
}

export function insertUnit(
  db: Db,
  u: { code: string; name: string; kind: UnitKind; order: number; active?: boolean; sample?: boolean },
  at: string,
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
  return toUnitDto(row);
}
