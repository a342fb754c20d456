/**
 * Lịch sử thay đổi of narratives and settings: every section save and every settings change with who, when and
 * old → new, an automatic fix named as such, a save of the same text not counted, the filters and the .xlsx export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { HistoryEntryDto } from '../../shared/rpc/history';
import type { CheckReportDto } from '../../shared/rpc/checks';
import type { Settings } from '../../shared/domain/settings';
import { textChange } from '../../electron/core/services/history';
import { tempCore } from '../support/builders';
import { callOk } from '../support/dispatch';

let core: ReturnType<typeof tempCore>;
let ctx: CoreContext;
const call = <T>(channel: string, input: unknown) => callOk<T>(ctx, channel, input);
const history = (filter?: unknown) => call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2024, filter });
const rowsIn = (table: string) => {
  const c = new Database(join(core.dir, 'tonghop-2024.sqlite'), { readonly: true });
  try {
    return (c.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    c.close();
  }
};

beforeAll(() => {
  core = tempCore('cli', 'Võ Thị Soạn');
  ctx = core.ctx;
  loadDemo(ctx);
}, 60_000);
afterAll(() => core.close());

describe('history of narratives', () => {
  it('records each section save with who, when and old → new around the change; the same text again is not a change', async () => {
    const section = 'tiep-dan-don-thu';
    const at0 = rowsIn('narrative_history');
    await call(rpc.templates.saveNarrative.channel, { year: 2024, sectionId: section, blocks: [{ style: 'p', text: 'Năm qua đã tổ chức 12 kỳ tiếp công dân định kỳ theo quy định.' }] });
    await call(rpc.templates.saveNarrative.channel, { year: 2024, sectionId: section, blocks: [{ style: 'p', text: 'Năm qua đã tổ chức 14 kỳ tiếp công dân định kỳ theo quy định.' }] });
    await call(rpc.templates.saveNarrative.channel, { year: 2024, sectionId: section, blocks: [{ style: 'p', text: 'Năm qua đã tổ chức 14 kỳ tiếp công dân định kỳ theo quy định.' }] });
    expect(rowsIn('narrative_history')).toBe(at0 + 2);
    const mine = (await history({ area: 'narrative' })).filter((e) => e.what.includes('tiếp dân, đối thoại'));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ by: 'Võ Thị Soạn', area: 'narrative', source: 'nhập tay' });
    expect(mine[0].what).toMatch(/^Lời văn mục “2\.2\. Kết quả thực hiện công tác tiếp dân[^”]*”: “Năm qua đã tổ chức 12 kỳ tiếp công dân định kỳ theo quy định\.” → “Năm qua đã tổ chức 14 kỳ tiếp công dân định kỳ theo quy định\.”$/);
    expect(mine[1].what).toMatch(/lời văn mới \(thay lời văn mẫu\): “Năm qua đã tổ chức 12 kỳ/);
  });

  it('names an automatic fix of the checks as its source', async () => {
    await call(rpc.templates.saveNarrative.channel, { year: 2024, sectionId: 'tiep-dan-don-thu', blocks: [{ style: 'p', text: 'Đã giải quyết 04/07 vụ việc, đạt 75%.' }] });
    const report = await call<CheckReportDto>(rpc.checks.year.channel, { year: 2024 });
    const f = report.findings.find((x) => x.code === 'ratio-percent' && x.fix)!;
    await call(rpc.checks.fix.channel, { year: 2024, findingId: f.id });
    const [last] = await history({ area: 'narrative' });
    expect(last.source).toBe('sửa tự động (trang Kiểm tra)');
    expect(last.what).toContain('“Đã giải quyết 04/07 vụ việc, đạt 75%.” → “Đã giải quyết 04/07 vụ việc, đạt 57%.”');
  });
});

describe('history of settings', () => {
  it('records each changed setting, old → new field by field, and none for what did not change', async () => {
    const at0 = rowsIn('settings_history');
    const s = await call<Settings>(rpc.settings.get.channel, { year: 2024 });
    await call(rpc.settings.save.channel, { year: 2024, settings: { ...s, placeName: 'Tịnh Ấn', signer: { ...s.signer, fullName: 'Nguyễn Văn Ký' }, padCounts: !s.padCounts } });
    await call(rpc.settings.save.channel, { year: 2024, settings: { ...s, placeName: 'Tịnh Ấn', signer: { ...s.signer, fullName: 'Nguyễn Văn Ký' }, padCounts: !s.padCounts } });
    expect(rowsIn('settings_history')).toBe(at0 + 3);
    // The demo's own settings are in the history too (set over the defaults when it was loaded): these are the last three.
    const set = (await history({ area: 'setting' })).slice(0, 3);
    expect(set.map((e) => e.what).sort()).toEqual(
      [
        `Cài đặt “Địa danh ghi ở dòng ngày tháng”: ${s.placeName} → Tịnh Ấn`,
        `Cài đặt “Họ và tên người ký”: ${s.signer.fullName} → Nguyễn Văn Ký`,
        `Cài đặt “Thêm số 0 trước số đếm nhỏ hơn 10”: ${s.padCounts ? 'có' : 'không'} → ${s.padCounts ? 'không' : 'có'}`,
      ].sort(),
    );
    expect(set.every((e) => e.by === 'Võ Thị Soạn' && e.source === '')).toBe(true);
  });

  it('starts a new year from the settings carried over, without calling them changes', async () => {
    await call(rpc.years.create.channel, { year: 2025 });
    expect(await call<HistoryEntryDto[]>(rpc.history.list.channel, { year: 2025, filter: { area: 'setting' } })).toEqual([]);
  });

  it('filters by person and exports narratives and settings with the rest', async () => {
    expect(await history({ area: 'setting', by: 'không ai' })).toEqual([]);
    const all = await history();
    expect(all.some((e) => e.area === 'narrative') && all.some((e) => e.area === 'setting')).toBe(true);
    // A unit filter leaves out what belongs to no unit.
    const units = await call<{ id: number }[]>(rpc.units.list.channel, { year: 2024 });
    expect((await history({ unitId: units[0].id })).some((e) => e.area === 'narrative' || e.area === 'setting')).toBe(false);
    const x = await call<{ base64: string; rows: number }>(rpc.history.export.channel, { year: 2024 });
    expect(x.rows).toBe(all.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const texts = wb.getWorksheet('Lịch sử thay đổi')!.getColumn(4).values.map(String);
    expect(texts).toContain(all.find((e) => e.area === 'setting')!.what);
    expect(texts).toContain(all.find((e) => e.area === 'narrative')!.what);
  });
});

describe('the command line', () => {
  it('prints one kind of change with --area, and refuses a kind that does not exist', async () => {
    const { cli } = await import('../support/cli');
    const { closeCore, createCore } = await import('../../electron/core');
    closeCore(ctx);
    try {
      const r = cli(['year', 'history', '--workspace', core.dir, '--year', '2024', '--area', 'setting']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toContain('Cài đặt “');
      expect(lines.every((l) => l.includes('\tCài đặt “'))).toBe(true);
      const bad = cli(['year', 'history', '--workspace', core.dir, '--year', '2024', '--area', 'loai-khac']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('Không có loại thay đổi “loai-khac”');
    } finally {
      ctx = core.ctx = createCore({ host: 'cli', workspaceDir: core.dir, actor: 'Võ Thị Soạn' });
    }
  });
});

describe('textChange', () => {
  it('cuts a long unchanged start and end to a few words', () => {
    const head = 'Trong năm, Ủy ban nhân dân thành phố đã chỉ đạo các cơ quan chuyên môn triển khai đầy đủ, kịp thời ';
    const tail = ' theo đúng kế hoạch đã ban hành từ đầu năm và báo cáo kết quả về Thường trực Thành ủy đúng hạn.';
    const t = textChange(`${head}12 văn bản${tail}`, `${head}15 văn bản${tail}`);
    expect(t).toMatch(/^“…[^“”]*12 văn bản[^“”]*…” → “…[^“”]*15 văn bản[^“”]*…”$/);
    expect(t.length).toBeLessThan(`${head}${tail}`.length * 2);
    expect(textChange('a', null)).toBe('xóa lời văn: “a”');
  });
});
