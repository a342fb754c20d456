/** What units wrote in the notes sheet of their returns, per outline section: the one writer of unit_notes. */
import type { Db } from '../client';
import { preparedFor } from './prepared';
import type { FigureSource } from '../../../../shared/rpc/figures';

const statements = preparedFor((c) => ({
  ofUnit: c.prepare('SELECT section_id AS sectionId, text FROM unit_notes WHERE unit_id = ?'),
  remove: c.prepare('DELETE FROM unit_notes WHERE unit_id = ? AND section_id = ?'),
  upsert: c.prepare(
    `INSERT INTO unit_notes (unit_id, section_id, text, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit_id, section_id) DO UPDATE SET text = excluded.text, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ),
}));

export function unitNotes(db: Db, unitId: number): Map<string, string> {
  const rows = statements(db).ofUnit.all(unitId) as { sectionId: string; text: string }[];
  return new Map(rows.map((r) => [r.sectionId, r.text]));
}

export function allUnitNotes(db: Db): { unitId: number; sectionId: string; text: string }[] {
  return db.$client.prepare('SELECT unit_id AS unitId, section_id AS sectionId, text FROM unit_notes ORDER BY unit_id').all() as {
    unitId: number;
    sectionId: string;
    text: string;
  }[];
}

/** Replaces a unit's note per section; an empty note removes it. Returns how many changed. */
export function writeUnitNotes(db: Db, unitId: number, notes: { sectionId: string; text: string }[], source: FigureSource, actor: string, at: string): number {
  const s = statements(db);
  const current = unitNotes(db, unitId);
  let changed = 0;
  for (const n of notes) {
    if ((current.get(n.sectionId) ?? '') === n.text) continue;
    if (n.text) s.upsert.run(unitId, n.sectionId, n.text, JSON.stringify(source), at, actor);
    else s.remove.run(unitId, n.sectionId);
    changed++;
  }
  return changed;
}
