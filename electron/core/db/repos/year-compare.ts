/**
 * The few reads "So sánh các năm" makes in each year file: the template as stored (parsed by the caller, only the
 * indicators it needs), the units, one indicator's figures (one pass over the year's figures: an index on code
 * cost every import more than it saved here), and the units' earlier codes. Prepared once per connection.
 */
import type { Db } from '../client';
import { preparedFor } from './prepared';

const statements = preparedFor((c) => ({
  template: c.prepare('SELECT template_json AS template, regime_json AS regime FROM year_template WHERE id = 1'),
  units: c.prepare('SELECT id, code, name, kind, sort_order AS sortOrder, active FROM units ORDER BY sort_order, id'),
  figures: c.prepare('SELECT unit_id AS unitId, year, value FROM figures WHERE code = ?'),
  sealed: c.prepare("SELECT 1 AS x FROM meta WHERE key = 'seal'"),
  hasLinks: c.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'unit_links'"),
}));

/** The links need their own statement, prepared only where the table exists (files before migration 0004 lack it). */
const linkStatement = preparedFor((c) =>
  c.prepare('SELECT u.code AS code, l.earlier_code AS earlier FROM unit_links l JOIN units u ON u.id = l.unit_id ORDER BY l.unit_id, l.id'),
);

export interface CompareUnitRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  sortOrder: number;
  active: number;
}

/** The year's template and regime as stored (JSON text); null when no template is chosen. */
export function storedTemplateJson(db: Db): { template: string; regime: string } | null {
  return (statements(db).template.get() as { template: string; regime: string } | undefined) ?? null;
}

export function compareUnits(db: Db): CompareUnitRow[] {
  return statements(db).units.all() as CompareUnitRow[];
}

/** Every stored value of one indicator: unit, figure year (0 = the whole period), value. */
export function valuesOfCode(db: Db, code: string): { unitId: number; year: number; value: string }[] {
  return statements(db).figures.all(code) as { unitId: number; year: number; value: string }[];
}

export function isSealedYear(db: Db): boolean {
  return statements(db).sealed.get() !== undefined;
}

/** Each unit's earlier codes (renames, merges) by its code; empty in a file without the links table. */
export function earlierCodes(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (statements(db).hasLinks.get() === undefined) return out;
  for (const r of linkStatement(db).all() as { code: string; earlier: string }[]) out.set(r.code, [...(out.get(r.code) ?? []), r.earlier]);
  return out;
}
