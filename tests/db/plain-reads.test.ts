/**
 * Reads that the calls of a province year repeat (issue 16), written as plain prepared SQL instead of drizzle's
 * query builder: on a real year file they give exactly what the builder gave — the units in order with their
 * booleans, and each unit's current return — including units stopped, reordered and renamed, and returns replaced.
 */
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { currentImports, importCounts } from '../../electron/core/db/repos/imports';
import { listUnits, toUnitDto } from '../../electron/core/db/repos/units';
import { units } from '../../electron/core/db/schema';
import { ensureYear } from '../../electron/core/services/years';
import { demoCoreEachTest } from '../support/demo-core';

const core = demoCoreEachTest();

describe('plain reads of a year', () => {
  it('lists the units as the query builder did: order, booleans and fields, after stops and reorders', () => {
    const db = ensureYear(core(), 2024);
    const c = db.$client;
    // A stopped unit, a sample one, two sharing a sort order (then by id), and one moved to the front.
    c.prepare("UPDATE units SET active = 0 WHERE code = 'PNV'").run();
    c.prepare('UPDATE units SET sample = 1 WHERE id = (SELECT MAX(id) FROM units)').run();
    c.prepare('UPDATE units SET sort_order = 5 WHERE id IN (SELECT id FROM units ORDER BY id LIMIT 3)').run();
    c.prepare('UPDATE units SET sort_order = -1, name = ? WHERE id = (SELECT id FROM units ORDER BY id DESC LIMIT 1 OFFSET 2)').run('Xã “Mới” & Đổi tên');
    const built = db.select().from(units).orderBy(asc(units.sortOrder), asc(units.id)).all().map(toUnitDto);
    expect(built.length).toBeGreaterThan(30);
    expect(built.some((u) => !u.active) && built.some((u) => u.sample)).toBe(true);
    expect(listUnits(db)).toEqual(built);
    // The same fields in the same order (the answers are serialized as they are).
    expect(listUnits(db).map((u) => JSON.stringify(u))).toEqual(built.map((u) => JSON.stringify(u)));
  });

  it('gives each unit its current return and its count of returns, as reading every column did', () => {
    const db = ensureYear(core(), 2024);
    const c = db.$client;
    const ids = (c.prepare("SELECT id FROM units WHERE kind <> 'office' ORDER BY id LIMIT 3").all() as { id: number }[]).map((r) => r.id);
    const add = c.prepare(
      `INSERT INTO imports (unit_id, file_name, sha256, size, layout, summary, warning_count, imported_at, imported_by, superseded_by)
       VALUES (?, ?, ?, 10, 'form', '{}', ?, ?, 'kiểm thử', NULL)`,
    );
    const first = Number(add.run(ids[0], 'a.xlsx', 'a', 1, '2024-03-01T08:00:00.000Z').lastInsertRowid);
    const second = Number(add.run(ids[0], 'b.xlsx', 'b', 0, '2024-03-02T08:00:00.000Z').lastInsertRowid);
    c.prepare('UPDATE imports SET superseded_by = ? WHERE id = ?').run(second, first);
    add.run(ids[1], 'c.xlsx', 'c', 2, '2024-03-03T08:00:00.000Z');
    // Every row read whole, the current ones picked here: what the status read before.
    const all = c.prepare('SELECT * FROM imports').all() as Record<string, unknown>[];
    const full = all
      .filter((r) => r.superseded_by === null)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((r) => ({ id: r.id, unitId: r.unit_id, fileName: r.file_name, warningCount: r.warning_count, importedAt: r.imported_at, importedBy: r.imported_by }));
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(currentImports(db)).toEqual(full);
    expect(currentImports(db).map((i) => i.fileName)).toEqual(expect.arrayContaining(['b.xlsx', 'c.xlsx']));
    expect(currentImports(db).some((i) => i.fileName === 'a.xlsx')).toBe(false);
    expect(importCounts(db).get(ids[0])).toBe(2);
    expect(importCounts(db).get(ids[1])).toBe(1);
    expect(importCounts(db).get(ids[2])).toBeUndefined();
  });
});
