/**
 * The import's outcomes are pinned (issue 16): a batch of returns of every demo unit, filled the many ways units
 * fill them (numbers, Vietnamese text numbers, "-", blanks, typing slips, a title naming another unit, an empty
 * return, a broken rule, list rows, notes, a LibreOffice re-save, an .ods, the unit's own layout), is checked and
 * then imported, and what the dry run says and what is stored are compared with golden files made by the reader
 * before it was rewritten for speed. A faster reader must read the same figures, not similar ones.
 * `TONGHOP_UPDATE_GOLDEN=1` rewrites the golden file (only when the outcome is meant to change; review the diff).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCore } from '../../electron/core';
import { withAccess } from '../../electron/core/access';
import { listAllRows } from '../../electron/core/db/repos/lists';
import { allUnitNotes } from '../../electron/core/db/repos/unit-notes';
import { formLists, NOTES_HEADERS, SHEETS } from '../../electron/core/forms/layout';
import { importFiles } from '../../electron/core/services/imports';
import { ensureYear } from '../../electron/core/services/years';
import { periodYears, WHOLE_PERIOD } from '../../shared/domain/records';
import { demoWithForms, type DemoForms } from '../support/import-fixture';
import { resave, soffice } from '../support/libreoffice';
import { dataLayout, fillForm, ownLayout, type CellInput } from '../support/returns';

const GOLDEN = resolve(__dirname, '../fixtures/golden/import-2024.json');
const UPDATE = process.env.TONGHOP_UPDATE_GOLDEN === '1';
/** Saved-at time of every filled return, so the files' own times never decide anything here. */
const SAVED = new Date('2024-04-25T09:30:00.000Z');

let d: DemoForms;
let outcome: { dryRun: unknown; results: unknown; stored: unknown };

/** "1270" → "1.270", as a clerk types a number into a text cell. */
const viText = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** A small deterministic hash of a string, to vary how each cell is typed. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The way unit `i` types (code, year): the demo value times 1–3, as a number, Vietnamese text, "-" or blank. */
function typed(unitCode: string, i: number, code: string, year: number): CellInput | undefined {
  const demo = d.demo(unitCode, code, year);
  const h = hash(`${unitCode}|${code}|${year}`) % 10;
  if (demo === null) return h < 3 ? '-' : h < 5 ? null : undefined;
  if (!/^\d+(\.\d+)?$/.test(demo)) return demo;
  const n = Number(demo) * (1 + (i % 3));
  if (n >= 1000 && h < 6) return viText(n);
  if (h === 7) return String(n);
  if (h === 8 && Number.isInteger(n)) return ` ${n} `;
  return n;
}

/** The first cell of the first rows whose text starts with `prefix`. */
function titleCell(ws: ExcelJS.Worksheet, prefix: string): ExcelJS.Cell | undefined {
  for (let r = 1; r <= 8; r++)
    for (let c = 1; c <= 8; c++) {
      const cell = ws.getCell(r, c);
      if (typeof cell.value === 'string' && cell.value.startsWith(prefix)) return cell;
    }
  return undefined;
}

async function returns(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const db = ensureYear(d.ctx, 2024);
  const lists = listAllRows(db);
  const reporting = d.units.filter((u) => u.kind !== 'office').sort((a, b) => a.code.localeCompare(b.code));
  const years = periodYears(d.period);
  const out: { name: string; bytes: Uint8Array }[] = [];
  const applies = (codes: string[], kind: string) => codes.every((c) => d.template.indicators.find((x) => x.code === c)?.reporters.includes(kind as never));
  for (const [i, u] of reporting.entries()) {
    const special = i % 12;
    const inds = new Map(d.template.indicators.map((x) => [x.code, x]));
    const fill = (code: string, year: number): CellInput | undefined => {
      const ind = inds.get(code)!;
      if (special === 4) return null; // an empty return
      const first = ind.byYear && ind.kind === 'count' && year === years[0];
      if (special === 0 && first && code === d.template.indicators.find((x) => x.byYear && x.kind === 'count' && x.reporters.includes(u.kind))?.code) return 1.27; // en-US "1.270"
      if (special === 1 && first && hash(code) % 4 === 0) return { formula: 'SUM(Z1:Z2)' }; // no cached result
      // Broken rules: a part larger than its whole (lte), parts that do not add up to their total (sum).
      const lte = d.template.rules.find((r) => r.kind === 'lte' && r.scope !== 'total' && applies([r.left, r.right], u.kind));
      if (special === 5 && lte?.kind === 'lte' && year === years[1] && (code === lte.left || code === lte.right)) return code === lte.left ? 17 : 10;
      const sum = d.template.rules.find((r) => r.kind === 'sum' && r.scope !== 'total' && applies([r.total, ...r.parts], u.kind));
      if (special === 10 && sum?.kind === 'sum' && year === years[2] && (code === sum.total || sum.parts.includes(code))) return code === sum.total ? 5 * sum.parts.length + 3 : 5;
      if (special === 6 && first && hash(code) % 5 === 0) return 'có';
      return typed(u.code, i, code, year);
    };
    const edit = (wb: ExcelJS.Workbook) => {
      wb.modified = SAVED;
      const ws = wb.getWorksheet(SHEETS.data)!;
      const { rows, cols } = dataLayout(ws, d.period);
      if (special === 2) {
        // A total typed over the formula with the years left blank.
        const code = [...rows.keys()].find((c) => inds.get(c)?.byYear && inds.get(c)?.kind === 'count');
        if (code) {
          for (const y of years) ws.getCell(rows.get(code)!, cols.get(y)!).value = null;
          ws.getCell(rows.get(code)!, cols.get(WHOLE_PERIOD)!).value = 125;
        }
      }
      if (special === 3) {
        const other = reporting[(i + 1) % reporting.length];
        const cell = titleCell(ws, 'Đơn vị báo cáo');
        if (cell) cell.value = `Đơn vị báo cáo: ${other.name}`;
      }
      if (special === 7) {
        // A row the form does not have, with a value.
        const last = Math.max(...rows.values()) + 2;
        ws.getCell(last, 2).value = 'Số buổi sinh hoạt chuyên đề khác';
        ws.getCell(last, cols.get(years[0])!).value = 4;
      }
      // List rows of the unit (from the demo), below each list sheet's header.
      if (special !== 4)
        for (const { list, columns, sheet } of formLists(d.template, u.kind)) {
          const lws = wb.getWorksheet(sheet);
          lists
            .filter((r) => r.unitId === u.id && r.listId === list.id)
            .forEach((row, k) =>
              columns.forEach((c, j) => {
                const v = row.values[c.key];
                if (lws && v !== undefined && v !== '') lws.getCell(3 + k, j + 1).value = c.type === 'number' ? Number(v) : v;
              }),
            );
        }
      if (i % 2 === 1 && special !== 4) {
        const nws = wb.getWorksheet(SHEETS.notes)!;
        let header = 0;
        nws.eachRow((row, n) => {
          if (!header && (row.values as unknown[]).includes(NOTES_HEADERS.note)) header = n;
        });
        nws.getCell(header + 1, 4).value = `${u.name} đã quán triệt Chỉ thị 08; tổ chức tiếp công dân định kỳ,\r\ngiải quyết đơn thư đúng hạn & “Dân vận khéo”.`;
      }
    };
    let bytes = await fillForm(d.form(u.code), d.period, fill, edit);
    let name = `${u.code}.xlsx`;
    if (special === 8) bytes = resave(bytes, 'xlsx');
    if (special === 9) {
      bytes = resave(bytes, 'ods');
      name = `${u.code}.ods`;
    }
    out.push({ name, bytes });
  }
  // One return in the unit's own layout (a proposal to confirm).
  const own = reporting.find((u) => u.kind === 'xa')!;
  out.push({
    name: 'bao-cao-rieng.xlsx',
    bytes: await ownLayout(d.template, d.period, own.kind, own.name, (code, year) => Number(d.demo(own.code, code, year) ?? 0), { messy: true }),
  });
  return out;
}

/** Rows of a table without the columns that hold times or whole files. */
function rowsOf(table: string, order: string, drop: string[] = []): unknown[] {
  const c = withAccess('read', () => ensureYear(d.ctx, 2024)).$client;
  const rows = c.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).all() as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !/_at$|^sha256$|^size$/.test(k) && !drop.includes(k))));
}

beforeAll(async () => {
  if (!soffice()) throw new Error('LibreOffice (soffice) is needed for this test: apt-get install libreoffice-calc-nogui');
  d = await demoWithForms();
  const files = await returns();
  const codeOf = new Map(d.units.map((u) => [u.id, u.code]));
  const dry = importFiles(d.ctx, 2024, files, { dryRun: true });
  const real = importFiles(d.ctx, 2024, files, { dryRun: false });
  const db = ensureYear(d.ctx, 2024);
  outcome = {
    dryRun: dry.map(({ check: c }) => ({
      file: c.fileName,
      status: c.status,
      layout: c.layout,
      unit: c.unit?.code ?? null,
      counts: c.counts,
      problems: c.problems,
      decisions: c.decisions,
      unitChoices: c.unitChoices?.map((u) => u.code),
      diff: c.diff,
      listChanges: c.listChanges,
      noteChanges: c.noteChanges,
      proposal: c.proposal,
    })),
    results: real.map(({ result: r }) => r && { file: r.fileName, status: r.status, importId: r.importId, changes: r.changes, message: r.message }),
    stored: {
      figures: rowsOf('figures', 'unit_id, code, year'),
      history: rowsOf('figure_history', 'id'),
      imports: rowsOf('imports', 'id', ['summary']).map((r, k) => ({ ...(r as object), unit: codeOf.get((r as { unit_id: number }).unit_id) ?? null, n: k })),
      lists: listAllRows(db).map((r) => ({ ...r, updatedAt: undefined })),
      notes: allUnitNotes(db),
    },
  };
}, 240_000);

afterAll(() => {
  closeCore(d.ctx);
  rmSync(d.dir, { recursive: true, force: true });
});

describe('importing a batch of varied returns gives the pinned outcome', () => {
  it('the dry run, the results and every stored row equal the golden file', () => {
    const text = JSON.stringify(outcome, null, 1) + '\n';
    if (UPDATE || !existsSync(GOLDEN)) {
      mkdirSync(resolve(GOLDEN, '..'), { recursive: true });
      writeFileSync(GOLDEN, text);
      if (!UPDATE) throw new Error(`Tệp mẫu ${GOLDEN} chưa có; vừa tạo, hãy xem lại rồi chạy lại.`);
    }
    // The batch covers what it claims to: refusals, decisions, warnings, lists, notes, an own layout, an .ods.
    const statuses = new Set((outcome.dryRun as { status: string }[]).map((c) => c.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['needs-decision', 'needs-mapping', 'ready', 'refused']));
    expect(text.split('\n')).toEqual(readFileSync(GOLDEN, 'utf8').split('\n'));
  });
});
