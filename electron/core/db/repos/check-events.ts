/** History of what was done with findings of the consistency checks: automatic fixes and dismissals. */
import { asc } from 'drizzle-orm';
import type { Db } from '../client';
import { checkEvents } from '../schema';

export type CheckEventKind = 'fix' | 'dismiss' | 'restore';

export interface CheckEventRow {
  id: number;
  kind: CheckEventKind;
  findingId: string;
  checkCode: string;
  sectionId: string | null;
  message: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  at: string;
  by: string;
}

export function addCheckEvent(db: Db, e: Omit<CheckEventRow, 'id'>): void {
  db.insert(checkEvents).values(e).run();
}

export function listCheckEvents(db: Db): CheckEventRow[] {
  return db.select().from(checkEvents).orderBy(asc(checkEvents.id)).all() as CheckEventRow[];
}

/** Findings dismissed and not restored since: finding id → the dismissal. */
export function activeDismissals(db: Db): Map<string, CheckEventRow> {
  const out = new Map<string, CheckEventRow>();
  for (const e of listCheckEvents(db)) {
    if (e.kind === 'dismiss') out.set(e.findingId, e);
    else if (e.kind === 'restore') out.delete(e.findingId);
  }
  return out;
}
