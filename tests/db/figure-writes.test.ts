/**
 * The one writer of figures and their history (writeUnitSlots), which writes a few hundred rows to a statement
 * (issue 16): on a real year file, every value of a large batch is stored, each change has its history row in the
 * order of the slots, and a slot set and cleared (or set twice) in one call ends as the last write says.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { inTransaction } from '../../electron/core/db/client';
import { importSourceJson, listFigures, writeUnitSlots, type SlotWrite } from '../../electron/core/db/repos/figures';
import { loadDemo } from '../../electron/core/services/demo';
import { ensureYear } from '../../electron/core/services/years';
import type { FigureSource } from '../../shared/rpc/figures';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
beforeEach(() => {
  dir = tempDir();
  ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử' });
  loadDemo(ctx);
});
afterEach(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

const source = (cell: string): FigureSource => ({ kind: 'import', importId: 1, file: 'bao-cao.xlsx', sheet: 'Số liệu', cell });

function unitId(): number {
  return (ensureYear(ctx, 2024).$client.prepare("SELECT id FROM units WHERE code = 'PNV'").get() as { id: number }).id;
}

function stored(id: number) {
  return ensureYear(ctx, 2024).$client.prepare("SELECT code, year, value, source FROM figures WHERE unit_id = ? AND code GLOB 'ZZ*' ORDER BY code, year").all(id) as {
    code: string;
    year: number;
    value: string;
    source: string;
  }[];
}

function history(id: number) {
  return ensureYear(ctx, 2024).$client.prepare("SELECT code, year, old_value AS old, new_value AS new FROM figure_history WHERE unit_id = ? AND code GLOB 'ZZ*' ORDER BY id").all(id);
}

describe('writeUnitSlots', () => {
  it('stores a batch larger than one statement, with a history row per change in slot order', () => {
    const id = unitId();
    const db = ensureYear(ctx, 2024);
    const slots: SlotWrite[] = Array.from({ length: 450 }, (_, i) => ({ code: `ZZ${String(i).padStart(3, '0')}`, year: 2022, value: String(i * 3), source: source(`F${i + 10}`) }));
    expect(inTransaction(db, () => writeUnitSlots(db, id, slots, 'kiểm thử', '2024-05-01T00:00:00.000Z'))).toBe(450);
    const rows = stored(id);
    expect(rows.map((r) => [r.code, r.value])).toEqual(slots.map((s) => [s.code, s.value]));
    expect(JSON.parse(rows[449].source)).toEqual(source('F459'));
    expect(history(id)).toEqual(slots.map((s) => ({ code: s.code, year: 2022, old: null, new: s.value })));
    // Written again unchanged: nothing changes, no history.
    expect(inTransaction(db, () => writeUnitSlots(db, id, slots, 'kiểm thử', '2024-05-02T00:00:00.000Z'))).toBe(0);
    expect(history(id)).toHaveLength(450);
  });

  it('ends a slot set and cleared, or set twice, in one call as its last write', () => {
    const id = unitId();
    const db = ensureYear(ctx, 2024);
    inTransaction(db, () => writeUnitSlots(db, id, [{ code: 'ZZU', year: 2022, value: '7', source: source('F1') }], 'kiểm thử', '2024-05-01T00:00:00.000Z'));
    const slots: SlotWrite[] = [
      { code: 'ZZS', year: 2022, value: '1', source: source('F2') },
      { code: 'ZZS', year: 2022, value: null, source: source('F2') },
      { code: 'ZZT', year: 2022, value: '2', source: source('F3') },
      { code: 'ZZT', year: 2022, value: '3', source: source('F3') },
      { code: 'ZZU', year: 2022, value: null, source: source('F1') },
      { code: 'ZZV', year: 2022, value: null, source: source('F4') },
      { code: 'ZZV', year: 2022, value: '4', source: source('F4') },
    ];
    expect(inTransaction(db, () => writeUnitSlots(db, id, slots, 'kiểm thử', '2024-05-02T00:00:00.000Z'))).toBe(6);
    expect(stored(id).map((r) => [r.code, r.value])).toEqual([
      ['ZZT', '3'],
      ['ZZV', '4'],
    ]);
    expect(history(id)).toEqual([
      { code: 'ZZU', year: 2022, old: null, new: '7' },
      { code: 'ZZS', year: 2022, old: null, new: '1' },
      { code: 'ZZS', year: 2022, old: '1', new: null },
      { code: 'ZZT', year: 2022, old: null, new: '2' },
      { code: 'ZZT', year: 2022, old: '2', new: '3' },
      { code: 'ZZU', year: 2022, old: '7', new: null },
      { code: 'ZZV', year: 2022, old: null, new: '4' },
    ]);
  });

  it('lists figures whose source, read when asked for, travels in JSON and structured clones', () => {
    const id = unitId();
    const db = ensureYear(ctx, 2024);
    inTransaction(db, () => writeUnitSlots(db, id, [{ code: 'ZZA', year: 2022, value: '5', source: source('G7') }], 'kiểm thử', '2024-05-01T00:00:00.000Z'));
    const f = listFigures(db).find((x) => x.unitId === id && x.code === 'ZZA')!;
    expect(JSON.parse(JSON.stringify(f))).toEqual({ unitId: id, code: 'ZZA', year: 2022, value: '5', source: source('G7'), updatedAt: '2024-05-01T00:00:00.000Z', updatedBy: 'kiểm thử' });
    expect(structuredClone(f).source).toEqual(source('G7'));
    expect({ ...f }.source).toEqual(source('G7'));
    f.source = source('H8');
    expect(f.source).toEqual(source('H8'));
  });
});

describe('an import source written as text', () => {
  it('is the text JSON.stringify writes, whatever the file, sheet and cell names hold', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ unit: 'grapheme' }), fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string())), (importId, file, cells) => {
        const text = importSourceJson(importId, file);
        for (const [sheet, cell] of [...cells, ['Số liệu', 'E10'], ['Trang "a\\b"', '']] as [string, string][])
          expect(text(sheet, cell)).toBe(JSON.stringify({ kind: 'import', importId, file, sheet, cell }));
      }),
      { seed: 16, numRuns: 300 },
    );
  });

  it('is stored as given and read back as the source', () => {
    const db = ensureYear(ctx, 2024);
    const id = unitId();
    const text = importSourceJson(7, 'Báo cáo "PNV".xlsx');
    inTransaction(db, () => writeUnitSlots(db, id, [{ code: 'ZZT', year: 2022, value: '9', source: text('Số liệu', 'F12') }], 'kiểm thử', '2024-05-01T00:00:00.000Z'));
    const f = listFigures(db).find((x) => x.unitId === id && x.code === 'ZZT')!;
    expect(f.source).toEqual({ kind: 'import', importId: 7, file: 'Báo cáo "PNV".xlsx', sheet: 'Số liệu', cell: 'F12' });
    const history = db.$client.prepare("SELECT source FROM figure_history WHERE unit_id = ? AND code = 'ZZT'").all(id) as { source: string }[];
    expect(history.map((h) => JSON.parse(h.source))).toEqual([f.source]);
  });
});
