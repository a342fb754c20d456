/**
 * Fidelity of the generated report to Nghị định 30/2020 (Phụ lục I): the .docx structure (page, margins, font,
 * sizes, borderless header table, page numbers not on page 1), then the PDF LibreOffice makes of it (A4, the
 * header on page 1 with no page number, page 2 numbered, the demo figures written the Vietnamese way).
 * Page images go to test-output/report-page-*.png for a human look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { generateReport, type GeneratedFile } from '../../electron/core/services/report';
import { loadDemo } from '../../electron/core/services/demo';

const ROOT = resolve(__dirname, '../..');
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;

let tmp: string;
let ctx: CoreContext;
let files: GeneratedFile[];
let documentXml: string;
let stylesXml: string;
let headerXmls: string[];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tonghop-docx-'));
  ctx = createCore({ host: 'cli', workspaceDir: join(tmp, 'ws'), actor: 'kiểm thử', now: () => '2024-05-01T00:00:00.000Z' });
  loadDemo(ctx);
  files = await generateReport(ctx, 2024, join(tmp, 'out'));
  const zip = await JSZip.loadAsync(readFileSync(files[0].path));
  documentXml = await zip.file('word/document.xml')!.async('string');
  stylesXml = await zip.file('word/styles.xml')!.async('string');
  headerXmls = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
});

afterAll(() => {
  closeCore(ctx);
  rmSync(tmp, { recursive: true, force: true });
});

describe('report .docx structure (ND 30 Phụ lục I)', () => {
  it('writes the three files', () => {
    expect(files.map((f) => f.path.split(/[\\/]/).pop())).toEqual(['Bao-cao-2024.docx', 'Phu-luc-2024.docx', 'Phu-luc-2024.xlsx']);
    for (const f of files) expect(f.size).toBeGreaterThan(5000);
  });

  it('uses A4 with margins 20/20/30/15 mm and a different first page', () => {
    expect(documentXml).toMatch(/<w:pgSz[^>]*w:w="11906"[^>]*w:h="16838"/);
    const mar = /<w:pgMar([^>]*)\/>/.exec(documentXml)![1];
    expect(mar).toContain('w:top="1134"');
    expect(mar).toContain('w:bottom="1134"');
    expect(mar).toContain('w:left="1701"');
    expect(mar).toContain('w:right="850"');
    expect(documentXml).toMatch(/<w:titlePg\/>|<w:titlePg w:val="(true|1)"\/>/);
  });

  it('sets Times New Roman 14 pt as the document default', () => {
    const defaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(stylesXml)![1];
    expect(defaults).toMatch(/w:ascii="Times New Roman"/);
    expect(defaults).toMatch(/w:hAnsi="Times New Roman"/);
    expect(defaults).toMatch(/<w:sz w:val="28"\/>/);
    expect(documentXml).not.toMatch(/w:ascii="(?!Times New Roman)/);
  });

  it('sizes each element per ND 30', () => {
    const runOf = (text: string) => {
      const i = documentXml.indexOf(`>${text}</w:t>`);
      expect(i, text).toBeGreaterThan(0);
      const start = documentXml.lastIndexOf('<w:r>', i);
      return documentXml.slice(start, i);
    };
    expect(runOf('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="24"\/>/);
    expect(runOf('Độc lập - Tự do - Hạnh phúc')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="26"\/>/);
    expect(runOf('ỦY BAN NHÂN DÂN')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="26"\/>/);
    expect(runOf('THÀNH PHỐ QUẢNG NGÃI')).toMatch(/<w:sz w:val="26"\/>/);
    expect(runOf('Số:      /BC-UBND')).toMatch(/<w:sz w:val="26"\/>/);
    // 13 pt like "Số:" (ND 30 allows 13–14), so that both share one baseline.
    expect(runOf('Quảng Ngãi, ngày      tháng      năm 2024')).toMatch(/<w:i\/>[\s\S]*<w:sz w:val="26"\/>/);
    expect(runOf('BÁO CÁO')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="28"\/>/);
    expect(runOf('Nơi nhận:')).toMatch(/<w:b\/>[\s\S]*<w:i\/>[\s\S]*<w:sz w:val="24"\/>/);
    expect(runOf('- Lưu: VT, NV(CV,Chi).')).toMatch(/<w:sz w:val="22"\/>/);
    expect(runOf('Trà Thanh Danh')).toMatch(/<w:b\/>[\s\S]*<w:sz w:val="28"\/>/);
    // Body: 14 pt, justified, first-line indent 1,27 cm, 6 pt before.
    const i = documentXml.indexOf('>ĐẶC ĐIỂM TÌNH HÌNH<');
    const p = documentXml.slice(documentXml.lastIndexOf('<w:p>', i), i);
    expect(p).toMatch(/w:firstLine="720"/);
    expect(p).toMatch(/<w:jc w:val="both"\/>/);
    expect(p).toMatch(/w:before="120"/);
  });

  it('lays the header out as a borderless two-column table with rules drawn as paragraph borders', () => {
    const tbl = documentXml.slice(documentXml.indexOf('<w:tbl>'), documentXml.indexOf('</w:tbl>'));
    expect(tbl).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(tbl)![1];
    for (const side of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']) expect(borders).toMatch(new RegExp(`<w:${side} w:val="(none|nil)"`));
    expect(tbl.match(/<w:gridCol /g)).toHaveLength(2);
    // Two rules (under the agency, under the tiêu ngữ): bottom borders with indents, no underscores.
    expect(tbl.match(/<w:pBdr><w:bottom w:val="single"/g)).toHaveLength(2);
    expect(documentXml).not.toContain('____');
  });

  it('numbers pages with a PAGE field in the header, none on page 1', () => {
    expect(headerXmls.some((h) => /PAGE/.test(h) && /<w:jc w:val="center"\/>/.test(h))).toBe(true);
    expect(documentXml).toMatch(/<w:headerReference w:type="first"/);
    expect(documentXml).toMatch(/<w:headerReference w:type="default"/);
  });
});

describe('appendices', () => {
  it('puts each appendix in its own section restarting page numbers, Phụ lục II landscape', async () => {
    const zip = await JSZip.loadAsync(readFileSync(files[1].path));
    const xml = await zip.file('word/document.xml')!.async('string');
    const sects = xml.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)!;
    expect(sects).toHaveLength(2);
    for (const s of sects) expect(s).toMatch(/<w:pgNumType w:start="1"\/>/);
    expect(sects[1]).toMatch(/w:orient="landscape"/);
    expect(xml).toContain('Phụ lục II');
    expect(xml).toContain('>Tổng cộng<');
  });

  it('writes the workbook with numbers as numbers and a totals row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files[2].path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục I', 'Phụ lục II']);
    const ws = wb.getWorksheet('Phụ lục II')!;
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.views[0].state).toBe('frozen');
    let totalRow: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (r.getCell(2).value === 'Tổng cộng') totalRow = r;
    });
    expect(totalRow).toBeDefined();
    // Totals are SUM formulas holding their computed values.
    const values = (totalRow!.values as unknown[]).map((v) => (v && typeof v === 'object' && 'result' in v ? v.result : v)).filter((v) => typeof v === 'number');
    expect(values).toContain(3848);
    expect(totalRow!.getCell(2).font?.bold).toBe(true);
  });
});

describe.skipIf(!hasSoffice)('report as printed (LibreOffice → PDF)', () => {
  let pdf: string;
  const pageText = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });

  beforeAll(() => {
    const outDir = join(tmp, 'pdf');
    mkdirSync(outDir, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, files[0].path, files[1].path], {
      timeout: 90_000,
      stdio: 'ignore',
    });
    rmSync(profile, { recursive: true, force: true });
    pdf = join(outDir, 'Bao-cao-2024.pdf');
    expect(existsSync(pdf)).toBe(true);
    const shots = join(ROOT, 'test-output');
    mkdirSync(shots, { recursive: true });
    for (const f of readdirSync(shots)) if (/^report-(page|appendix)-/.test(f)) rmSync(join(shots, f));
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(shots, 'report-page')]);
    execFileSync('pdftoppm', ['-r', '60', '-png', join(outDir, 'Phu-luc-2024.pdf'), join(shots, 'report-appendix')]);
  }, 120_000);

  it('is A4', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(2);
  });

  it('shows the header on page 1 and no page number there', () => {
    const p1 = pageText(1);
    expect(p1).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(p1).toContain('ỦY BAN NHÂN DÂN');
    expect(p1).toContain('Độc lập - Tự do - Hạnh phúc');
    // Quốc hiệu on one line, and level with the agency name.
    expect(p1.split('\n').some((l) => l.includes('ỦY BAN NHÂN DÂN') && l.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'))).toBe(true);
    expect(p1.split('\n').some((l) => /^\s*1\s*$/.test(l))).toBe(false);
  });

  it('numbers page 2', () => {
    expect(pageText(2).split('\n').find((l) => l.trim() !== '')?.trim()).toBe('2');
  });

  it('prints the demo figures the Vietnamese way and no missing-figure marker', () => {
    const all = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const s of ['3.848', '2.932', '76,2%', '16.015,34', '263.440']) expect(all).toContain(s);
    expect(all).not.toContain('[chưa có số liệu');
    expect(all).toContain('tổng hợp./.');
  });

  it('keeps the signature block with the closing on the last page', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const last = pageText(Number(/Pages:\s+(\d+)/.exec(info)![1]));
    expect(last).toContain('Nơi nhận:');
    expect(last).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(last).toContain('Trà Thanh Danh');
    expect(last).toContain('./.');
  });
});
