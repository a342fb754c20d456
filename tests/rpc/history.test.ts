/** The change history of a year: who changed what, when, from which source; filters; export to .xlsx. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { HistoryEntryDto } from '../../shared/rpc/history';
import { tempCore } from '../support/builders';
import { callOk } from '../support/dispatch';

let core: ReturnType<typeof tempCore>;
let ctx: CoreContext;
const call = <T>(channel: string, input: unknown) => callOk<T>(ctx, channel, input);

beforeAll(() => {
  core = tempCore('cli', 'Trần Thị Hạnh');
  ctx = core.ctx;
  loadDemo(ctx);
}, 60_000);
afterAll(() => core.close());

describe('Lịch sử thay đổi', () => {
  it('lists a typed change with who, when, old → new and its source, newest first, and filters by unit and person', async () => {
    const units = await call<{ id: number; name: string; kind: string }[]>(rpc.units.list.channel, { year: 2024 });
    const xa = units.find((u) => u.kind === 'xa')!;
    await call(rpc.figures.save.channel, { year: 2024, changes: [{ unitId: xa.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2022, value: '4321' }] });
    const all = await call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2024 });
    expect(all[0]).toMatchObject({ by: 'Trần Thị Hạnh', area: 'figure', unit: xa.name, code: 'HOA_GIAI_TIEP_NHAN', source: 'nhập tay' });
    expect(all[0].what).toMatch(/năm 2022: [\d.]+ → 4.321$/);
    expect(all.some((e) => e.source === 'dữ liệu mẫu')).toBe(true);
    const mine = await call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2024, filter: { unitId: xa.id, by: 'hạnh', code: 'HOA_GIAI_TIEP_NHAN' } });
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.every((e) => e.unitId === xa.id && e.code === 'HOA_GIAI_TIEP_NHAN' && e.by === 'Trần Thị Hạnh')).toBe(true);
    expect(mine[0]).toEqual(all[0]);
    expect(all.length).toBeGreaterThan(mine.length);
    expect(await call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2024, filter: { by: 'không ai' } })).toEqual([]);
    expect(await call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2024, filter: { from: '2099-01-01' } })).toEqual([]);
  });

  it('exports the same rows to .xlsx', async () => {
    const list = await call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2024 });
    const x = await call<{ name: string; base64: string; rows: number }>(rpc.history.export.channel, { year: 2024 });
    expect(x.name).toBe('Lich-su-thay-doi-2024.xlsx');
    expect(x.rows).toBe(list.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Lịch sử thay đổi')!;
    expect(ws.rowCount).toBe(list.length + 1);
    expect(ws.getRow(2).getCell(2).value).toBe('Trần Thị Hạnh');
    expect(String(ws.getRow(2).getCell(4).value)).toBe(list[0].what);
  });

  it('is printed and exported by the command line', async () => {
    const { cli } = await import('../support/cli');
    const { closeCore, createCore } = await import('../../electron/core');
    closeCore(ctx);
    try {
      const r = cli(['year', 'history', '--workspace', core.dir, '--year', '2024', '--by', 'hạnh']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(/\tTrần Thị Hạnh\t.*→ 4.321\tnhập tay$/);
    } finally {
      ctx = createCore({ host: 'cli', workspaceDir: core.dir, actor: 'Trần Thị Hạnh' });
      core.ctx = ctx;
    }
  }, 60_000);
});
