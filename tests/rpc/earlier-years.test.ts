/**
 * Multi-year reports read from sealed year files: the demo's three-year review (2024, period 2021 - 2023) built over
 * three sealed year files gives the same figures and the same report text as the same data entered in 2024, with
 * provenance naming each sealed file; renamed and merged units follow their earlier codes; a year without a sealed
 * file falls back to this year's entries (said in the checks); an entered value that differs from the sealed one is
 * shown; a sealed file changed from outside is refused. Real year files, real seals, real SQLite edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { loadDemo, readDemo, type DemoData } from '../../electron/core/services/demo';
import { sealYear } from '../../electron/core/services/archive-seal';
import { yearSummary } from '../../electron/core/services/summary';
import { reportModel, reportModelOf } from '../../electron/core/services/report';
import { yearData, yearValues } from '../../electron/core/services/figures';
import { checkYear } from '../../electron/core/services/checks';
import { withAccess } from '../../electron/core/access';
import { rpc } from '../../shared/rpc';
import { percentOf } from '../../shared/domain/decimal';
import { formatNumber, formatPercent } from '../../shared/format/number';
import type { ReportDocument } from '../../shared/report/model';
import { decodeYearData, type StoredFigureDto, type YearDataWire } from '../../shared/rpc/figures';
import { tempDir } from '../support/web-host';
import { migrationsBefore } from '../support/migrations';
import { cli } from '../support/cli';
import { callOk } from '../support/dispatch';

const ACTOR = 'Trần Thị Lưu Trữ';
let demo: DemoData;
/** Workspace with 2021, 2022, 2023 sealed (each its own year's figures) and 2024 holding only whole-period figures. */
let sealedWs = '';
/** Workspace with the demo entered in 2024 alone. */
let enteredWs = '';
const open: { ctx: CoreContext; dir: string }[] = [];

function core(dir: string): CoreContext {
  const ctx = createCore({ host: 'cli', workspaceDir: dir, actor: ACTOR });
  open.push({ ctx, dir });
  return ctx;
}

/** A fresh copy of a prepared workspace with a core on it. */
function copyOf(src: string): { ctx: CoreContext; dir: string } {
  const dir = tempDir();
  cpSync(src, dir, { recursive: true });
  return { ctx: core(dir), dir };
}

const call = <T>(ctx: CoreContext, channel: string, input: unknown) => callOk<T>(ctx, channel, input);

const reportText = (m: ReportDocument) =>
  JSON.stringify([m.title, m.body, m.closing, m.appendices.map((a) => [a.title, a.columns, a.rows])]);

/** The year `y` of the demo as a year of its own: the annual figures of that year, sealed. */
async function sealedYearOf(ctx: CoreContext, y: number): Promise<void> {
  loadDemo(ctx, { ...demo, year: y, period: { fromYear: y, toYear: y }, figures: demo.figures.filter((f) => f.year === y), lists: {} });
  await sealYear(ctx, y);
}

beforeAll(async () => {
  demo = readDemo(createCore({ host: 'cli', actor: ACTOR }));
  enteredWs = tempDir('tonghop-nhieu-nam-nhap-');
  const a = createCore({ host: 'cli', workspaceDir: enteredWs, actor: ACTOR });
  loadDemo(a, demo);
  closeCore(a);
  sealedWs = tempDir('tonghop-nhieu-nam-khoa-so-');
  const b = createCore({ host: 'cli', workspaceDir: sealedWs, actor: ACTOR });
  for (const y of [2021, 2022, 2023]) await sealedYearOf(b, y);
  loadDemo(b, { ...demo, figures: demo.figures.filter((f) => f.year === 0) });
  closeCore(b);
}, 120_000);

afterAll(() => {
  for (const o of open) closeCore(o.ctx);
  for (const d of [...open.map((o) => o.dir), sealedWs, enteredWs]) rmSync(d, { recursive: true, force: true });
});

describe('a three-year review over three sealed year files', () => {
  it('gives the same figures and the same report as the same data entered in one year, with provenance on the sealed files', async () => {
    const entered = copyOf(enteredWs).ctx;
    const { ctx } = copyOf(sealedWs);
    expect(yearSummary(ctx, 2024)).toEqual(yearSummary(entered, 2024));
    expect(reportText(reportModel(ctx, 2024))).toBe(reportText(reportModel(entered, 2024)));

    const data = yearData(ctx, 2024);
    const fingerprints = await Promise.all(
      [2021, 2022, 2023].map(async (y) => (await call<{ seal: { seal: { fingerprint: string } } }>(ctx, rpc.archive.status.channel, { year: y })).seal.seal.fingerprint),
    );
    const byYear = (y: number) => data.figures.filter((f) => f.year === y);
    for (const [i, y] of [2021, 2022, 2023].entries()) {
      expect(byYear(y).length).toBe(demo.figures.filter((f) => f.year === y).length);
      for (const f of byYear(y)) expect(f.source).toMatchObject({ kind: 'sealed', year: y, file: `tonghop-${y}.sqlite`, fingerprint: fingerprints[i], entered: null });
    }
    expect(data.earlier?.years.map((e) => [e.year, e.status, e.fingerprint])).toEqual([2021, 2022, 2023].map((y, i) => [y, 'sealed', fingerprints[i]]));

    // One unit's cell: its value in 2024 is the value stored for that unit in the sealed 2022 file.
    const f = byYear(2022)[0];
    const unitCode = data.units.find((u) => u.id === f.unitId)!.code;
    const sealed2022 = new Database(join(ctx.workspace!.dir, 'tonghop-2022.sqlite'), { readonly: true });
    const stored = sealed2022
      .prepare('SELECT f.value FROM figures f JOIN units u ON u.id = f.unit_id WHERE u.code = ? AND f.code = ? AND f.year = 2022')
      .get(unitCode, f.code) as { value: string };
    sealed2022.close();
    expect(f.value).toBe(stored.value);
    expect(f.source).toMatchObject({ parts: [{ code: unitCode, value: stored.value }], indicator: f.code });

    const findings = (await call<{ findings: { code: string; severity: string; message: string }[] }>(ctx, rpc.checks.year.channel, { year: 2024 })).findings;
    const years = findings.filter((x) => x.code === 'earlier-year-source');
    expect(years.map((x) => x.severity)).toEqual(['info', 'info', 'info']);
    expect(years[1].message).toContain(`Số liệu năm 2022 lấy từ tệp năm 2022 đã khóa sổ (dấu vân tay ${fingerprints[1].slice(0, 12)}`);
  });

  it('falls back to the values entered in this year where no sealed year exists, and says so', () => {
    const { ctx, dir } = copyOf(sealedWs);
    closeCore(ctx);
    rmSync(join(dir, 'tonghop-2021.sqlite'));
    const c = core(dir);
    // 2021 entered in 2024 (as the clerk would), 2022 and 2023 from their files.
    const enteredCtx = copyOf(enteredWs).ctx;
    const db = c.workspace!.db(2024).$client;
    const ids = new Map((db.prepare('SELECT id, code FROM units').all() as { id: number; code: string }[]).map((u) => [u.code, u.id]));
    const put = db.prepare("INSERT INTO figures (unit_id, code, year, value, source, updated_at, updated_by) VALUES (?, ?, ?, ?, '{\"kind\":\"manual\"}', 'x', 'x')");
    for (const f of demo.figures.filter((x) => x.year === 2021)) put.run(ids.get(f.unit), f.code, 2021, f.value);
    expect(yearSummary(c, 2024)).toEqual(yearSummary(enteredCtx, 2024));
    const data = yearData(c, 2024);
    expect(data.figures.filter((f) => f.year === 2021).every((f) => f.source.kind === 'manual')).toBe(true);
    expect(data.earlier?.years[0]).toMatchObject({ year: 2021, status: 'none' });
    const years = checkYear(c, 2024).findings.filter((x) => x.code === 'earlier-year-source');
    expect(years[0]).toMatchObject({ severity: 'info', message: expect.stringContaining('Năm 2021 chưa có tệp năm đã khóa sổ: dùng số liệu nhập trong năm 2024') });
  });

  it('shows a value entered in this year that differs from the sealed year, and uses the sealed one', async () => {
    const { ctx } = copyOf(sealedWs);
    const f = demo.figures.find((x) => x.year === 2022 && Number(x.value) > 0)!;
    const db = ctx.workspace!.db(2024).$client;
    const unitId = (db.prepare('SELECT id FROM units WHERE code = ?').get(f.unit) as { id: number }).id;
    const typed = String(Number(f.value) + 7);
    db.prepare("INSERT INTO figures (unit_id, code, year, value, source, updated_at, updated_by) VALUES (?, ?, 2022, ?, '{\"kind\":\"manual\"}', 'x', 'x')").run(unitId, f.code, typed);
    const data = yearData(ctx, 2024);
    const cell = data.figures.find((x) => x.unitId === unitId && x.code === f.code && x.year === 2022)!;
    expect(cell.value).toBe(f.value);
    expect(cell.source).toMatchObject({ kind: 'sealed', entered: typed });
    expect(data.earlier?.years[1].conflicts).toEqual([{ unitId, code: f.code, year: 2022, entered: typed, sealed: f.value }]);
    // The report reads values only (no provenance): the same figures in the same order, the same report.
    const slotValue = ({ unitId, code, year, value }: { unitId: number; code: string; year: number; value: string }) => ({ unitId, code, year, value });
    expect(yearValues(ctx, 2024).figures.map(slotValue)).toEqual(data.figures.map(slotValue));
    // The screens too: the answer's columns hold the sealed value, not the typed one.
    expect(decodeYearData(await call<YearDataWire>(ctx, rpc.figures.yearData.channel, { year: 2024 })).figures).toEqual(data.figures.map(slotValue));
    expect(JSON.stringify(reportModel(ctx, 2024))).toBe(JSON.stringify(reportModelOf(ctx, 2024, data)));
    const conflict = checkYear(ctx, 2024).findings.find((x) => x.code === 'earlier-year-conflict')!;
    expect(conflict.severity).toBe('warning');
    expect(conflict.message).toContain(`nhập trong năm 2024 là ${typed}`);
    expect(conflict.location).toMatchObject({ kind: 'data', unitId, code: f.code, year: 2022 });
    // The grid cannot type over it either: the cell belongs to the sealed year.
    const r = await dispatch(ctx, rpc.figures.save.channel, { year: 2024, changes: [{ unitId, code: f.code, year: 2022, value: '1' }] }, () => undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('lấy từ tệp năm 2022 đã khóa sổ');
  });

  it('refuses a sealed file changed from outside: its year is not used and an error says so', () => {
    const { ctx, dir } = copyOf(sealedWs);
    const before = yearData(ctx, 2024);
    ctx.workspace!.closeYear(2022);
    const c = new Database(join(dir, 'tonghop-2022.sqlite'));
    c.exec("UPDATE figures SET value = '999999' WHERE (unit_id, code, year) = (SELECT unit_id, code, year FROM figures WHERE year = 2022 ORDER BY unit_id, code LIMIT 1)");
    c.close();
    const data = yearData(ctx, 2024);
    expect(data.earlier?.years[1]).toMatchObject({ year: 2022, status: 'broken' });
    expect(data.figures.filter((f) => f.year === 2022)).toEqual([]);
    expect(data.figures.some((f) => f.value === '999999')).toBe(false);
    expect(before.figures.filter((f) => f.year === 2022).length).toBeGreaterThan(0);
    const err = checkYear(ctx, 2024).findings.find((x) => x.code === 'earlier-year-source' && x.severity === 'error')!;
    expect(err.message).toContain('Tệp năm 2022 đã khóa sổ nhưng dữ liệu đã bị thay đổi sau khi khóa sổ');
  });
});

describe('units renamed and merged since an earlier year', () => {
  it('follows a rename to its one earlier code and a merge to the sum of its earlier units, naming each in provenance', async () => {
    const { ctx } = copyOf(sealedWs);
    const units = await call<{ id: number; code: string; name: string; kind: string; active: boolean }[]>(ctx, rpc.units.list.channel, { year: 2024 });
    const wards = units.filter((u) => u.kind === 'phuong' || u.kind === 'xa');
    const [a, b, c] = wards;
    const sumBefore = yearSummary(ctx, 2024);
    // The 2025 reorganisation: a is renamed (new code), b and c are merged into a new ward.
    for (const u of [a, b, c]) await call(ctx, rpc.units.update.channel, { year: 2024, id: u.id, active: false });
    const renamed = await call<{ id: number }>(ctx, rpc.units.add.channel, { year: 2024, code: 'P-MOI', name: 'Phường Mới', kind: a.kind });
    const merged = await call<{ id: number }>(ctx, rpc.units.add.channel, { year: 2024, code: 'X-GHEP', name: 'Xã Ghép', kind: b.kind });
    const r1 = await call<{ notFound: string[]; link: { earlier: { code: string; name: string }[] } }>(ctx, rpc.units.setLink.channel, {
      year: 2024,
      unitId: renamed.id,
      kind: 'rename',
      earlier: [{ code: a.code }],
    });
    expect(r1).toEqual({ link: { unitId: renamed.id, kind: 'rename', earlier: [{ code: a.code, name: a.name }] }, notFound: [] });
    await call(ctx, rpc.units.setLink.channel, { year: 2024, unitId: merged.id, kind: 'merge', earlier: [{ code: b.code }, { code: c.code }] });

    // Totals unchanged: the earlier units' figures now arrive through their successors.
    expect(yearSummary(ctx, 2024).indicators.map((i) => i.years)).toEqual(sumBefore.indicators.map((i) => i.years));
    const data = yearData(ctx, 2024);
    const code = demo.figures.find((f) => f.year === 2022 && f.unit === b.code && demo.figures.some((g) => g.year === 2022 && g.unit === c.code && g.code === f.code))!.code;
    const of = (unit: string) => demo.figures.find((f) => f.year === 2022 && f.unit === unit && f.code === code)!.value;
    const cell = data.figures.find((f) => f.unitId === merged.id && f.code === code && f.year === 2022) as StoredFigureDto;
    expect(cell.value).toBe(String(Number(of(b.code)) + Number(of(c.code))));
    expect(cell.source).toMatchObject({ kind: 'sealed', file: 'tonghop-2022.sqlite', parts: [{ code: b.code, name: b.name, value: of(b.code) }, { code: c.code, name: c.name, value: of(c.code) }] });
    const ren = data.figures.filter((f) => f.unitId === renamed.id && f.year === 2021);
    expect(ren.length).toBe(demo.figures.filter((f) => f.year === 2021 && f.unit === a.code).length);
    expect(data.earlier?.years.every((e) => e.unclaimedUnits.length === 0 && e.partialUnits.length === 0)).toBe(true);

    // A merge naming a code the sealed years never had: the value is partial, and the checks say so.
    await call(ctx, rpc.units.setLink.channel, { year: 2024, unitId: merged.id, kind: 'merge', earlier: [{ code: b.code }, { code: c.code }, { code: 'X-KHONG-CO' }] });
    const partial = yearData(ctx, 2024).earlier!.years[1].partialUnits;
    expect(partial).toEqual([{ unitId: merged.id, code: 'X-GHEP', name: 'Xã Ghép', missing: ['X-KHONG-CO'] }]);
    expect(checkYear(ctx, 2024).findings.filter((x) => x.code === 'earlier-year-partial').map((x) => x.severity)).toEqual(['warning', 'warning', 'warning']);
    await call(ctx, rpc.units.setLink.channel, { year: 2024, unitId: merged.id, kind: 'merge', earlier: [{ code: b.code }, { code: c.code }] });

    // The links are carried into the next year, and refused when they would count an earlier unit twice.
    await call(ctx, rpc.years.create.channel, { year: 2025 });
    const carried = await call<{ unitId: number; kind: string; earlier: { code: string }[] }[]>(ctx, rpc.units.links.channel, { year: 2025 });
    expect(carried.map((l) => [l.kind, l.earlier.map((e) => e.code)])).toEqual([
      ['rename', [a.code]],
      ['merge', [b.code, c.code]],
    ]);
    const twice = await dispatch(ctx, rpc.units.setLink.channel, { year: 2024, unitId: wards[3].id, kind: 'rename', earlier: [{ code: b.code }] }, () => undefined);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.message).toContain(`mã cũ ${b.code} đã gắn với Xã Ghép`);
  });

  it('lists an earlier unit no unit of this year follows, so its figures never vanish without a word', async () => {
    const { ctx } = copyOf(sealedWs);
    const units = await call<{ id: number; code: string; kind: string }[]>(ctx, rpc.units.list.channel, { year: 2024 });
    const gone = units.find((u) => u.kind === 'xa')!;
    await call(ctx, rpc.units.update.channel, { year: 2024, id: gone.id, active: false });
    const e = yearData(ctx, 2024).earlier!.years[1];
    expect(e.unclaimedUnits.map((u) => u.code)).toEqual([gone.code]);
    const f = checkYear(ctx, 2024).findings.find((x) => x.code === 'earlier-year-unclaimed' && x.message.includes('2022'))!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(gone.code);
  });
});

describe('year-on-year sentences over the previous year’s sealed file', () => {
  it('writes the change from the sealed previous year, and says so; a changed previous file leaves the marker and a warning', async () => {
    const { ctx, dir } = copyOf(sealedWs);
    closeCore(ctx);
    rmSync(join(dir, 'tonghop-2024.sqlite'));
    const c = core(dir);
    await call(c, rpc.years.create.channel, { year: 2024 });
    await call(c, rpc.templates.choose.channel, { year: 2024, templateId: demo.templateId, period: { fromYear: 2024, toYear: 2024 } });
    const code = 'SO_VAN_BAN_TRIEN_KHAI';
    const prevTotal = withAccess('read', () => yearSummary(c, 2023)).indicators.find((i) => i.code === code)!.years[2023].value!;
    const office = (await call<{ id: number; kind: string }[]>(c, rpc.units.list.channel, { year: 2024 })).find((u) => u.kind === 'office')!;
    const now = String(Number(prevTotal) + 3);
    await call(c, rpc.figures.save.channel, { year: 2024, changes: [{ unitId: office.id, code, year: 2024, value: now }] });
    await call(c, rpc.templates.saveNarrative.channel, {
      year: 2024,
      sectionId: 'dac-diem-tinh-hinh',
      blocks: [{ style: 'p', text: 'Ban hành {{SO_VAN_BAN_TRIEN_KHAI}} văn bản, {{change SO_VAN_BAN_TRIEN_KHAI}} (năm trước {{prev SO_VAN_BAN_TRIEN_KHAI|nopad}} văn bản).' }],
    });
    const pct = formatPercent(percentOf('3', prevTotal)!);
    const plain = () => reportModel(c, 2024).body.map((b) => b.runs.map((r) => r.text).join('')).join('\n');
    expect(plain()).toContain(`văn bản, tăng ${pct} so với năm 2023 (năm trước ${formatNumber(prevTotal)} văn bản).`);
    const fp2023 = (await call<{ seal: { seal: { fingerprint: string } } }>(c, rpc.archive.status.channel, { year: 2023 })).seal.seal.fingerprint;
    const all = checkYear(c, 2024).findings;
    // The placeholders are known to the checks: nothing about them but the note on where the previous year came from.
    expect(all.filter((x) => /prev|change|\{\{|trường thay thế/i.test(x.message) || x.excerpt.includes('{{'))).toEqual([]);
    const info = all.find((x) => x.code === 'previous-year-source')!;
    expect(info).toMatchObject({ severity: 'info', message: expect.stringContaining(`tệp năm 2023 đã khóa sổ (dấu vân tay ${fp2023.slice(0, 12)}`) });

    c.workspace!.closeYear(2023);
    const db = new Database(join(dir, 'tonghop-2023.sqlite'));
    db.exec("DELETE FROM figures WHERE (unit_id, code, year) = (SELECT unit_id, code, year FROM figures ORDER BY unit_id, code, year LIMIT 1)");
    db.close();
    expect(plain()).toContain('văn bản, [chưa có số liệu: Số văn bản');
    const warn = checkYear(c, 2024).findings.find((x) => x.code === 'previous-year-source')!;
    expect(warn.severity).toBe('warning');
    expect(warn.message).toContain('Chưa có số liệu năm 2023 để so sánh');
  });
});

describe('a year sealed by an older version of the app', () => {
  it('is read through a migrated copy, never migrated itself, so its seal still verifies and its figures are used', async () => {
    // The migrations of the version before unit links (0000 - 0003).
    const old = tempDir('tonghop-ban-cu-');
    open.push({ ctx: createCore({ host: 'cli', actor: ACTOR }), dir: old });
    const oldMigrations = migrationsBefore(join(old, 'migrations'), '0004');
    const dir = tempDir();
    const file = join(dir, 'tonghop-2022.sqlite');
    // The year as that version left it: made, then its schema taken back to 0003 (the later tables dropped).
    const made = createCore({ host: 'cli', workspaceDir: dir, actor: ACTOR });
    loadDemo(made, { ...demo, year: 2022, period: { fromYear: 2022, toYear: 2022 }, figures: demo.figures.filter((f) => f.year === 2022), lists: {} });
    closeCore(made);
    const raw = new Database(file);
    raw.exec('DROP TABLE unit_links; DROP TABLE narrative_history; DROP TABLE settings_history; DROP TABLE unit_history;');
    // Its figures table as 0000 made it (a rowid table with an index on code; 0006 and 0007 changed that).
    raw.exec(`CREATE TABLE old_figures (unit_id integer NOT NULL, code text NOT NULL, year integer NOT NULL, value text NOT NULL, source text NOT NULL,
        updated_at text NOT NULL, updated_by text NOT NULL, PRIMARY KEY(unit_id, code, year), FOREIGN KEY (unit_id) REFERENCES units(id));
      INSERT INTO old_figures SELECT * FROM figures; DROP TABLE figures; ALTER TABLE old_figures RENAME TO figures;
      CREATE INDEX figures_code ON figures (code, year);`);
    // drizzle's records of every migration after the first four (0000 - 0003); its id column is not a rowid alias.
    raw.exec('DELETE FROM __drizzle_migrations WHERE rowid NOT IN (SELECT rowid FROM __drizzle_migrations ORDER BY created_at LIMIT 4)');
    raw.pragma('user_version = 4');
    raw.close();
    const before = createCore({ host: 'cli', workspaceDir: dir, actor: ACTOR, dbOptions: { migrationsFolder: oldMigrations } });
    await sealYear(before, 2022);
    closeCore(before);
    const bytes = readFileSync(file);

    const ctx = core(dir);
    const status = await call<{ seal: { intact: boolean; problem: string | null } }>(ctx, rpc.archive.status.channel, { year: 2022 });
    expect(status.seal).toMatchObject({ intact: true, problem: null });
    await call(ctx, rpc.years.create.channel, { year: 2024 });
    await call(ctx, rpc.templates.choose.channel, { year: 2024, templateId: demo.templateId, period: { fromYear: 2021, toYear: 2023 } });
    const data = yearData(ctx, 2024);
    expect(data.earlier?.years[1]).toMatchObject({ year: 2022, status: 'sealed' });
    expect(data.figures.filter((f) => f.year === 2022).length).toBe(demo.figures.filter((f) => f.year === 2022).length);
    closeCore(ctx);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('tonghop units link', () => {
  it('sets a rename and a merge with the same rules as the app, and lists them', async () => {
    const { ctx, dir } = copyOf(sealedWs);
    const units = await call<{ id: number; code: string; name: string; kind: string }[]>(ctx, rpc.units.list.channel, { year: 2024 });
    const [a, b, c] = units.filter((u) => u.kind === 'xa');
    for (const u of [a, b, c]) await call(ctx, rpc.units.update.channel, { year: 2024, id: u.id, active: false });
    await call(ctx, rpc.units.add.channel, { year: 2024, code: 'X-MOI', name: 'Xã Mới', kind: 'xa' });
    await call(ctx, rpc.units.add.channel, { year: 2024, code: 'X-GHEP', name: 'Xã Ghép', kind: 'xa' });
    closeCore(ctx);
    const ws = ['--workspace', dir, '--year', '2024'];
    const renamed = cli(['units', 'link', 'X-MOI', '--rename', a.code, ...ws]);
    expect(renamed.stdout.trim()).toBe(`Xã Mới (X-MOI) có mã cũ ${a.code} (${a.name}).`);
    const one = cli(['units', 'link', 'X-GHEP', '--merge', b.code, ...ws]);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toContain('sáp nhập cần ít nhất hai đơn vị cũ');
    expect(cli(['units', 'link', 'X-GHEP', '--merge', `${b.code},${c.code}`, ...ws]).code).toBe(0);
    expect(cli(['units', 'links', ...ws]).stdout.trim().split('\n')).toEqual([`X-MOI\tmã cũ\t${a.code}`, `X-GHEP\tsáp nhập từ\t${b.code}, ${c.code}`]);
  });
});

describe('an earlier year file that is not sealed', () => {
  it('is not used: the entries of this year are, and the checks say the file is there but not sealed', async () => {
    const { ctx } = copyOf(sealedWs);
    await call(ctx, rpc.archive.unseal.channel, { year: 2021, reason: 'sửa số liệu xã' });
    const data = yearData(ctx, 2024);
    expect(data.earlier?.years[0]).toMatchObject({ year: 2021, status: 'unsealed' });
    expect(data.figures.filter((f) => f.year === 2021)).toEqual([]);
    const note = checkYear(ctx, 2024).findings.find((x) => x.code === 'earlier-year-source')!;
    expect(note.message).toBe('Năm 2021 chưa có tệp năm đã khóa sổ (tệp tonghop-2021.sqlite có nhưng chưa khóa sổ): dùng số liệu nhập trong năm 2024.');
  });
});
