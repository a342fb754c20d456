/**
 * Accepted unit returns, their original bytes, unit notes and confirmed own-layout mappings.
 * Figure writes of an import go through prepared statements: a province-scale batch writes tens of thousands of
 * cells, and drizzle's query building per row would cost more than the whole rest of the import.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../client';
import type { FigureSource } from '../../../../shared/rpc/figures';
import type { LayoutMapping } from '../../../../shared/rpc/imports';

export interface ImportRow {
  id: number;
  unitId: number;
  fileName: string;
  sha256: string;
  size: number;
  layout: string;
  summary: string;
  warningCount: number;
  importedAt: string;
  importedBy: string;
  supersededBy: number | null;
}

const COLS = `id, unit_id AS unitId, file_name AS fileName, sha256, size, layout, summary, warning_count AS warningCount,
  imported_at AS importedAt, imported_by AS importedBy, superseded_by AS supersededBy`;

interface Statements {
  figuresOfUnit: Statement<[number]>;
  upsertFigure: Statement;
  deleteFigure: Statement;
  history: Statement;
  insertImport: Statement;
  insertBytes: Statement;
  supersede: Statement;
  currentOfUnit: Statement;
  bySha: Statement;
  notesOfUnit: Statement;
  deleteNote: Statement;
  upsertNote: Statement;
  listRowsOfUnit: Statement;
  maxListOrder: Statement;
  insertListRow: Statement;
  deleteListRow: Statement;
  listHistory: Statement;
}
const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    const c = db.$client;
    s = {
      figuresOfUnit: c.prepare('SELECT code, year, value FROM figures WHERE unit_id = ?'),
      upsertFigure: c.prepare(
        `INSERT INTO figures (unit_id, code, year, value, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (unit_id, code, year) DO UPDATE SET value = excluded.value, source = excluded.source,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      deleteFigure: c.prepare('DELETE FROM figures WHERE unit_id = ? AND code = ? AND year = ?'),
      history: c.prepare(
        `INSERT INTO figure_history (unit_id, code, year, old_value, new_value, source, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertImport: c.prepare(
        `INSERT INTO imports (unit_id, file_name, sha256, size, layout, summary, warning_count, imported_at, imported_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertBytes: c.prepare('INSERT INTO import_files (import_id, bytes) VALUES (?, ?)'),
      supersede: c.prepare('UPDATE imports SET superseded_by = ? WHERE unit_id = ? AND id <> ? AND superseded_by IS NULL'),
      currentOfUnit: c.prepare(`SELECT ${COLS} FROM imports WHERE unit_id = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1`),
      bySha: c.prepare(`SELECT ${COLS} FROM imports WHERE sha256 = ? ORDER BY id`),
      notesOfUnit: c.prepare('SELECT section_id AS sectionId, text FROM unit_notes WHERE unit_id = ?'),
      deleteNote: c.prepare('DELETE FROM unit_notes WHERE unit_id = ? AND section_id = ?'),
      upsertNote: c.prepare(
        `INSERT INTO unit_notes (unit_id, section_id, text, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (unit_id, section_id) DO UPDATE SET text = excluded.text, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      listRowsOfUnit: c.prepare('SELECT id, list_id AS listId, "values" FROM list_rows WHERE unit_id = ? ORDER BY list_id, sort_order, id'),
      maxListOrder: c.prepare('SELECT COALESCE(MAX(sort_order), 0) AS m FROM list_rows WHERE list_id = ?'),
      insertListRow: c.prepare(
        'INSERT INTO list_rows (list_id, unit_id, sort_order, "values", source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deleteListRow: c.prepare('DELETE FROM list_rows WHERE id = ?'),
      listHistory: c.prepare(
        'INSERT INTO list_history (row_id, list_id, old_values, new_values, source, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    cache.set(db, s);
  }
  return s;
}

/** Current values of one unit, keyed "code|year". */
export function unitFigureMap(db: Db, unitId: number): Map<string, string> {
  const rows = statements(db).figuresOfUnit.all(unitId) as { code: string; year: number; value: string }[];
  return new Map(rows.map((r) => [`${r.code}|${r.year}`, r.value]));
}

export interface SlotWrite {
  code: string;
  year: number;
  value: string | null;
  source: FigureSource;
}

/** Writes a unit's slots, recording history for each change; returns how many changed. Caller holds the transaction. */
export function writeUnitSlots(db: Db, unitId: number, slots: SlotWrite[], actor: string, at: string): number {
  const s = statements(db);
  const current = unitFigureMap(db, unitId);
  let changed = 0;
  for (const w of slots) {
    const old = current.get(`${w.code}|${w.year}`) ?? null;
    if (old === w.value) continue;
    const src = JSON.stringify(w.source);
    if (w.value === null) s.deleteFigure.run(unitId, w.code, w.year);
    else s.upsertFigure.run(unitId, w.code, w.year, w.value, src, at, actor);
    s.history.run(unitId, w.code, w.year, old, w.value, src, at, actor);
    changed++;
  }
  return changed;
}

export function insertImport(
  db: Db,
  r: { unitId: number; fileName: string; sha256: string; bytes: Uint8Array; layout: string; summary: string; warningCount: number; at: string; actor: string },
): number {
  const s = statements(db);
  const info = s.insertImport.run(r.unitId, r.fileName, r.sha256, r.bytes.length, r.layout, r.summary, r.warningCount, r.at, r.actor);
  const id = Number(info.lastInsertRowid);
  s.insertBytes.run(id, Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.length));
  s.supersede.run(id, r.unitId, id);
  return id;
}

/** The accepted, not superseded return of each unit. */
export function currentImports(db: Db): ImportRow[] {
  return db.$client.prepare(`SELECT ${COLS} FROM imports WHERE superseded_by IS NULL ORDER BY id`).all() as ImportRow[];
}

/** The accepted, not superseded return of one unit. */
export function currentImportOf(db: Db, unitId: number): ImportRow | null {
  return (statements(db).currentOfUnit.get(unitId) as ImportRow | undefined) ?? null;
}

export function importCounts(db: Db): Map<number, number> {
  const rows = db.$client.prepare('SELECT unit_id AS unitId, COUNT(*) AS n FROM imports GROUP BY unit_id').all() as { unitId: number; n: number }[];
  return new Map(rows.map((r) => [r.unitId, r.n]));
}

export function importsBySha(db: Db, sha256: string): ImportRow[] {
  return statements(db).bySha.all(sha256) as ImportRow[];
}

export function importById(db: Db, id: number): (ImportRow & { bytes: Buffer }) | null {
  return (
    (db.$client.prepare(`SELECT ${COLS}, f.bytes FROM imports JOIN import_files f ON f.import_id = imports.id WHERE id = ?`).get(id) as
      | (ImportRow & { bytes: Buffer })
      | undefined) ?? null
  );
}

export function importTimes(db: Db): Map<number, { importedAt: string; importedBy: string }> {
  const rows = db.$client.prepare('SELECT id, imported_at AS importedAt, imported_by AS importedBy FROM imports').all() as {
    id: number;
    importedAt: string;
    importedBy: string;
  }[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function unitNotes(db: Db, unitId: number): Map<string, string> {
  const rows = statements(db).notesOfUnit.all(unitId) as { sectionId: string; text: string }[];
  return new Map(rows.map((r) => [r.sectionId, r.text]));
}

export function allUnitNotes(db: Db): { unitId: number; sectionId: string; text: string }[] {
  return db.$client.prepare('SELECT unit_id AS unitId, section_id AS sectionId, text FROM unit_notes ORDER BY unit_id').all() as {
    unitId: number;
    sectionId: string;
    text: string;
  }[];
}

/** Replaces a unit's note per section; an empty note removes it. */
export function writeUnitNotes(db: Db, unitId: number, notes: { sectionId: string; text: string }[], source: FigureSource, actor: string, at: string): number {
  const { deleteNote: del, upsertNote: up } = statements(db);
  const current = unitNotes(db, unitId);
  let changed = 0;
  for (const n of notes) {
    if ((current.get(n.sectionId) ?? '') === n.text) continue;
    if (n.text) up.run(unitId, n.sectionId, n.text, JSON.stringify(source), at, actor);
    else del.run(unitId, n.sectionId);
    changed++;
  }
  return changed;
}

export function findMapping(db: Db, fingerprint: string): { unitId: number; mapping: LayoutMapping } | null {
  const r = db.$client
    .prepare('SELECT unit_id AS unitId, mapping FROM layout_mappings WHERE fingerprint = ? ORDER BY id DESC LIMIT 1')
    .get(fingerprint) as { unitId: number; mapping: string } | undefined;
  return r ? { unitId: r.unitId, mapping: JSON.parse(r.mapping) as LayoutMapping } : null;
}

export function saveMapping(db: Db, unitId: number, fingerprint: string, mapping: LayoutMapping, actor: string, at: string): void {
  db.$client
    .prepare(
      `INSERT INTO layout_mappings (unit_id, fingerprint, mapping, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (unit_id, fingerprint) DO UPDATE SET mapping = excluded.mapping, confirmed_at = excluded.confirmed_at, confirmed_by = excluded.confirmed_by`,
    )
    .run(unitId, fingerprint, JSON.stringify(mapping), at, actor);
  // One layout belongs to one unit: a fingerprint confirmed for another unit before is no longer valid.
  db.$client.prepare('DELETE FROM layout_mappings WHERE fingerprint = ? AND unit_id <> ?').run(fingerprint, unitId);
}

export interface UnitListRow {
  id: number;
  listId: string;
  /** JSON of the row's values, as stored. */
  values: string;
}

/** The list rows a unit reported, by list, in order. */
export function unitListRows(db: Db, unitId: number): UnitListRow[] {
  return statements(db).listRowsOfUnit.all(unitId) as UnitListRow[];
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
    s.deleteListRow.run(r.id);
    s.listHistory.run(r.id, listId, r.values, null, del, at, actor);
  }
  let order = (s.maxListOrder.get(listId) as { m: number }).m;
  for (const r of rows) {
    const src = JSON.stringify(r.source);
    const id = Number(s.insertListRow.run(listId, unitId, ++order, r.values, src, at, actor).lastInsertRowid);
    s.listHistory.run(id, listId, null, r.values, src, at, actor);
  }
}
