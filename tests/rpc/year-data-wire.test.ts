/**
 * `figures:year-data` sends its figures as columns (FigureColumns) and the renderer decodes them once: the figures a
 * screen sees are exactly those stored, in their order, whether read as columns by SQLite or encoded from objects;
 * a malformed answer is refused by the contract. Real year files through the dispatcher.
 */
import { describe, expect, it } from 'vitest';
import { listFigureColumns } from '../../electron/core/db/repos/figures';
import { ensureYear } from '../../electron/core/services/years';
import { yearValues } from '../../electron/core/services/figures';
import type { FigureDto } from '../../shared/domain/records';
import { rpc } from '../../shared/rpc';
import { decodeFigures, decodeYearData, encodeFigures, FigureColumns, YearDataWire } from '../../shared/rpc/figures';
import { demoCoreEachTest } from '../support/demo-core';
import { callOk } from '../support/dispatch';

const odd: FigureDto[] = [
  { unitId: 7, code: 'DON_TONG_SO', year: 2022, value: '16015.34' },
  { unitId: 3, code: 'GHI_CHU', year: 0, value: 'Tổ dân phố “Bình An”, xã Ea Kao – Đắk Lắk\n\\ "ngoặc" ½' },
  { unitId: 7, code: 'DON_TONG_SO', year: 2021, value: '-' },
  { unitId: 3, code: 'DON_TONG_SO', year: 2022, value: '' },
  { unitId: 12, code: 'NGAY_BAN_HANH', year: 2023, value: '2023-02-28' },
];

/** What crosses the boundary: JSON written by one side, read and checked against the contract by the other. */
const across = (c: FigureColumns) => FigureColumns.parse(JSON.parse(JSON.stringify(c)));

describe('the figures of a year as columns', () => {
  it('decode to exactly the figures encoded, in their order, each code written once', () => {
    const c = encodeFigures(odd);
    expect(c.codes).toEqual(['DON_TONG_SO', 'GHI_CHU', 'NGAY_BAN_HANH']);
    expect(c.code).toEqual([0, 1, 0, 0, 2]);
    expect(decodeFigures(across(c))).toEqual(odd);
    expect(decodeFigures(across(encodeFigures([])))).toEqual([]);
  });

  it('are refused by the contract when the columns differ in length or a code index is out of range', () => {
    const good = encodeFigures(odd);
    const refused = (c: unknown) => {
      const r = FigureColumns.safeParse(c);
      expect(r.success).toBe(false);
      return r.error!.issues.map((i) => i.message).join('; ');
    };
    expect(refused({ ...good, value: good.value.slice(1) })).toMatch(/dài khác nhau/);
    expect(refused({ ...good, year: [...good.year, 2024] })).toMatch(/dài khác nhau/);
    expect(refused({ ...good, code: [0, 1, 3, 0, 2] })).toMatch(/mã chỉ tiêu số 3 không có/);
    expect(refused({ ...good, code: [0, -1, 0, 0, 2] })).toMatch(/mã chỉ tiêu số -1/);
    expect(refused({ ...good, code: [0, 0.5, 0, 0, 2] })).toMatch(/mã chỉ tiêu số 0.5/);
    expect(refused({ ...good, unitId: [7, 3, 7, 3, 1.5] })).toMatch(/1.5 không phải số nguyên/);
    expect(refused({ ...good, value: [...good.value.slice(0, 4), 5] })).toBeTruthy();
    expect(FigureColumns.safeParse(good).success).toBe(true);
  });
});

describe('figures:year-data', () => {
  const core = demoCoreEachTest();

  it('gives the screens the stored figures exactly, in the order the report reads them, odd texts included', async () => {
    const ctx = core();
    const db = ensureYear(ctx, 2024);
    const unitId = (db.$client.prepare("SELECT id FROM units WHERE kind = 'xa' LIMIT 1").get() as { id: number }).id;
    const put = db.$client.prepare("INSERT OR REPLACE INTO figures (unit_id, code, year, value, source, updated_at, updated_by) VALUES (?, ?, ?, ?, '{\"kind\":\"manual\"}', 'x', 'x')");
    odd.forEach((f, i) => put.run(unitId, `THU_${i}`, f.year, f.value));
    const wire = await callOk(ctx, rpc.figures.yearData, { year: 2024 });
    expect(YearDataWire.safeParse(JSON.parse(JSON.stringify(wire))).success).toBe(true);
    const stored = yearValues(ctx, 2024);
    expect(stored.figures.length).toBeGreaterThan(1000);
    const seen = decodeYearData(wire);
    expect(seen.figures).toEqual(stored.figures);
    expect(seen.figures.filter((f) => f.code.startsWith('THU_')).map((f) => f.value)).toEqual(odd.map((f) => f.value));
    expect({ ...seen, figures: [] }).toEqual({ ...stored, figures: [] });
    // Each code once: the answer is several times smaller than the figures as objects.
    expect(JSON.stringify(wire.figures).length * 3).toBeLessThan(JSON.stringify(stored.figures).length);
  });

  it('answers a year with no figures with empty columns', async () => {
    const ctx = core();
    ensureYear(ctx, 2024).$client.prepare('DELETE FROM figures').run();
    expect(listFigureColumns(ensureYear(ctx, 2024))).toEqual({ codes: [], unitId: [], code: [], year: [], value: [] });
    expect(decodeYearData(await callOk(ctx, rpc.figures.yearData, { year: 2024 })).figures).toEqual([]);
  });
});
