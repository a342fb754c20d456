/**
 * Figures of a year with their provenance; every change is appended to figure_history. The one writer of both
 * tables: manual entry, the demo loader and imports all write through `writeUnitSlots`, with prepared statements
 * (a province-scale import writes tens of thousands of cells, and building a query per cell would cost more than
 * the rest of the import).
 */
import { and, asc, eq } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../client';
import { preparedFor } from './prepared';
import { figureHistory, figures } from '../schema';
import type { FigureColumns, FigureSource, StoredFigureDto, FigureHistoryDto } from '../../../../shared/rpc/figures';
import type { FigureDto } from '../../../../shared/domain/records';

/**
 * A stored figure. Its source is read from its JSON when first asked for (an own, enumerable property as before, so
 * JSON and structured clones carry it): the report and the checks read 12,000 figures at province scale and never
 * look at where they came from.
 */
const toDto = (r: typeof figures.$inferSelect): StoredFigureDto => {
  let source: FigureSource | undefined;
  return {
    unitId: r.unitId,
    code: r.code,
    year: r.year,
    value: r.value,
    get source(): FigureSource {
      return (source ??= JSON.parse(r.source) as FigureSource);
    },
    set source(v: FigureSource) {
      source = v;
    },
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
};

/** Every figure of the year, read with one plain prepared statement (12,000 rows at province scale). */
export function listFigures(db: Db): StoredFigureDto[] {
  return (allFigures(db).all() as (typeof figures.$inferSelect)[]).map(toDto);
}

const allFigures = preparedFor((c) =>
  c.prepare('SELECT unit_id AS unitId, code, year, value, source, updated_at AS updatedAt, updated_by AS updatedBy FROM figures'),
);

/**
 * Every figure's slot and value, nothing more: what the report adds up. Rows come as arrays (no column names to
 * map) and the provenance is not read at all: at province scale this takes about a third of listFigures' time.
 */
export function listFigureValues(db: Db): FigureDto[] {
  const rows = figureValues(db).all() as [number, string, number, string][];
  const out = new Array<FigureDto>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = { unitId: r[0], code: r[1], year: r[2], value: r[3] };
  }
  return out;
}

// The same table scan as allFigures, so the figures come in the same order.
const figureValues = preparedFor((c) => c.prepare('SELECT unit_id, code, year, value FROM figures').raw(true));

/**
 * listFigureValues as columns (FigureColumns: what `figures:year-data` sends), in the same order. SQLite writes each
 * column as one JSON array in the same table scan, so no row is made in JavaScript: at province scale this takes
 * about half the time of listFigureValues.
 */
export function listFigureColumns(db: Db): FigureColumns {
  const [unitIds, codes, years, values] = (figureColumns(db).get() as string[]).map((json) => JSON.parse(json) as unknown[]);
  const out: FigureColumns = { codes: [], unitId: unitIds as number[], code: new Array<number>(codes.length), year: years as number[], value: values as string[] };
  const index = new Map<string, number>();
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as string;
    let k = index.get(c);
    if (k === undefined) index.set(c, (k = out.codes.push(c) - 1));
    out.code[i] = k;
  }
  return out;
}

const figureColumns = preparedFor((c) =>
  c.prepare('SELECT json_group_array(unit_id), json_group_array(code), json_group_array(year), json_group_array(value) FROM figures').raw(true),
);

/** The stored rows of the given slots (unit, code, year); a slot with nothing stored is left out. */
export function figuresAt(db: Db, slots: FigureWrite[]): StoredFigureDto[] {
  const one = statements(db).one;
  return slots.flatMap((k) => {
    const r = one.get(k.unitId, k.code, k.year) as typeof figures.$inferSelect | undefined;
    return r ? [toDto(r)] : [];
  });
}

/** The values of one indicator for every unit and year (one pass over the figures: there is no index on code). */
export function figuresOfCode(db: Db, code: string): StoredFigureDto[] {
  return db.select().from(figures).where(eq(figures.code, code)).all().map(toDto);
}

const figureCounts = preparedFor((c) => c.prepare('SELECT unit_id AS unitId, COUNT(*) AS n FROM figures GROUP BY unit_id'));

/** How many figures each unit has stored, counted in SQL. */
export function figureCountsByUnit(db: Db): Map<number, number> {
  const rows = figureCounts(db).all() as { unitId: number; n: number }[];
  return new Map(rows.map((r) => [r.unitId, r.n]));
}

export interface FigureWrite {
  unitId: number;
  code: string;
  year: number;
  /** null clears the cell. */
  value: string | null;
}

const statements = preparedFor((c) => ({
  ofUnit: c.prepare('SELECT code, year, value FROM figures WHERE unit_id = ?'),
  one: c.prepare(
    `SELECT unit_id AS unitId, code, year, value, source, updated_at AS updatedAt, updated_by AS updatedBy FROM figures WHERE unit_id = ? AND code = ? AND year = ?`,
  ),
  remove: c.prepare('DELETE FROM figures WHERE unit_id = ? AND code = ? AND year = ?'),
}));

/** Current values of one unit, keyed "code|year". */
export function unitFigureMap(db: Db, unitId: number): Map<string, string> {
  const rows = statements(db).ofUnit.all(unitId) as { code: string; year: number; value: string }[];
  return new Map(rows.map((r) => [`${r.code}|${r.year}`, r.value]));
}

export interface SlotWrite {
  code: string;
  year: number;
  /** null clears the cell. */
  value: string | null;
  /** Where the value came from, or that source already as its JSON text (sourceJson), for writers of many cells. */
  source: FigureSource | SourceJson;
}

/** A figure source as stored: its JSON text, exactly as JSON.stringify writes the source. */
export type SourceJson = string & { readonly sourceJson: unique symbol };

/**
 * The stored text of an import's sources, one sheet and cell at a time: the same text as JSON.stringify of
 * { kind: 'import', importId, file, sheet, cell }, built from a prefix per sheet (a province's import stores
 * 12.000 cells, each with its source twice: in the figure and in its history).
 */
export function importSourceJson(importId: number, file: string): (sheet: string, cell: string) => SourceJson {
  const prefixes = new Map<string, string>();
  return (sheet, cell) => {
    let prefix = prefixes.get(sheet);
    if (prefix === undefined) prefixes.set(sheet, (prefix = JSON.stringify({ kind: 'import', importId, file, sheet }).slice(0, -1) + ',"cell":'));
    return (prefix + JSON.stringify(cell) + '}') as SourceJson;
  };
}

/** Rows per multi-row statement: at most 5 parameters a row (and 3 for them all), well under SQLite's 32,766. */
const ROWS_PER_STATEMENT = 200;

/**
 * Multi-row upserts and history inserts, prepared once per connection and row count. The unit, the time and the
 * actor are the same for every row of a call: bound once as @u, @at and @by, not once per row (binding parameters
 * is most of these statements' cost).
 */
const multiRow = preparedFor((c) => {
  const upserts = new Map<number, Database.Statement>();
  const histories = new Map<number, Database.Statement>();
  const rows = (n: number, one: string) => Array.from({ length: n }, () => one).join(', ');
  return {
    upsert(n: number): Database.Statement {
      let st = upserts.get(n);
      if (!st)
        upserts.set(
          n,
          (st = c.prepare(
            `INSERT INTO figures (unit_id, code, year, value, source, updated_at, updated_by) VALUES ${rows(n, '(@u, ?, ?, ?, ?, @at, @by)')}
             ON CONFLICT (unit_id, code, year) DO UPDATE SET value = excluded.value, source = excluded.source,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          )),
        );
      return st;
    },
    history(n: number): Database.Statement {
      let st = histories.get(n);
      if (!st)
        histories.set(
          n,
          (st = c.prepare(
            `INSERT INTO figure_history (unit_id, code, year, old_value, new_value, source, changed_at, changed_by) VALUES ${rows(n, '(@u, ?, ?, ?, ?, ?, @at, @by)')}`,
          )),
        );
      return st;
    },
  };
});

/**
 * Writes a unit's slots, recording history for each change; returns how many changed. Caller holds the transaction.
 * The stored values and their history rows (in slot order) are written a few hundred rows to a statement: a
 * province's returns write tens of thousands of cells, and two statements per cell cost more than the cells.
 */
export function writeUnitSlots(db: Db, unitId: number, slots: SlotWrite[], actor: string, at: string): number {
  const s = statements(db);
  const m = multiRow(db);
  const current = unitFigureMap(db, unitId);
  const shared = { u: unitId, at, by: actor };
  const stored: unknown[][] = [];
  const history: unknown[][] = [];
  const flush = () => {
    for (let i = 0; i < stored.length; i += ROWS_PER_STATEMENT) {
      const part = stored.slice(i, i + ROWS_PER_STATEMENT);
      m.upsert(part.length).run(shared, part.flat());
    }
    for (let i = 0; i < history.length; i += ROWS_PER_STATEMENT) {
      const part = history.slice(i, i + ROWS_PER_STATEMENT);
      m.history(part.length).run(shared, part.flat());
    }
    stored.length = 0;
    history.length = 0;
  };
  let changed = 0;
  for (const w of slots) {
    const key = `${w.code}|${w.year}`;
    const old = current.get(key) ?? null;
    if (old === w.value) continue;
    const src = typeof w.source === 'string' ? w.source : JSON.stringify(w.source);
    if (w.value === null) {
      // A slot cleared after being set in this call: what is pending goes first, so the order stays the slots'.
      if (stored.some((r) => r[0] === w.code && r[1] === w.year)) flush();
      s.remove.run(unitId, w.code, w.year);
    } else stored.push([w.code, w.year, w.value, src]);
    history.push([w.code, w.year, old, w.value, src]);
    if (w.value === null) current.delete(key);
    else current.set(key, w.value);
    changed++;
  }
  flush();
  return changed;
}

/** Writes one cell; returns true when something changed. The caller holds the transaction. */
export function writeFigure(db: Db, w: FigureWrite, source: FigureSource, actor: string, at: string): boolean {
  return writeUnitSlots(db, w.unitId, [{ code: w.code, year: w.year, value: w.value, source }], actor, at) === 1;
}

export function figureHistoryOf(db: Db, unitId: number, code: string, year: number): FigureHistoryDto[] {
  return db
    .select()
    .from(figureHistory)
    .where(and(eq(figureHistory.unitId, unitId), eq(figureHistory.code, code), eq(figureHistory.year, year)))
    .orderBy(asc(figureHistory.id))
    .all()
    .map((r) => ({
      oldValue: r.oldValue,
      newValue: r.newValue,
      source: JSON.parse(r.source) as FigureSource,
      changedAt: r.changedAt,
      changedBy: r.changedBy,
    }));
}
