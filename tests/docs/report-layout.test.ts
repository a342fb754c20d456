/**
 * What a văn thư checks before a leader signs, measured on real files: the .docx read back as XML, the PDF
 * LibreOffice makes of it read word by word with its position, and the appendices workbook read back with ExcelJS.
 * Six header settings of real length (commune, ward, city, a Sở under UBND tỉnh, a public unit under a Sở, a very
 * long ward name), the report of another issuer, Phụ lục II and the workbook. Page images of page 1 of each header
 * go to test-output/header-*.png for a human look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitHeader, writeAppendicesDocx, writeReportDocx } from '../../electron/core/report/docx';
import { textWidthPt } from '../../electron/core/report/metrics';
import { writeAppendicesXlsx } from '../../electron/core/report/xlsx';
import type { FigureDto, UnitDto } from '../../shared/domain/records';
import { Settings } from '../../shared/domain/settings';
import { Template, type UnitKind } from '../../shared/domain/template';
import { buildDocument, type ReportDocument } from '../../shared/report/model';

const ROOT = resolve(__dirname, '../..');
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext'], { encoding: 'utf8' }).status === 0;
const template = Template.parse(JSON.parse(readFileSync(join(ROOT, 'resources/templates/ct08-so-ket.json'), 'utf8')));
const demo = JSON.parse(readFileSync(join(ROOT, 'resources/demo/ct08-quang-ngai.json'), 'utf8')) as {
  year: number;
  period: { fromYear: number; toYear: number };
  settings: unknown;
  units: { code: string; name: string; kind: UnitKind; sample: boolean }[];
  figures: { unit: string; code: string; year: number; value: string }[];
  lists: Record<string, { unit: string | null; values: Record<string, string> }[]>;
};

type Data = { units: UnitDto[]; figures: FigureDto[]; lists: { listId: string; unitId: number | null; order: number; values: Record<string, string> }[] };
function demoData(rename: (s: string) => string = (s) => s): Data {
  const units: UnitDto[] = demo.units.map((u, i) => ({ id: i + 1, code: u.code, name: rename(u.name), kind: u.kind, order: i + 1, active: true, sample: u.sample }));
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const figures = demo.figures.map((f) => ({ unitId: idOf.get(f.unit)!, code: f.code, year: f.year, value: rename(f.value) }));
  const lists = Object.entries(demo.lists).flatMap(([listId, rows]) =>
    rows.map((r, i) => ({ listId, unitId: r.unit ? (idOf.get(r.unit) ?? null) : null, order: i + 1, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, rename(v)])) })),
  );
  return { units, figures, lists };
}

function model(over: Partial<Settings>, data: Data = demoData(), regime = { ...template.regime, period: demo.period }): ReportDocument {
  const settings = Settings.parse({ ...(demo.settings as object), ...over });
  return buildDocument({ template, regime, settings, narratives: {}, year: demo.year, ...data });
}

const HEADERS: Record<string, Partial<Settings>> = {
  commune: { issuerLines: ['ỦY BAN NHÂN DÂN', 'XÃ TỊNH KHÊ'], placeName: 'Tịnh Khê' },
  ward: { issuerLines: ['ỦY BAN NHÂN DÂN', 'PHƯỜNG CẨM THÀNH'], placeName: 'Quảng Ngãi' },
  city: {},
  so: { superiorBody: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI', issuerLines: ['SỞ NỘI VỤ'], documentSymbol: 'BC-SNV', signer: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', fullName: 'Lê Văn Bình' } },
  unit: { superiorBody: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH', issuerLines: ['TRUNG TÂM VĂN HÓA - ĐIỆN ẢNH VÀ TRIỂN LÃM TỈNH'], documentSymbol: 'BC-TTVH' },
  longWard: { issuerLines: ['ỦY BAN NHÂN DÂN', 'PHƯỜNG NGUYỄN THỊ MINH KHAI'], placeName: 'Thành phố Hồ Chí Minh' },
};
const TEXT_WIDTH = Math.round((165 / 25.4) * 1440);

let tmp: string;
const docx: Record<string, string> = {};
let pdfDir: string;

async function xmlOf(path: string, part = 'word/document.xml'): Promise<string> {
  return (await JSZip.loadAsync(readFileSync(path))).file(part)!.async('string');
}
/** The visible text of a document part, paragraph by paragraph. */
const textOfXml = (xml: string) =>
  xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}
function words(pdf: string, page: number): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5].replace(/&amp;/g, '&'),
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}
/** Words of a page grouped into printed lines (same baseline within 1 pt), left to right. */
function lines(ws: Word[]): Word[][] {
  const out: Word[][] = [];
  for (const w of [...ws].sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin)) {
    const line = out.find((l) => Math.abs(l[0].yMax - w.yMax) < 1);
    if (line) line.push(w);
    else out.push([w]);
  }
  return out.map((l) => l.sort((a, b) => a.xMin - b.xMin));
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tonghop-layout-'));
  for (const [name, over] of Object.entries(HEADERS)) {
    docx[name] = join(tmp, `${name}.docx`);
    writeFileSync(docx[name], await writeReportDocx(model(over)));
  }
  const city = model({});
  docx.appendices = join(tmp, 'appendices.docx');
  writeFileSync(docx.appendices, await writeAppendicesDocx(city));
  writeFileSync(join(tmp, 'appendices.xlsx'), await writeAppendicesXlsx(city));
  if (!hasSoffice) return;
  pdfDir = join(tmp, 'pdf');
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, ...Object.values(docx)], { timeout: 180_000, stdio: 'ignore' });
  rmSync(profile, { recursive: true, force: true });
  const shots = join(ROOT, 'test-output');
  mkdirSync(shots, { recursive: true });
  for (const f of readdirSync(shots)) if (/^header-/.test(f)) rmSync(join(shots, f));
  for (const name of Object.keys(HEADERS)) execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', join(pdfDir, `${name}.pdf`), join(shots, `header-${name}`)]);
}, 240_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('header fitted to long names (ND 30 ô 1–4)', () => {
  it('keeps the Quốc hiệu column and fits each agency line in the left column, with the rule at 1/3–1/2 of the longest line', () => {
    for (const [name, over] of Object.entries(HEADERS)) {
      const h = model(over).header;
      const fit = fitHeader(h.superiorBody, h.issuerLines, h.placeDate, TEXT_WIDTH);
      const inner = fit.left - 2 * 57;
      for (const l of fit.issuer.lines) expect(Math.round(textWidthPt(l, fit.issuer.size, true) * 20), `${name}: ${l}`).toBeLessThanOrEqual(inner);
      for (const l of fit.superior.lines) expect(Math.round(textWidthPt(l, fit.superior.size, false) * 20), `${name}: ${l}`).toBeLessThanOrEqual(inner);
      expect([12, 13]).toContain(fit.issuer.size);
      const longest = Math.max(...fit.issuer.lines.map((l) => textWidthPt(l, fit.issuer.size, true) * 20));
      expect(fit.rule / longest, name).toBeGreaterThanOrEqual(1 / 3);
      expect(fit.rule / longest, name).toBeLessThanOrEqual(1 / 2);
      expect(fit.right * 2, name).toBeGreaterThan(TEXT_WIDTH);
    }
  });

  it('abbreviates a long parent body, breaks a long name after its common part or a comma, never inside the proper name', () => {
    const fit = (over: Partial<Settings>) => {
      const h = model(over).header;
      return fitHeader(h.superiorBody, h.issuerLines, h.placeDate, TEXT_WIDTH);
    };
    expect(fit(HEADERS.so).superior.lines).toEqual(['UBND TỈNH QUẢNG NGÃI']);
    expect(fit(HEADERS.longWard).issuer.lines).toEqual(['ỦY BAN NHÂN DÂN PHƯỜNG', 'NGUYỄN THỊ MINH KHAI']);
    expect(fit(HEADERS.unit).superior.lines).toEqual(['SỞ VĂN HÓA,', 'THỂ THAO VÀ DU LỊCH']);
    expect(fit(HEADERS.city).issuer).toEqual({ lines: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI'], size: 13 });
  });

  it('puts "Số" and the date line in one row of the header table', async () => {
    const xml = await xmlOf(docx.city);
    const table = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'));
    const rows = table.split('</w:tr>').slice(0, -1);
    expect(rows).toHaveLength(2);
    expect(textOfXml(rows[1])).toMatch(/Số:\s+\/BC-UBND[\s\S]*Quảng Ngãi, ngày\s+tháng\s+năm 2024/);
  });

  it.skipIf(!hasSoffice)('prints every header on page 1 with no wrapped element, Số and the date on one baseline', () => {
    for (const [name, over] of Object.entries(HEADERS)) {
      const pdf = join(pdfDir, `${name}.pdf`);
      const printed = lines(words(pdf, 1)).map((l) => l.map((w) => w.text).join(' '));
      const h = model(over).header;
      const fit = fitHeader(h.superiorBody, h.issuerLines, h.placeDate, TEXT_WIDTH);
      for (const l of [...fit.superior.lines, ...fit.issuer.lines]) expect(printed.some((p) => p.startsWith(l)), `${name}: "${l}" on one line`).toBe(true);
      expect(printed.some((p) => p.endsWith('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')), name).toBe(true);
      const all = words(pdf, 1);
      const so = all.find((w) => w.text === 'Số:')!;
      const year = all.find((w) => w.text === '2024' && w.xMin > so.xMax)!;
      expect(Math.abs(so.yMax - year.yMax), `${name}: Số and date baseline`).toBeLessThan(0.5);
    }
  });
});

describe('the report of another issuer', () => {
  const other: Partial<Settings> = {
    superiorBody: '',
    issuerLines: ['ỦY BAN NHÂN DÂN', 'XÃ ĐĂK HÀ'],
    placeName: 'Đăk Hà',
    recipients: ['Sở Nội vụ tỉnh', 'Thường trực Đảng ủy xã'],
    signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', fullName: 'Y Bloăn' },
    draftingUnit: 'VP',
  };
  // The other commune's own data: its units and records name its own places.
  const data = demoData((s) => s.replace(/thành phố Quảng Ngãi/g, 'xã Đăk Hà').replace(/Quảng Ngãi/g, 'Đăk Hà').replace(/Phường/g, 'Thôn').replace(/phường/g, 'thôn').replace(/Thành ủy/g, 'Đảng ủy'));
  const regime = { ...template.regime, period: demo.period, request: { number: '15/UBND-NV', date: '2024-04-20', body: 'Ủy ban nhân dân tỉnh', subject: 'báo cáo sơ kết Chỉ thị 08' }, recipient: 'Ủy ban nhân dân tỉnh' };
  const DEMO_NAMES = ['Quảng Ngãi', 'thành phố', 'Thành phố', 'Thành ủy', 'Sở Nội vụ tại', 'Trà Thanh Danh', 'UBND thành phố', '598/SNV-XDCQ'];

  it('names no place or body of the demo jurisdiction anywhere in the .docx text', async () => {
    const path = join(tmp, 'other.docx');
    writeFileSync(path, await writeReportDocx(model(other, data, regime)));
    const text = textOfXml(await xmlOf(path));
    expect(DEMO_NAMES.filter((n) => text.includes(n))).toEqual([]);
    expect(text).toContain('Ủy ban nhân dân xã Đăk Hà báo cáo như sau');
    expect(text).toContain('UBND xã');
    expect(text).toContain('Ban Thường vụ Đảng ủy xã');
    expect(text).toContain('kính báo cáo Ủy ban nhân dân tỉnh xem xét');
    expect(text).not.toContain('[chưa có số liệu');
  });
});

describe('body and appendices', () => {
  it('writes "a)" points upright and regular, as ND 30 shows them', async () => {
    const xml = await xmlOf(docx.city);
    const para = xml.split('</w:p>').find((p) => textOfXml(p).startsWith('a) Công tác chỉ đạo'))!;
    expect(para).toBeDefined();
    expect(para).not.toMatch(/<w:i\/>|<w:b\/>/);
    // Widow and orphan control on every body paragraph.
    expect(para).toContain('<w:widowControl/>');
  });

  it('sets the trích yếu on two balanced lines, breaking before "của"', async () => {
    const xml = await xmlOf(docx.city);
    const para = xml.split('</w:p>').find((p) => p.includes('Kết quả sơ kết'))!;
    expect(para).toContain('<w:br/>');
    expect(textOfXml(para)).toBe('Kết quả sơ kết 03 năm thực hiện Chỉ thị số 08-CT/TU ngày 25/5/2021của Ban Thường vụ Tỉnh ủy');
    // The rule under it: 1/3 to 1/2 of the longest line.
    const paras = xml.split('</w:p>');
    const rulePara = paras[paras.indexOf(para) + 1];
    expect(rulePara).toContain('<w:pBdr><w:bottom w:val="single"');
    const ind = /<w:ind w:left="(\d+)" w:right="(\d+)"/.exec(rulePara)!;
    const length = TEXT_WIDTH - Number(ind[1]) - Number(ind[2]);
    const longest = textWidthPt('Kết quả sơ kết 03 năm thực hiện Chỉ thị số 08-CT/TU ngày 25/5/2021', 14, true) * 20;
    expect(length / longest).toBeGreaterThanOrEqual(1 / 3);
    expect(length / longest).toBeLessThanOrEqual(1 / 2);
  });

  it('breaks appendix titles and "Kèm theo" lines before "giai đoạn" and "của", never leaving a year or half a name alone', async () => {
    const xml = await xmlOf(docx.appendices);
    const paras = xml.split('</w:p>');
    const title = paras.find((p) => textOfXml(p).startsWith('DANH MỤC VĂN BẢN'))!;
    expect(title.split('<w:br/>').map(textOfXml)).toEqual(['DANH MỤC VĂN BẢN TRIỂN KHAI THỰC HIỆN CHỈ THỊ 08', 'GIAI ĐOẠN 2021 - 2023']);
    const reference = paras.find((p) => textOfXml(p).startsWith('(Kèm theo'))!;
    const parts = reference.split('<w:br/>').map(textOfXml);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^\(Kèm theo Báo cáo số {6}\/BC-UBND ngày {6}tháng {6}năm 2024$/);
    expect(parts[1]).toBe('của Ủy ban nhân dân thành phố Quảng Ngãi)');
  });

  it('gives Phụ lục II short numbered labels with a legend, the period in its title, and keeps the last rows with the total', async () => {
    const xml = await xmlOf(docx.appendices);
    const text = textOfXml(xml);
    expect(text).toContain('SỐ LIỆU KẾT QUẢ THỰC HIỆN THEO TỪNG CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG GIAI ĐOẠN 2021 - 2023');
    expect(text).toContain('Ghi chú: (1) Số kỳ tiếp công dân định kỳ (kỳ);');
    expect(text).toContain('(3) Tổng số đơn');
    const tables = xml.split('</w:tbl>');
    const rows = tables[1].split('</w:tr>').slice(0, -1);
    const totalAt = rows.findIndex((r) => textOfXml(r).includes('Tổng cộng'));
    expect(totalAt).toBe(rows.length - 1);
    for (const r of rows.slice(totalAt - 3, totalAt)) expect(r).toContain('<w:keepNext/>');
    expect(rows[totalAt - 5]).not.toContain('<w:keepNext/>');
  });

  it.skipIf(!hasSoffice)('prints Phụ lục II with every header word whole and "Tổng cộng" on a page with unit rows', () => {
    const pdf = join(pdfDir, 'appendices.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const all = Array.from({ length: pages }, (_, i) => words(pdf, i + 1));
    const tokens = new Set(all.flat().map((w) => w.text));
    const m = model({});
    for (const c of m.appendices[1].columns) for (const w of c.label.split(/\s+/)) expect(tokens.has(w), `"${w}" of "${c.label}"`).toBe(true);
    const totalPage = all.findIndex((ws) => ws.some((w) => w.text === 'cộng'));
    const texts = all[totalPage].map((w) => w.text);
    expect(texts.filter((t) => t === 'Xã' || t === 'Phường').length).toBeGreaterThanOrEqual(3);
  });

  it('writes the workbook with SUM totals holding their values, real blanks, numeric STT, row heights and a page footer', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(tmp, 'appendices.xlsx'));
    const ws = wb.getWorksheet('Phụ lục II')!;
    let total: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (r.getCell(2).value === 'Tổng cộng') total = r;
    });
    const col = 2 + 1 + (model({}).appendices[1].legend ?? []).findIndex((l) => l.startsWith('(3) Tổng số đơn tiếp nhận'));
    const cell = total!.getCell(col).value as ExcelJS.CellFormulaValue;
    expect(cell.formula).toMatch(/^SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
    expect(cell.result).toBe(3848);
    const first = ws.getRow(Number(/\d+/.exec(cell.formula)![0]));
    expect(first.getCell(1).value).toBe(1);
    // A unit that reports no petitions has a real blank, not an empty string.
    let blank: ExcelJS.Cell | undefined;
    ws.eachRow((r) => {
      if (!blank && r.number > first.number && r.getCell(col).value === null) blank = r.getCell(col);
    });
    expect(blank?.type).toBe(ExcelJS.ValueType.Null);
    expect(ws.headerFooter.oddFooter).toContain('Trang &P/&N');
    expect(ws.pageSetup.fitToWidth).toBe(1);
    // 40 columns would print below 8 pt on one page width: two pages wide, STT and unit columns repeated.
    const a = model({}).appendices[1];
    const wide = { ...a, columns: [...a.columns, ...Array.from({ length: 24 }, (_, i) => ({ ...a.columns[2], label: `(${17 + i}) Cột` }))], rows: a.rows.map((r) => ({ ...r, cells: [...r.cells, ...Array.from({ length: 24 }, () => r.cells[2])] })) };
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await writeAppendicesXlsx({ ...model({}), appendices: [wide] })) as unknown as ArrayBuffer);
    expect(wb2.worksheets[0].pageSetup.fitToWidth).toBe(2);
    expect(wb2.worksheets[0].pageSetup.printTitlesColumn).toBe('A:B');
    const pl1 = wb.getWorksheet('Phụ lục I')!;
    const heights: number[] = [];
    pl1.eachRow((r) => r.number > 5 && heights.push(r.height ?? 0));
    expect(Math.max(...heights)).toBeGreaterThan(30);
  });
});
