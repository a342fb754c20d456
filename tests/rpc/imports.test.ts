/**
 * Unit returns end to end on the demo year: generated forms filled the way units fill them, read back, validated,
 * diffed, stored with their originals and provenance; own layouts mapped and remembered; completeness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCore, dispatch } from '../../electron/core';
import { checkFiles, commitFiles, confirmMapping, importFiles } from '../../electron/core/services/imports';
import { provenance, returnsStatus } from '../../electron/core/services/returns';
import { ensureYear } from '../../electron/core/services/years';
import { figureHistoryOf } from '../../electron/core/db/repos/figures';
import { rpc } from '../../shared/rpc';
import { WHOLE_PERIOD } from '../../shared/domain/records';
import { SHEETS } from '../../electron/core/forms/layout';
import { dbDigest, demoWithForms, type DemoForms } from '../support/import-fixture';
import { cellOf, dataLayout, fillForm, loadBook, ownLayout, saveBook } from '../support/returns';
import { cli } from '../support/cli';

let d: DemoForms;
let ward = '';
let agency = '';
let wardId = 0;

beforeAll(async () => {
  d = await demoWithForms();
  const w = d.units.find((u) => u.kind === 'phuong')!;
  ward = w.code;
  wardId = w.id;
  agency = d.units.find((u) => u.kind === 'co-quan-chuyen-mon')!.code;
}, 120_000);
afterAll(() => {
  closeCore(d.ctx);
  rmSync(d.dir, { recursive: true, force: true });
});

/** The demo values of a unit, as numbers, with HOA_GIAI_TIEP_NHAN raised by `bump` each year. */
const demoFill = (unitCode: string, bump = 0) => (code: string, year: number) => {
  const v = d.demo(unitCode, code, year);
  if (v === null) return null;
  return code === 'HOA_GIAI_TIEP_NHAN' ? Number(v) + bump : Number(v);
};

describe('a filled form', () => {
  it('is identified by its meta sheet, diffed against stored values, and stored with history and its original', async () => {
    const bytes = await fillForm(d.form(ward), d.period, (code, year) => {
      const base = demoFill(ward, 5)(code, year);
      // Units type some numbers as text, Vietnamese style, and "-" for nothing.
      if (code === 'HOA_GIAI_THANH_CONG' && year === 2022 && typeof base === 'number') return base.toLocaleString('vi-VN') + ' ';
      if (code === 'DVK_MOI_KT' && year === 2021 && base === null) return '-';
      return base;
    });
    const before = dbDigest(d.ctx);
    const [check] = checkFiles(d.ctx, 2024, [{ name: 'phuong.xlsx', bytes }]);
    expect(dbDigest(d.ctx)).toBe(before);
    expect(check.status).toBe('ready');
    expect(check.layout).toBe('form');
    expect(check.unit?.code).toBe(ward);
    expect(check.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Three years of HOA_GIAI_TIEP_NHAN changed by +5, nothing else.
    expect(check.diff.map((x) => `${x.code}@${x.year}`).sort()).toEqual(['HOA_GIAI_TIEP_NHAN@2021', 'HOA_GIAI_TIEP_NHAN@2022', 'HOA_GIAI_TIEP_NHAN@2023']);
    const one = check.diff.find((x) => x.year === 2021)!;
    expect(Number(one.new) - Number(one.old)).toBe(5);

    const [res] = commitFiles(d.ctx, 2024, [check.id]);
    expect(res.status).toBe('imported');
    expect(res.changed).toBe(3);
    const db = ensureYear(d.ctx, 2024);
    const hist = figureHistoryOf(db, wardId, 'HOA_GIAI_TIEP_NHAN', 2021);
    expect(hist.at(-1)).toMatchObject({ oldValue: one.old, newValue: one.new, source: { kind: 'import', file: 'phuong.xlsx', sheet: SHEETS.data } });
    const ref = await cellOf(bytes, d.period, 'HOA_GIAI_TIEP_NHAN', 2021);
    expect(hist.at(-1)!.source).toMatchObject({ cell: ref });

    const stored = db.$client.prepare('SELECT sha256, size, f.bytes, imported_by AS by, imported_at AS at FROM imports JOIN import_files f ON f.import_id = id WHERE id = ?').get(res.importId) as {
      sha256: string;
      size: number;
      bytes: Buffer;
      by: string;
      at: string;
    };
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(stored.size).toBe(bytes.length);
    expect(Buffer.compare(stored.bytes, Buffer.from(bytes))).toBe(0);
    expect(stored.by).toBe('kiểm thử');

    // The same file again is recognised and changes nothing.
    const again = checkFiles(d.ctx, 2024, [{ name: 'phuong-gui-lai.xlsx', bytes }])[0];
    expect(again.status).toBe('unchanged');
    const digest = dbDigest(d.ctx);
    expect(commitFiles(d.ctx, 2024, [again.id])[0].status).toBe('unchanged');
    expect(dbDigest(d.ctx)).toBe(digest);

    // Provenance of the figure names the file, the sheet and the cell.
    const src = provenance(d.ctx, 2024, { code: 'HOA_GIAI_TIEP_NHAN', figureYear: 2021, unitId: wardId });
    expect(src).toHaveLength(1);
    expect(src[0]).toMatchObject({ source: { kind: 'import', file: 'phuong.xlsx', cell: ref }, importedBy: 'kiểm thử' });
    expect(src[0].importedAt).toBeTruthy();
  });

  it('refuses the en-US trap in a count cell, naming the cell, and stores nothing', async () => {
    const bytes = await fillForm(d.form(agency), d.period, (code, year) => (code === 'DON_TONG_SO' && year === 2022 ? 1.27 : demoFill(agency)(code, year)));
    const before = dbDigest(d.ctx);
    const [r] = importFiles(d.ctx, 2024, [{ name: 'phong.xlsx', bytes }], { dryRun: false });
    expect(r.result?.status).toBe('refused');
    const ref = await cellOf(bytes, d.period, 'DON_TONG_SO', 2022);
    const trap = r.check.problems.find((p) => p.cell === ref)!;
    expect(trap).toMatchObject({ severity: 'error', sheet: SHEETS.data });
    expect(trap.message).toContain('1,27');
    expect(trap.message).toContain('1.270');
    expect(r.result?.message).toContain(`${SHEETS.data}!${ref}`);
    expect(dbDigest(d.ctx)).toBe(before);
  });

  it('refuses a return whose parts do not add up to the total (a template rule), pointing at the cell', async () => {
    const bytes = await fillForm(d.form(ward), d.period, (code, year) => (code === 'DVK_MOI' && year === 2023 ? 999 : demoFill(ward, 5)(code, year)));
    const [c] = checkFiles(d.ctx, 2024, [{ name: 'sai-tong.xlsx', bytes }]);
    expect(c.status).toBe('refused');
    const p = c.problems.find((x) => x.severity === 'error')!;
    // The rule breaks over the period (the unit left the parts of 2023 blank), so it points at the total's row.
    expect(p.sheet).toBe(SHEETS.data);
    expect(p.cell?.replace(/^[A-Z]+/, '')).toBe((await cellOf(bytes, d.period, 'DVK_MOI', 2023)).replace(/^[A-Z]+/, ''));
    expect(p.message).toMatch(/999/);
  });

  it('reads cached formula values, refuses formulas without one, and follows rows inserted by the unit', async () => {
    const good = await fillForm(
      d.form(ward),
      d.period,
      (code, year) => {
        const v = demoFill(ward, 5)(code, year);
        return code === 'HOA_GIAI_TIEP_NHAN' && year === 2023 && typeof v === 'number' ? { formula: `${v - 1}+1`, result: v } : v;
      },
      (wb) => {
        const ws = wb.getWorksheet(SHEETS.data)!;
        const { rows } = dataLayout(ws, d.period);
        // A unit inserts two explanatory rows above the mediation rows and merges a note across columns.
        ws.spliceRows(rows.get('HOA_GIAI_TIEP_NHAN')!, 0, ['', '', 'Ghi chú của đơn vị: số liệu đã rà soát'], []);
      },
    );
    const [c] = checkFiles(d.ctx, 2024, [{ name: 'cong-thuc.xlsx', bytes: good }]);
    expect(c.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(c.status).toBe('ready');
    expect(c.diff).toEqual([]);

    const wb = await loadBook(good);
    const ws = wb.getWorksheet(SHEETS.data)!;
    const { rows, cols } = dataLayout(ws, d.period);
    const cell = ws.getCell(rows.get('HOA_GIAI_TIEP_NHAN')!, cols.get(2023)!);
    cell.value = { formula: 'B1+1' } as never;
    const [bad] = checkFiles(d.ctx, 2024, [{ name: 'chua-tinh.xlsx', bytes: await saveBook(wb) }]);
    expect(bad.status).toBe('refused');
    expect(bad.problems.find((p) => p.cell === cell.address)?.message).toMatch(/công thức/);
  });

  it('refuses a form of another year, another template version or an unknown unit, and stores nothing', async () => {
    const edit = (key: string, value: string) => async () => {
      const wb = await loadBook(d.form(ward));
      const meta = wb.getWorksheet(SHEETS.meta)!;
      meta.eachRow((row) => {
        if (row.getCell(1).value === key) row.getCell(2).value = value;
      });
      return saveBook(wb);
    };
    const cases: [string, () => Promise<Uint8Array>, RegExp][] = [
      ['năm khác', edit('year', '2023'), /năm 2023, không phải năm 2024/],
      ['phiên bản mẫu khác', edit('templateVersion', '99'), /phiên bản 99/],
      ['mẫu khác', edit('templateId', 'mau-khac'), /mẫu báo cáo khác/],
      ['đơn vị lạ', edit('unitCode', 'KHONG_CO'), /“KHONG_CO”.*không có trong danh sách đơn vị/],
    ];
    for (const [name, make, message] of cases) {
      const before = dbDigest(d.ctx);
      const [r] = importFiles(d.ctx, 2024, [{ name: `${name}.xlsx`, bytes: await make() }], { dryRun: false });
      expect(r.result?.status, name).toBe('refused');
      expect(r.check.problems.map((p) => p.message).join(' '), name).toMatch(message);
      expect(dbDigest(d.ctx), name).toBe(before);
    }
  });
});

describe('lists and notes of a form', () => {
  it('replaces the unit’s list rows and notes, keeping history, and shows the notes to the narrative', async () => {
    const commune = d.units.find((u) => u.kind === 'xa')!;
    const list = d.template.lists.find((l) => l.id === 'mo-hinh-dan-van-kheo')!;
    const choice = (key: string) => list.columns.find((c) => c.key === key)!.options![0];
    const bytes = await fillForm(
      d.form(commune.code),
      d.period,
      (code, year) => (d.demo(commune.code, code, year) === null ? null : Number(d.demo(commune.code, code, year))),
      (wb) => {
        // The meta sheet names the sheet of each list.
        let sheetName = '';
        wb.getWorksheet(SHEETS.meta)!.eachRow((r) => {
          if (r.getCell(1).value === `list:${list.id}`) sheetName = String(r.getCell(2).value);
        });
        const sheet = wb.getWorksheet(sheetName)!;
        let header = 0;
        sheet.eachRow((row, n) => {
          if (!header && String(row.getCell(1).value ?? '').startsWith(list.columns[0].label)) header = n;
        });
        const cols = list.columns.filter((c) => c.type !== 'unit');
        const row = (r: number, values: Record<string, string | number>) => cols.forEach((c, i) => values[c.key] !== undefined && (sheet.getCell(r, i + 1).value = values[c.key]));
        row(header + 1, { ten: 'Mô hình “Chợ văn minh”', linhVuc: choice('linhVuc'), loai: choice('loai'), nam: 2022 });
        row(header + 3, { ten: 'Mô hình “Đường hoa nông thôn mới”', linhVuc: choice('linhVuc').toUpperCase(), loai: choice('loai'), nam: '2023' });
        const notes = wb.getWorksheet(SHEETS.notes)!;
        notes.eachRow((r) => {
          if (r.getCell(1).value === d.template.outline[0].id) r.getCell(4).value = 'Xã đã quán triệt Chỉ thị đến 100% cán bộ.';
        });
      },
    );
    const [c] = checkFiles(d.ctx, 2024, [{ name: 'xa-danh-sach.xlsx', bytes }]);
    expect(c.problems.filter((p) => p.severity === 'error'), JSON.stringify(c.problems)).toEqual([]);
    expect(c.counts).toMatchObject({ listRows: 2, notes: 1 });
    expect(c.listChanges.map((l) => l.after)).toEqual([2]);
    expect(commitFiles(d.ctx, 2024, [c.id])[0].status).toBe('imported');
    const rows = (await dispatch(d.ctx, rpc.lists.rows.channel, { year: 2024 }, () => undefined)) as { value: { listId: string; unitId: number; values: Record<string, string>; source: { kind: string } }[] };
    const mine = rows.value.filter((r) => r.listId === list.id && r.unitId === commune.id);
    expect(mine.map((r) => r.values.ten)).toEqual(['Mô hình “Chợ văn minh”', 'Mô hình “Đường hoa nông thôn mới”']);
    // A choice typed in capitals is stored as the option; the unit column is the unit itself; years read as numbers.
    expect(mine[1].values).toMatchObject({ linhVuc: choice('linhVuc'), donVi: commune.code, nam: '2023' });
    expect(mine.every((r) => r.source.kind === 'import')).toBe(true);
    const added = ensureYear(d.ctx, 2024)
      .$client.prepare("SELECT new_values FROM list_history WHERE list_id = ? AND old_values IS NULL AND source LIKE '%xa-danh-sach.xlsx%'")
      .all(list.id) as { new_values: string }[];
    expect(added.map((h) => (JSON.parse(h.new_values) as { ten: string }).ten)).toEqual(mine.map((r) => r.values.ten));
    const notes = await dispatch(d.ctx, rpc.imports.notes.channel, { year: 2024 }, () => undefined);
    expect(notes).toMatchObject({ ok: true, value: [{ unitId: commune.id, sectionId: d.template.outline[0].id, text: 'Xã đã quán triệt Chỉ thị đến 100% cán bộ.' }] });
  });
});

describe("a unit's own layout", () => {
  it('is proposed by labels, confirmed by the clerk, remembered for the next return', async () => {
    const agencyUnit = d.units.find((u) => u.code === agency)!;
    // The indicator whose figures the unit corrects in its second return: the first one with a demo value.
    const inRules = new Set(d.template.rules.flatMap((r) => (r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right])));
    const bumped = d.template.indicators.find(
      (i) => i.byYear && i.kind === 'count' && i.reporters.includes(agencyUnit.kind) && !inRules.has(i.code) && d.demo(agency, i.code, 2021) !== null,
    )!.code;
    const make = (bump: number) =>
      ownLayout(d.template, d.period, agencyUnit.kind, agencyUnit.name, (code, year) => {
        const v = d.demo(agency, code, year);
        return v === null ? null : Number(v) + (code === bumped ? bump : 0);
      }, { messy: true });
    const first = await make(0);
    const before = dbDigest(d.ctx);
    const [c] = checkFiles(d.ctx, 2024, [{ name: 'bao-cao-rieng.xlsx', bytes: first }]);
    expect(c.status).toBe('needs-mapping');
    expect(dbDigest(d.ctx)).toBe(before);
    const p = c.proposal!;
    expect(p.unitGuess).toBe(agencyUnit.id);
    // Labels without diacritics and in capitals still match.
    expect(p.rows.filter((r) => r.code).length).toBe(p.rows.length);
    expect(p.columns.filter((x) => x.year !== null).map((x) => x.year)).toEqual([2021, 2022, 2023]);
    expect(commitFiles(d.ctx, 2024, [c.id])[0].status).toBe('refused');

    const confirmed = confirmMapping(d.ctx, 2024, {
      id: c.id,
      unitId: agencyUnit.id,
      rows: p.rows.map((r) => ({ row: r.row, code: r.code })),
      columns: p.columns.map((x) => ({ col: x.col, year: x.year })),
    });
    expect(confirmed.status, JSON.stringify(confirmed.problems)).toBe('ready');
    expect(confirmed.unit?.code).toBe(agency);
    expect(confirmed.counts.figures).toBeGreaterThan(10);
    expect(commitFiles(d.ctx, 2024, [c.id])[0].status).toBe('imported');

    // The next return in the same layout maps itself; only the changed cell differs.
    const [next] = checkFiles(d.ctx, 2024, [{ name: 'bao-cao-rieng-lan-2.xlsx', bytes: await make(7) }]);
    expect(next.mappingRemembered).toBe(true);
    expect(next.status, JSON.stringify(next.problems)).toBe('ready');
    expect(next.diff.length).toBeGreaterThan(0);
    expect(new Set(next.diff.map((x) => x.code))).toEqual(new Set([bumped]));
    expect(next.diff.every((x) => Number(x.new) - Number(x.old) === 7)).toBe(true);
    expect(next.replaces?.fileName).toBe('bao-cao-rieng.xlsx');
  });
});

describe('completeness and contracts', () => {
  it('lists who has returned, when, with which file, and who is late against the deadline', () => {
    const s = returnsStatus(d.ctx, 2024);
    expect(s.deadline).toBe('2024-04-29');
    const w = s.units.find((u) => u.code === ward)!;
    expect(w).toMatchObject({ returned: true, fileName: 'phuong.xlsx', returns: 1 });
    // Today (2026) is long past the 2024 deadline: every return counts as late, every missing unit as overdue.
    expect(w.late).toBe(true);
    const missing = s.units.filter((u) => !u.returned);
    expect(missing.length).toBe(s.units.length - 3); // the ward, the commune with lists and notes, the agency in its own layout
    expect(missing.every((u) => u.late)).toBe(true);
    expect(s.units.some((u) => u.kind === 'office')).toBe(false);
  });

  it('serves check, commit, status, original and provenance over RPC with validated input', async () => {
    const quiet = () => undefined;
    const bytes = await fillForm(d.form(agency), d.period, demoFill(agency));
    const checked = await dispatch(d.ctx, rpc.imports.check.channel, { year: 2024, files: [{ name: 'rpc.xlsx', base64: Buffer.from(bytes).toString('base64') }] }, quiet);
    expect(checked.ok).toBe(true);
    const [c] = (checked as { value: { id: string; status: string }[] }).value;
    expect(c.status).toBe('ready');
    const committed = await dispatch(d.ctx, rpc.imports.commit.channel, { year: 2024, ids: [c.id] }, quiet);
    expect(committed).toMatchObject({ ok: true, value: [{ status: 'imported' }] });
    const importId = (committed as { value: { importId: number }[] }).value[0].importId;
    const orig = await dispatch(d.ctx, rpc.imports.original.channel, { year: 2024, importId }, quiet);
    expect(orig.ok && Buffer.from((orig.value as { base64: string }).base64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    const gone = await dispatch(d.ctx, rpc.imports.commit.channel, { year: 2024, ids: ['khong-co'] }, quiet);
    expect(gone).toMatchObject({ ok: true, value: [{ status: 'refused' }] });
    const bad = await dispatch(d.ctx, rpc.imports.check.channel, { year: 2024, files: [] }, quiet);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    const prov = await dispatch(d.ctx, rpc.imports.provenance.channel, { year: 2024, code: 'HOA_GIAI_TIEP_NHAN', figureYear: WHOLE_PERIOD }, quiet);
    expect(prov.ok && (prov.value as unknown[]).length).toBeGreaterThan(3);
  });
});

describe('tonghop import (command line)', () => {
  it('dry-runs a folder without storing, then imports, and exits non-zero when a file is refused', async () => {
    const folder = join(d.dir, 'nhan-ve');
    mkdirSync(folder, { recursive: true });
    const second = d.units.filter((u) => u.kind === 'xa')[0].code;
    writeFileSync(join(folder, 'xa.xlsx'), await fillForm(d.form(second), d.period, demoFill(second, 2)));
    writeFileSync(join(folder, 'ghi-chu.txt'), 'không phải Excel');
    closeCore(d.ctx); // the CLI opens the year file itself
    const dry = cli(['import', '--workspace', d.dir, '--year', '2024', '--dry-run', folder]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Kiểm tra thử (chưa lưu gì): 1/1');
    const done = cli(['import', '--workspace', d.dir, '--year', '2024', folder]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('ĐÃ NHẬP');
    writeFileSync(join(folder, 'hong.xlsx'), 'không phải Excel');
    const refused = cli(['import', '--workspace', d.dir, '--year', '2024', join(folder, 'hong.xlsx'), join(folder, 'xa.xlsx')]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/hong\.xlsx: TỪ CHỐI/);
    expect(refused.stdout).toMatch(/không phải tệp Excel/);
    expect(refused.stdout).toMatch(/xa\.xlsx → .*: KHÔNG ĐỔI/);
  }, 120_000);
});
