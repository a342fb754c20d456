/**
 * Accepted unit returns and their original bytes, and confirmed own-layout mappings: the one writer of imports,
 * import_files and layout_mappings. The figures, list rows and notes an import stores are written by their own
 * repos (figures.ts, lists.ts, unit-notes.ts).
 */
import type { Db } from '../client';
import { preparedFor } from './prepared';
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

const statements = preparedFor((c) => ({
  insertImport: c.prepare(
    `INSERT INTO imports (unit_id, file_name, sha256, size, layout, summary, warning_count, imported_at, imported_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertBytes: c.prepare('INSERT INTO import_files (import_id, bytes) VALUES (?, ?)'),
  supersede: c.prepare('UPDATE imports SET superseded_by = ? WHERE unit_id = ? AND id <> ? AND superseded_by IS NULL'),
  currentOfUnit: c.prepare(`SELECT ${COLS} FROM imports WHERE unit_id = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1`),
  bySha: c.prepare(`SELECT ${COLS} FROM imports WHERE sha256 = ? ORDER BY id`),
  current: c.prepare(
    `SELECT id, unit_id AS unitId, file_name AS fileName, warning_count AS warningCount, imported_at AS importedAt,
       imported_by AS importedBy FROM imports WHERE superseded_by IS NULL ORDER BY id`,
  ),
  counts: c.prepare('SELECT unit_id AS unitId, COUNT(*) AS n FROM imports GROUP BY unit_id'),
}));

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

/** What the returns status shows of an accepted return (not its summary, hash or layout). */
export type ImportHead = Pick<ImportRow, 'id' | 'unitId' | 'fileName' | 'warningCount' | 'importedAt' | 'importedBy'>;

/** The accepted, not superseded return of each unit (the returns status reads five years of 400 units each). */
export function currentImports(db: Db): ImportHead[] {
  return statements(db).current.all() as ImportHead[];
}

/** The accepted, not superseded return of one unit. */
export function currentImportOf(db: Db, unitId: number): ImportRow | null {
  return (statements(db).currentOfUnit.get(unitId) as ImportRow | undefined) ?? null;
}

export function importCounts(db: Db): Map<number, number> {
  const rows = statements(db).counts.all() as { unitId: number; n: number }[];
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

export function findMapping(db: Db, fingerprint: string): { unitId: number; mapping: LayoutMapping } | null {
  const r = db.$client
    .prepare('SELECT unit_id AS unitId, mapping FROM layout_mappings WHERE fingerprint = ? ORDER BY id DESC LIMIT 1')
    .get(fingerprint) as { unitId: number; mapping: string } | undefined;
  return r ? { unitId: r.unitId, mapping: JSON.parse(r.mapping) as LayoutMapping } : null;
}

/** Every confirmed own-layout mapping by fingerprint, the latest of each (what findMapping answers), in one read. */
export function allMappings(db: Db): Map<string, { unitId: number; mapping: LayoutMapping }> {
  const rows = db.$client.prepare('SELECT fingerprint, unit_id AS unitId, mapping FROM layout_mappings ORDER BY id').all() as {
    fingerprint: string;
    unitId: number;
    mapping: string;
  }[];
  return new Map(rows.map((r) => [r.fingerprint, { unitId: r.unitId, mapping: JSON.parse(r.mapping) as LayoutMapping }]));
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
