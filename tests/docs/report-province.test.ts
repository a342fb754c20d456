/**
 * The report at province scale (issue 16): the demo year grown to 400 reporting units (366 communes added, their
 * figures a demo commune's times a whole number, one name with markup characters and quotes). The outputs are
 * read back whole: the model from the figures' values alone is the model from the full read; the appendices .docx
 * (a document.xml of megabytes, deflated at the fast level and spliced from pieces) holds every cell of the model
 * in order; the appendices .xlsx, opened by ExcelJS, holds every value, number format, SUM and merge; the report
 * .docx holds the body and closing paragraph for paragraph.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo, readDemo } from '../../electron/core/services/demo';
import { yearData } from '../../electron/core/services/figures';
import { generateReport, reportModel, reportModelOf, type GeneratedFile } from '../../electron/core/services/report';
import { runsToText } from '../../shared/domain/placeholders';
import type { ReportDocument } from '../../shared/report/model';
import { tempDir } from '../support/web-host';

let tmp: string;
let ctx: CoreContext;
let model: ReportDocument;
let files: GeneratedFile[];
const ODD_NAME = 'Xã "Thử" & <Nghiệm> \'Một\'';

beforeAll(async () => {
  tmp = tempDir('tonghop-tinh-');
  ctx = createCore({ host: 'cli', workspaceDir: join(tmp, 'ws'), actor: 'kiểm thử', now: () => '2024-05-01T00:00:00.000Z' });
  const demo = readDemo(ctx);
  const communes = demo.units.filter((u) => u.kind === 'xa');
  const added = Array.from({ length: 366 }, (_, i) => ({ code: `XA-${i + 1}`, name: i === 0 ? ODD_NAME : `Xã Thử Nghiệm Số ${i + 1}`, kind: 'xa' as const, sample: true }));
  const figures = added.flatMap((u, i) =>
    demo.figures
      .filter((f) => f.unit === communes[i % communes.length].code)
      .map((f) => ({ ...f, unit: u.code, value: /^\d+$/.test(f.value) ? String(Number(f.value) * (1 + (i % 7))) : f.value })),
  );
  loadDemo(ctx, { ...demo, units: [...demo.units, ...added], figures: [...demo.figures, ...figures] });
  model = reportModel(ctx, 2024);
  files = await generateReport(ctx, 2024, join(tmp, 'out'));
}, 60_000);

afterAll(() => {
  closeCore(ctx);
  rmSync(tmp, { recursive: true, force: true });
});

const part = (kind: GeneratedFile['kind'], name: string) => strFromU8(unzipSync(readFileSync(files.find((f) => f.kind === kind)!.path))[name]);
const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
/** The text of each element `tag` (a paragraph, a table row, a cell) in the XML, its runs joined. */
const texts = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => [...m[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => unescape(t[1])).join(''));

describe('report and appendices of 400 units', () => {
  const units = () => model.appendices.find((a) => a.rows.length > 400)!;

  it('builds the same model from the figures’ values alone as from the full read', () => {
    expect(units().rows.length).toBeGreaterThan(400);
    expect(units().rows.some((r) => r.cells[1].text === ODD_NAME)).toBe(true);
    expect(JSON.stringify(model)).toBe(JSON.stringify(reportModelOf(ctx, 2024, yearData(ctx, 2024))));
  });

  it('writes every cell of every appendix into the .docx, in order', () => {
    const xml = part('appendices-docx', 'word/document.xml');
    expect(Buffer.byteLength(xml)).toBeGreaterThan(1 << 20);
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]);
    expect(tables.length).toBe(model.appendices.length);
    model.appendices.forEach((a, i) => {
      const rows = [...tables[i].matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => texts(m[1], 'w:tc'));
      expect(rows).toEqual([a.columns.map((c) => c.label), ...a.rows.map((r) => r.cells.map((c) => c.text))]);
    });
  });

  it('writes every value, number format, SUM and merge into the .xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files.find((f) => f.kind === 'appendices-xlsx')!.path);
    const a = units();
    const ws = wb.worksheets[model.appendices.indexOf(a)];
    const header = 5;
    expect(ws.getRow(header).values).toEqual([undefined, ...a.columns.map((c) => c.label)]);
    a.rows.forEach((r, k) => {
      const row = ws.getRow(header + 1 + k);
      r.cells.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        const col = a.columns[i];
        if (col.numeric && c.value !== null) {
          if (r.total) expect(cell.value).toEqual({ formula: `SUM(${ws.getColumn(i + 1).letter}${header + 1}:${ws.getColumn(i + 1).letter}${header + a.rows.length - 1})`, result: c.value });
          else expect(cell.value).toBe(c.value);
          expect(cell.numFmt).toMatch(/^#,##0(\.0+)?$/);
        } else if (i === 0 && /^\d+$/.test(c.text)) expect(cell.value).toBe(Number(c.text));
        else expect(cell.value ?? '').toBe(c.text);
      });
    });
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A1:' + ws.getColumn(a.columns.length).letter + '1']));
  });

  it('writes the body and the closing into the report .docx, paragraph for paragraph', () => {
    const paragraphs = texts(part('report-docx', 'word/document.xml'), 'w:p');
    const expected = [...model.body, ...model.closing].map((b) => runsToText(b.runs));
    const at = paragraphs.indexOf(expected[0]);
    expect(at).toBeGreaterThan(0);
    expect(paragraphs.slice(at, at + expected.length)).toEqual(expected);
  });
});
