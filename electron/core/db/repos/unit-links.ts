/** A unit's earlier codes (renames and merges): the one reader and writer of the unit_links table. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { unitLinks } from '../schema';
import type { UnitLinkDto } from '../../../../shared/rpc/units';

/** Every unit's link, in unit id order; a unit without earlier codes has none. */
export function listUnitLinks(db: Db): UnitLinkDto[] {
  const byUnit = new Map<number, UnitLinkDto>();
  for (const r of db.select().from(unitLinks).orderBy(asc(unitLinks.unitId), asc(unitLinks.id)).all()) {
    const l = byUnit.get(r.unitId) ?? { unitId: r.unitId, kind: r.kind, earlier: [] };
    l.earlier.push({ code: r.earlierCode, name: r.earlierName });
    byUnit.set(r.unitId, l);
  }
  return [...byUnit.values()];
}

/** Replaces a unit's earlier codes (none when `link` is null). */
export function replaceUnitLink(db: Db, unitId: number, link: Omit<UnitLinkDto, 'unitId'> | null, actor: string, at: string): void {
  db.delete(unitLinks).where(eq(unitLinks.unitId, unitId)).run();
  for (const e of link?.earlier ?? [])
    db.insert(unitLinks).values({ unitId, kind: link!.kind, earlierCode: e.code, earlierName: e.name, createdAt: at, createdBy: actor }).run();
}
