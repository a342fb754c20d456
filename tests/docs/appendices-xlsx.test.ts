/**
 * The appendices workbook written as SpreadsheetML text (issue 16), opened by the programs that read it: every
 * sheet read back by LibreOffice (exported to CSV, one file per sheet) holds the model's cells, the totals row
 * included; ExcelJS reads the merges, print titles, fonts and number formats. The cells are also pinned byte for
 * byte by tests/docs/report-golden.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { writeAppendicesXlsx } from '../../electron/core/report/xlsx';
import { loadDemo } from '../../electron/core/services/demo';
import { reportModel } from '../../electron/core/services/report';
import type { ReportDocument } from '../../shared/report/model';

const hasSoffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let tmp: string;
let ctx: CoreContext;
let model: ReportDocument;
let file: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tonghop-xlsx-'));
  ctx = createCore({ host: 'cli', workspaceDir: join(tmp, 'ws'), actor: 'kiểm thử' });
  loadDemo(ctx);
  const m = reportModel(ctx, 2024);
  // A cell that a spreadsheet would read as a formula, markup characters and a decimal: all kept as written.
  const [list, units] = m.appendices;
  const odd = { ...units, rows: units.rows.map((r, k) => (k === 0 ? { ...r, cells: r.cells.map((c, i) => (i === 1 ? { text: '=1+2 & <b> "x"', value: null } : i === 2 && c.value !== null ? { text: c.text, value: c.value + 0.25 } : c)) } : r)) };
  model = { ...m, appendices: [list, odd] };
  file = join(tmp, 'phu-luc.xlsx');
  writeFileSync(file, await writeAppendicesXlsx(model));
});

afterAll(() => {
  closeCore(ctx);
  rmSync(tmp, { recursive: true, force: true });
});

/** A CSV line split into fields (LibreOffice quotes fields holding commas or quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') cur += line[i++];
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  return [...out, cur];
}

describe('the appendices workbook', () => {
  it.skipIf(!hasSoffice)('opens in LibreOffice with every cell of every appendix as in the model', () => {
    const out = join(tmp, 'csv');
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    try {
      // Filter options: comma, double quote, UTF-8, from line 1, …, -1 = every sheet to its own file.
      execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', out, file], {
        timeout: 90_000,
        stdio: 'ignore',
      });
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const csvs = readdirSync(out).sort();
    expect(csvs).toEqual(model.appendices.map((a) => `phu-luc-${a.label}.csv`));
    model.appendices.forEach((a, k) => {
      const lines = readFileSync(join(out, csvs[k]), 'utf8').split(/\r?\n/).map(fields);
      expect(lines[0][0]).toBe(a.label);
      expect(lines[1][0]).toBe(a.title);
      const header = lines.findIndex((l) => l[0] === 'STT');
      expect(lines[header]).toEqual(a.columns.map((c) => c.label));
      a.rows.forEach((r, i) => {
        const want = r.cells.map((c, j) => (a.columns[j].numeric && c.value !== null ? String(c.value) : c.text));
        expect(lines[header + 1 + i], `${a.label}, dòng ${i + 1}`).toEqual(want);
      });
    });
  });

  it('reads back in ExcelJS with merges, print titles, bold totals and number formats', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục I', 'Phụ lục II']);
    const ws = wb.getWorksheet('Phụ lục II')!;
    expect(ws.getCell('R1').isMerged).toBe(true);
    expect(ws.getCell('A1').font?.size).toBe(14);
    expect(ws.pageSetup.printTitlesRow).toBe('5:5');
    expect(ws.getCell('B6').value).toBe('=1+2 & <b> "x"');
    expect(ws.getCell('B6').numFmt).toBe('@');
    expect(ws.getCell('C6').numFmt).toBe('#,##0.00');
    const total = ws.getRow(5 + model.appendices[1].rows.length);
    expect(total.getCell(2).value).toBe('Tổng cộng');
    expect(total.getCell(2).font?.bold).toBe(true);
    expect((total.getCell(5).value as ExcelJS.CellFormulaValue).formula).toBe(`SUM(E6:E${4 + model.appendices[1].rows.length})`);
  });
});
