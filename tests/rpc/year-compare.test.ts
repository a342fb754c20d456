/**
 * "So sánh các năm" over real year files: the demo's three-year review (2024: 2021–2023), two annual years made from
 * it (2025 sealed, 2026), and a damaged 2022 file. Totals are checked against SQL sums written here, not against
 * the app's own aggregation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { CompareIndicatorDto, CompareTableDto, SkippedYearDto } from '../../shared/rpc/compare';
import { changeShown } from '../../shared/domain/year-change';
import { tempCore } from '../support/builders';
import { callOk } from '../support/dispatch';

let core: ReturnType<typeof tempCore>;
let ctx: CoreContext;
const call = <T>(channel: string, input: unknown) => callOk<T>(ctx, channel, input);

/** The SQL sum of one indicator over the units of the reporting kinds, straight from a year file. */
function sqlTotal(year: number, code: string, figureYear: number): string | null {
  const c = new Database(join(core.dir, `tonghop-${year}.sqlite`), { readonly: true });
  try {
    const t = JSON.parse((c.prepare('SELECT template_json AS t FROM year_template').get() as { t: string }).t) as { indicators: { code: string; reporters: string[] }[] };
    const kinds = t.indicators.find((i) => i.code === code)!.reporters;
    const r = c
      .prepare(`SELECT SUM(CAST(f.value AS INTEGER)) AS s, COUNT(*) AS n FROM figures f JOIN units u ON u.id = f.unit_id WHERE u.active = 1 AND f.code = ? AND f.year = ? AND u.kind IN (${kinds.map(() => '?').join(',')})`)
      .get(code, figureYear, ...kinds) as { s: number | null; n: number };
    return r.n ? String(r.s) : null;
  } finally {
    c.close();
  }
}

let xa: { id: number; code: string; name: string }[] = [];

beforeAll(async () => {
  core = tempCore('cli', 'Lê Thị Lưu Trữ');
  ctx = core.ctx;
  loadDemo(ctx);
  for (const [year, values] of [
    [2025, [10, 20, 5]],
    [2026, [12, 20, 5]],
  ] as const) {
    await call(rpc.years.create.channel, { year });
    await call(rpc.templates.choose.channel, { year, templateId: 'dan-van-hang-nam', period: { fromYear: year, toYear: year } });
    const units = await call<{ id: number; code: string; name: string; kind: string }[]>(rpc.units.list.channel, { year });
    xa = units.filter((u) => u.kind === 'co-quan-chuyen-mon').slice(0, 3);
    await call(rpc.figures.save.channel, { year, changes: xa.map((u, i) => ({ unitId: u.id, code: 'DON_TONG_SO', year, value: String(values[i]) })) });
    if (year === 2025) await call(rpc.archive.seal.channel, { year });
  }
  // A year file damaged on disk: skipped and named, never failing the view.
  writeFileSync(join(core.dir, 'tonghop-2022.sqlite'), Buffer.alloc(4096, 7));
}, 120_000);
afterAll(() => core.close());

describe('So sánh các năm', () => {
  it('shows the office total of every year, each year of the review from its own slot, the damaged year named', async () => {
    const t = await call<CompareTableDto>(rpc.compare.table.channel, { code: 'DON_TONG_SO' });
    expect(t.columns.map((c) => c.label)).toEqual(['2021', '2022', '2023', '2025', '2026']);
    expect(t.columns.map((c) => c.file)).toEqual(['tonghop-2024.sqlite', 'tonghop-2024.sqlite', 'tonghop-2024.sqlite', 'tonghop-2025.sqlite', 'tonghop-2026.sqlite']);
    expect(t.columns.map((c) => c.sealed)).toEqual([false, false, false, true, false]);
    expect(t.total.values).toEqual([sqlTotal(2024, 'DON_TONG_SO', 2021), sqlTotal(2024, 'DON_TONG_SO', 2022), sqlTotal(2024, 'DON_TONG_SO', 2023), '35', '37']);
    expect(t.total.values.slice(0, 3).every((v) => v !== null && Number(v) > 0)).toBe(true);
    // 35 → 37 is +5,7% (2/35 = 5,714…); 2023 → 2025 skips a year: no change is claimed.
    expect(t.total.changes[4]).toBe('+5,7%');
    expect(t.total.changes[3]).toBeNull();
    expect(t.total.changes[0]).toBeNull();
    expect(t.total.changes[1]).toBe(changeShown('count', t.total.values[1], t.total.values[0]));
    expect(t.total.shown[0]).toMatch(/^\d{1,3}(\.\d{3})*$/);
    expect(t.skipped).toEqual([expect.objectContaining({ year: 2022, file: 'tonghop-2022.sqlite' })]);
    expect(t.skipped[0].problem).toMatch(/tonghop-2022/);
    expect(t.units).toEqual([]);
    expect(t.notes.join(' ')).toMatch(/theo mã đơn vị/);
  });

  it('gives each unit its own figures by code on demand, with "—" where a year has none', async () => {
    const t = await call<CompareTableDto>(rpc.compare.table.channel, { code: 'DON_TONG_SO', byUnit: true });
    const row = t.units.find((r) => r.unitCode === xa[0].code)!;
    const c = new Database(join(core.dir, 'tonghop-2024.sqlite'), { readonly: true });
    const own = (y: number) =>
      (c.prepare("SELECT f.value AS v FROM figures f JOIN units u ON u.id = f.unit_id WHERE u.code = ? AND f.code = 'DON_TONG_SO' AND f.year = ?").get(xa[0].code, y) as { v: string } | undefined)?.v ?? null;
    expect(row.values).toEqual([own(2021), own(2022), own(2023), '10', '12']);
    c.close();
    expect(row.changes[4]).toBe('+20%');
    const silent = t.units.find((r) => r.unitCode === xa[2].code)!;
    expect(silent.values.slice(3)).toEqual(['5', '5']);
    expect(silent.changes[4]).toBe('0%');
    const none = t.units.find((r) => r.values[3] === null && r.values[4] === null)!;
    expect(none.shown.slice(3)).toEqual(['—', '—']);
    // Every unit row adds up to the office total where all of them reported.
    const sum = t.units.reduce((n, r) => n + Number(r.values[3] ?? 0), 0);
    expect(String(sum)).toBe(t.total.values[3]);
  });

  it('recomputes a ratio from its parts in every year, its change in percentage points', async () => {
    const t = await call<CompareTableDto>(rpc.compare.table.channel, { code: 'TY_LE_HOA_GIAI_THANH_CONG' });
    const expected = [2021, 2022, 2023].map((y) => {
      const ok = Number(sqlTotal(2024, 'HOA_GIAI_THANH_CONG', y));
      const all = Number(sqlTotal(2024, 'HOA_GIAI_TIEP_NHAN', y));
      return `${(Math.round((ok / all) * 1000) / 10).toFixed(1).replace('.', ',').replace(/,0$/, '')}%`;
    });
    expect(t.total.shown.slice(0, 3)).toEqual(expected);
    expect(t.total.changes[1]).toMatch(/^[+-]?\d+(,\d)? điểm %$/);
  });

  it('lists the indicators of every year, with the years that have each and its section', async () => {
    const r = await call<{ indicators: CompareIndicatorDto[]; skipped: SkippedYearDto[] }>(rpc.compare.indicators.channel, {});
    const don = r.indicators.find((i) => i.code === 'DON_TONG_SO')!;
    expect(don.years).toEqual([2024, 2025, 2026]);
    expect(don.section).not.toBe('');
    expect(r.indicators.find((i) => i.code === 'SO_PHUONG')?.years).toEqual([2024]);
    expect(r.skipped.map((s) => s.year)).toEqual([2022]);
  });

  it('says which indicator no year has', async () => {
    await expect(call(rpc.compare.table.channel, { code: 'KHONG_CO' })).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('exports the same table to .xlsx and prints it on the command line', async () => {
    const t = await call<CompareTableDto>(rpc.compare.table.channel, { code: 'DON_TONG_SO', byUnit: true });
    const x = await call<{ name: string; base64: string }>(rpc.compare.export.channel, { code: 'DON_TONG_SO', byUnit: true });
    expect(x.name).toBe('So-sanh-cac-nam-DON_TONG_SO.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('So sánh các năm')!;
    expect(ws.getRow(2).values).toEqual([undefined, 'Mã', 'Đơn vị', 'Năm 2021', 'Năm 2022', 'Tăng, giảm', 'Năm 2023', 'Tăng, giảm', 'Năm 2025', 'Tăng, giảm', 'Năm 2026', 'Tăng, giảm']);
    expect(ws.getRow(3).getCell(2).value).toBe('Tổng cộng (toàn cơ quan)');
    expect(ws.getRow(3).getCell(10).value).toBe(37);
    expect(ws.getRow(3).getCell(11).value).toBe('+5,7%');
    expect(ws.getRow(4 + t.units.length - 1).getCell(2).value).toBe(t.units.at(-1)!.name);

    const { cli } = await import('../support/cli');
    const { closeCore, createCore } = await import('../../electron/core');
    closeCore(ctx);
    try {
      const r = cli(['year', 'compare', '--workspace', core.dir, '--indicator', 'DON_TONG_SO']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Đơn vị\tNăm 2021\tNăm 2022\tNăm 2023\tNăm 2025\tNăm 2026');
      expect(r.stdout).toMatch(/Tổng cộng \(toàn cơ quan\)\t.*\t35\t37 \(\+5,7%\)/);
      expect(r.stdout).toMatch(/Bỏ qua tonghop-2022\.sqlite/);
      expect(cli(['year', 'compare', '--workspace', core.dir]).code).not.toBe(0);
    } finally {
      ctx = core.ctx = createCore({ host: 'cli', workspaceDir: core.dir, actor: 'Lê Thị Lưu Trữ' });
    }
  });
  it('follows a merge: the earlier years of a merged unit add up the units it was made from', async () => {
    const merged = await call<{ id: number }>(rpc.units.add.channel, { year: 2026, code: 'PHONG-MOI', name: 'Phòng mới sáp nhập', kind: 'co-quan-chuyen-mon' });
    for (const x of xa.slice(0, 2)) await call(rpc.units.update.channel, { year: 2026, id: x.id, active: false });
    await call(rpc.units.setLink.channel, { year: 2026, unitId: merged.id, kind: 'merge', earlier: [{ code: xa[0].code }, { code: xa[1].code }] });
    await call(rpc.figures.save.channel, { year: 2026, changes: [{ unitId: merged.id, code: 'DON_TONG_SO', year: 2026, value: '40' }] });
    const t = await call<CompareTableDto>(rpc.compare.table.channel, { code: 'DON_TONG_SO', byUnit: true });
    const row = t.units.find((r) => r.unitCode === 'PHONG-MOI')!;
    const before = await call<CompareTableDto>(rpc.compare.table.channel, { code: 'DON_TONG_SO', byUnit: false });
    expect(row.values[3]).toBe('30');
    expect(row.values[4]).toBe('40');
    expect(row.changes[4]).toBe('+33,3%');
    expect(row.note).toMatch(new RegExp(`theo mã cũ — 2021: ${xa[0].code} \\+ ${xa[1].code}; 2022: `));
    // The two earlier units are not listed again: their figures are in the merged unit's row.
    expect(t.units.filter((r) => r.unitCode === xa[0].code || r.unitCode === xa[1].code)).toEqual([]);
    const c = new Database(join(core.dir, 'tonghop-2024.sqlite'), { readonly: true });
    for (const [i, y] of [2021, 2022, 2023].entries()) {
      const r = c
        .prepare("SELECT SUM(CAST(f.value AS INTEGER)) AS s, COUNT(*) AS n FROM figures f JOIN units u ON u.id = f.unit_id WHERE u.code IN (?, ?) AND f.code = 'DON_TONG_SO' AND f.year = ?")
        .get(xa[0].code, xa[1].code, y) as { s: number | null; n: number };
      expect(row.values[i]).toBe(r.n ? String(r.s) : null);
    }
    c.close();
    expect(t.notes[0]).toMatch(/theo mã cũ đã khai báo/);
    // 2026's total: the merged unit's 40 and the third unit's 5 (the two earlier ones stopped reporting).
    expect(before.total.values[4]).toBe('45');
  });
});
