import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { listUnits } from '../../electron/core/db/repos/units';
import { readYearTemplate, type YearTemplate } from '../../electron/core/db/repos/year-template';
import {
  DATA_HEADERS,
  META_APP,
  NOTES_HEADERS,
  SHEETS,
  formFileName,
  formIndicators,
  formLists,
  layoutChecksum,
  noteSections,
  totalHeader,
  yearHeader,
} from '../../electron/core/forms/layout';
import { buildForm, OPTIONS_SHEET } from '../../electron/core/forms/write';
import { loadDemo } from '../../electron/core/services/demo';
import { ensureYear } from '../../electron/core/services/years';
import type { UnitDto } from '../../shared/domain/records';
import type { UnitKind } from '../../shared/domain/template';
import { rpc } from '../../shared/rpc';
import type { FormsResultDto } from '../../shared/rpc/forms';
import type { OutputFileDto } from '../../shared/rpc/report';
import { cli } from '../support/cli';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
let result: FormsResultDto;
let yt: YearTemplate;
let units: UnitDto[];
const quiet = () => undefined;

beforeAll(async () => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir });
  loadDemo(ctx);
  const db = ensureYear(ctx, 2024);
  yt = readYearTemplate(db)!;
  units = listUnits(db);
  const env = await dispatch(ctx, rpc.forms.generate.channel, { year: 2024 }, quiet);
  if (!env.ok) throw new Error(env.error.message);
  result = env.value as FormsResultDto;
});
afterAll(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

const unitOf = (kind: UnitKind) => units.find((u) => u.kind === kind && u.active)!;
const fileOf = (u: UnitDto) => join(result.folder, formFileName(2024, u.code, u.name));

async function open(u: UnitDto): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(fileOf(u)) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Row number of the header row: the one whose column A reads "Mã số" (or the notes' "Mã mục"). */
function headerRow(ws: ExcelJS.Worksheet, label: string): number {
  for (let r = 1; r <= 20; r++) if (ws.getCell(r, 1).text === label) return r;
  throw new Error(`no header "${label}" in ${ws.name}`);
}

function codesOf(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  const from = headerRow(ws, DATA_HEADERS.code) + 1;
  for (let r = from; r <= ws.rowCount; r++) if (ws.getCell(r, 1).text) out.push(ws.getCell(r, 1).text);
  return out;
}

/** ExcelJS reads sheet protection but does not declare it. */
const protectionOf = (ws: ExcelJS.Worksheet) => (ws as unknown as { sheetProtection?: Record<string, unknown> }).sheetProtection;

function rowOf(ws: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).text === code) return ws.getRow(r);
  throw new Error(`no row ${code}`);
}

describe('blank forms for the units', () => {
  it('writes one form per active unit except the compiling office, and one zip of them all', () => {
    const expected = units.filter((u) => u.active && u.kind !== 'office');
    expect(result.files).toHaveLength(40);
    expect(result.files.map((f) => f.name)).toEqual(expected.map((u) => formFileName(2024, u.code, u.name)));
    expect(result.files.every((f) => /^Bieu-mau-2024-[A-Z0-9_-]+-[A-Za-z0-9-]+\.xlsx$/.test(f.name) && f.size > 5000)).toBe(true);
    expect(result.zip.name).toBe('Bieu-mau-2024.zip');
    expect(result.folder).toMatch(/tonghop-2024[\\/]bieu-mau$/);
    const office = units.find((u) => u.kind === 'office')!;
    expect(result.skipped).toEqual([{ unitCode: office.code, reason: expect.stringContaining('tự nhập số liệu trực tiếp') }]);
    expect(existsSync(fileOf(office))).toBe(false);
  });

  it('lists the folder, hands out its files and nothing outside it', async () => {
    const files = await dispatch(ctx, rpc.forms.files.channel, { year: 2024 }, quiet);
    expect(files.ok && (files.value as OutputFileDto[]).map((f) => f.name).sort()).toEqual(
      [...result.files.map((f) => f.name), result.zip.name].sort(),
    );
    const one = await dispatch(ctx, rpc.forms.readFile.channel, { year: 2024, name: result.files[0].name }, quiet);
    expect(one.ok && Buffer.from((one.value as { base64: string }).base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const escape = await dispatch(ctx, rpc.forms.readFile.channel, { year: 2024, name: '../tonghop-2024.sqlite' }, quiet);
    expect(escape).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    const missing = await dispatch(ctx, rpc.forms.readFile.channel, { year: 2024, name: 'khong-co.xlsx' }, quiet);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
  });

  it('packs every form into the zip byte for byte', () => {
    const zipped = unzipSync(readFileSync(join(result.folder, result.zip.name)));
    expect(Object.keys(zipped).sort()).toEqual(result.files.map((f) => f.name).sort());
    const first = result.files[0];
    expect(Buffer.from(zipped[first.name]).equals(readFileSync(join(result.folder, first.name)))).toBe(true);
  });

  it('orders the sheets and records what the importer needs on a very hidden meta sheet', async () => {
    const ward = unitOf('phuong');
    const wb = await open(ward);
    const lists = formLists(yt.template, 'phuong');
    expect(lists.length).toBeGreaterThan(0);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEETS.instructions, SHEETS.data, ...lists.map((l) => l.sheet), SHEETS.notes, SHEETS.meta]);
    const meta = wb.getWorksheet(SHEETS.meta)!;
    expect(meta.state).toBe('veryHidden');
    const kv: Record<string, unknown> = {};
    meta.eachRow((row) => (kv[row.getCell(1).text] = row.getCell(2).value));
    const p = yt.regime.period;
    expect(kv).toMatchObject({
      app: META_APP,
      layoutVersion: '1',
      templateId: yt.template.id,
      templateVersion: String(yt.template.version),
      year: '2024',
      periodFrom: String(p.fromYear),
      periodTo: String(p.toYear),
      unitCode: ward.code,
      unitName: ward.name,
      layoutChecksum: layoutChecksum(yt.template, p, 'phuong'),
    });
    expect(new Date(kv.generatedAt as string).toISOString()).toBe(kv.generatedAt);
    for (const l of lists) expect(kv[`list:${l.list.id}`]).toBe(l.sheet);
    expect(Object.keys(kv)).toHaveLength(11 + lists.length);
    expect(wb.creator).toBe('Tổng hợp báo cáo');
    const guide = wb.getWorksheet(SHEETS.instructions)!;
    const text = guide.getColumn(2).values.join('\n');
    expect(text).toContain(ward.name);
    expect(text).toContain('29/04/2024');
    expect(text).toContain('không đặt mật khẩu');
    expect(protectionOf(guide)?.sheet).toBe(true);
  });

  it('heads the data sheet with code, STT, label, unit, the years and the period, and lists exactly the unit’s indicators', async () => {
    const ward = unitOf('phuong');
    const agency = unitOf('co-quan-chuyen-mon');
    const [w, a] = [await open(ward), await open(agency)];
    const ws = w.getWorksheet(SHEETS.data)!;
    const h = headerRow(ws, DATA_HEADERS.code);
    const p = yt.regime.period;
    const header = (ws.getRow(h).values as unknown[]).slice(1);
    expect(header).toEqual([DATA_HEADERS.code, DATA_HEADERS.stt, DATA_HEADERS.label, DATA_HEADERS.unit, yearHeader(2021), yearHeader(2022), yearHeader(2023), totalHeader(p)]);
    expect(ws.getCell(1, 1).text).toBe('BIỂU SỐ LIỆU');
    expect([2, 3, 4].map((r) => ws.getCell(r, 1).text).join('\n')).toContain(ward.name);
    const wardCodes = codesOf(ws);
    const agencyCodes = codesOf(a.getWorksheet(SHEETS.data)!);
    expect(new Set(wardCodes)).toEqual(new Set(formIndicators(yt.template, 'phuong').map((i) => i.code)));
    expect(new Set(agencyCodes)).toEqual(new Set(formIndicators(yt.template, 'co-quan-chuyen-mon').map((i) => i.code)));
    expect(wardCodes).toContain('HOA_GIAI_TIEP_NHAN');
    expect(agencyCodes).not.toContain('HOA_GIAI_TIEP_NHAN');
    expect(agencyCodes).toContain('DON_TONG_SO');
    expect(wardCodes).not.toContain('DON_TONG_SO');
    expect(wardCodes.some((c) => c.startsWith('TY_LE'))).toBe(false);
    // STT restarts in each section and labels sit next to their code.
    const first = rowOf(ws, wardCodes[0]);
    expect(first.getCell(2).value).toBe(1);
    expect(first.getCell(3).text).toBe(yt.template.indicators.find((i) => i.code === wardCodes[0])!.label);
  });

  it('lets a unit type only into the inputs, and totals the years with a formula', async () => {
    const ws = (await open(unitOf('phuong'))).getWorksheet(SHEETS.data)!;
    expect(protectionOf(ws)).toMatchObject({ sheet: true, insertRows: true, formatColumns: true, formatRows: true });
    expect(protectionOf(ws)?.hashValue).toBeUndefined();
    const byYear = rowOf(ws, 'HOA_GIAI_TIEP_NHAN');
    for (const c of [5, 6, 7]) {
      expect(byYear.getCell(c).protection).toMatchObject({ locked: false });
      expect(byYear.getCell(c).numFmt).toBe('#,##0');
      expect(byYear.getCell(c).dataValidation).toMatchObject({ type: 'custom', showErrorMessage: true });
    }
    expect(byYear.getCell(3).protection?.locked).not.toBe(false);
    expect(byYear.getCell(1).protection?.locked).not.toBe(false);
    expect(byYear.getCell(8).protection?.locked).not.toBe(false);
    expect(byYear.getCell(8).formula).toBe(`IF(COUNT(E${byYear.number}:G${byYear.number})=0,"",SUM(E${byYear.number}:G${byYear.number}))`);
    expect((byYear.getCell(8).value as ExcelJS.CellFormulaValue).result).toBeUndefined();
    const whole = rowOf(ws, 'SO_TO_CONG_TAC_GPMB');
    expect(whole.getCell(8).protection).toMatchObject({ locked: false });
    for (const c of [5, 6, 7]) expect(whole.getCell(c).protection?.locked).not.toBe(false);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: headerRow(ws, DATA_HEADERS.code) });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
  });

  it('offers the options of a choice column as a drop-down on the list sheet', async () => {
    const wb = await open(unitOf('xa'));
    const l = formLists(yt.template, 'xa').find((x) => x.columns.some((c) => c.type === 'choice'))!;
    const ws = wb.getWorksheet(l.sheet)!;
    const h = headerRow(ws, l.columns[0].required ? `${l.columns[0].label} (*)` : l.columns[0].label);
    expect((ws.getRow(h).values as unknown[]).slice(1)).toEqual(l.columns.map((c) => (c.required ? `${c.label} (*)` : c.label)));
    const i = l.columns.findIndex((c) => c.type === 'choice');
    const dv = ws.getCell(h + 1, i + 1).dataValidation;
    expect(dv).toMatchObject({ type: 'list', formulae: [`"${l.columns[i].options!.join(',')}"`] });
    expect(ws.getCell(h + 200, i + 1).dataValidation).toMatchObject({ type: 'list' });
    expect(ws.getCell(h + 1, i + 1).protection).toMatchObject({ locked: false });
    expect(ws.getCell(h, 1).protection?.locked).not.toBe(false);
    expect(l.columns.some((c) => c.type === 'unit')).toBe(false);
    // Written as one range per column, not overlapping pieces that other spreadsheet programs cut short.
    const sheetXml = new TextDecoder().decode(unzipSync(readFileSync(fileOf(unitOf('xa'))))[`xl/worksheets/sheet${wb.worksheets.indexOf(ws) + 1}.xml`]);
    const ranges = [...sheetXml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    const letter = String.fromCharCode(65 + i);
    expect(ranges.filter((r) => r.startsWith(letter))).toEqual([`${letter}${h + 1}:${letter}${h + 200}`]);
  });

  it('moves drop-down options too long for Excel’s inline list to a very hidden sheet', async () => {
    const options = Array.from({ length: 30 }, (_, k) => `Lĩnh vực số ${k + 1}, gồm nhiều nội dung`);
    const template = structuredClone(yt.template);
    const list = template.lists.find((l) => l.reporters.includes('xa') && l.columns.some((c) => c.type === 'choice'))!;
    const col = list.columns.find((c) => c.type === 'choice')!;
    col.options = options;
    const unit = unitOf('xa');
    const bytes = await buildForm({ template, period: yt.regime.period, year: 2024, unit, issuerName: '', generatedAt: '2024-04-20T08:00:00.000Z' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const hidden = wb.getWorksheet(OPTIONS_SHEET)!;
    expect(hidden.state).toBe('veryHidden');
    expect(hidden.getColumn(1).values.slice(1)).toEqual(options);
    const l = formLists(template, 'xa').find((x) => x.list.id === list.id)!;
    const ws = wb.getWorksheet(l.sheet)!;
    const i = l.columns.indexOf(col);
    expect(ws.getCell(3, i + 1).dataValidation).toMatchObject({ type: 'list', formulae: [`'${OPTIONS_SHEET}'!$A$1:$A$30`] });
    expect(wb.worksheets.map((w) => w.name).slice(-2)).toEqual([SHEETS.meta, OPTIONS_SHEET]);
  });

  it('gives the notes sheet one row per outline section, the note cell open', async () => {
    const ws = (await open(unitOf('co-quan-chuyen-mon'))).getWorksheet(SHEETS.notes)!;
    const h = headerRow(ws, NOTES_HEADERS.section);
    expect((ws.getRow(h).values as unknown[]).slice(1)).toEqual(Object.values(NOTES_HEADERS));
    const sections = noteSections(yt.template);
    const ids: string[] = [];
    for (let r = h + 1; r <= ws.rowCount; r++) ids.push(ws.getCell(r, 1).text);
    expect(ids).toEqual(sections.map((s) => s.section.id));
    expect(ws.getCell(h + 1, 4).protection).toMatchObject({ locked: false });
    expect(ws.getCell(h + 1, 3).protection?.locked).not.toBe(false);
    // Placeholders in headings are resolved for the period: "II. KẾT QUẢ 03 NĂM …".
    expect(ws.getCell(h + 2, 3).text).toContain('03 NĂM');
  });

  it('opens the folder only where the host can', async () => {
    const web = await dispatch(ctx, rpc.forms.openFolder.channel, { year: 2024 }, quiet);
    expect(web).toMatchObject({ ok: false, error: { kind: 'Precondition' } });
    const opened: string[] = [];
    ctx.platform.openPath = async (p) => void opened.push(p);
    const desk = await dispatch(ctx, rpc.forms.openFolder.channel, { year: 2024 }, quiet);
    expect(desk.ok).toBe(true);
    expect(opened).toEqual([result.folder]);
    delete ctx.platform.openPath;
  });

  it('asks for a template before forms can be made', async () => {
    await dispatch(ctx, rpc.years.create.channel, { year: 2025 }, quiet);
    const env = await dispatch(ctx, rpc.forms.generate.channel, { year: 2025 }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Precondition', message: expect.stringContaining('chưa chọn mẫu báo cáo') } });
  });
});

describe('the forms command', () => {
  const ws = tempDir('tonghop-cli-forms-');
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  it('writes the forms and the zip into --out and lists them', () => {
    expect(cli(['demo', '--workspace', ws]).code).toBe(0);
    const out = join(ws, 'gui-don-vi');
    const r = cli(['forms', '--workspace', ws, '--year', '2024', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Đã tạo 40 biểu mẫu năm 2024');
    expect(r.stdout).toContain('Bieu-mau-2024.zip');
    expect(r.stdout).toMatch(/byte\)/);
    expect(existsSync(join(out, 'Bieu-mau-2024.zip'))).toBe(true);
    const names = r.stdout.match(/Bieu-mau-2024-[^\s]+\.xlsx/g) ?? [];
    expect(names).toHaveLength(40);
    expect(names.every((n) => existsSync(join(out, n)))).toBe(true);
  });

  it('exits non-zero with a Vietnamese message for a year without a template', () => {
    expect(cli(['year', 'create', '--workspace', ws, '--year', '2026']).code).toBe(0);
    const r = cli(['forms', '--workspace', ws, '--year', '2026']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Năm 2026 chưa chọn mẫu báo cáo');
  });
});
