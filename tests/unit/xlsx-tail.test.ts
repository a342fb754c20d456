/**
 * Worksheet tails shared between returns: a sheet that ends with the same bytes as the sheet of that name read
 * before, from a row tag on after which that sheet had no cell with a value, is read only up to that row; its merged
 * ranges are taken over. A sheet that is the same from its </sheetData> on takes that sheet's merged ranges. Every read here is compared with the same file read with no tail kept (the full scan), and
 * the cases that must not reuse a tail (a cell running over the tail's start, rows numbered from the row before,
 * cells after a first </sheetData>, no </sheetData> at all, a changed byte) are checked to read in full.
 */
import * as fflate from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetSheetTails, sheetTailReuse } from '../../electron/core/xlsx/parts';
import { readXlsx, type Workbook } from '../../electron/core/xlsx/read';

const enc = new TextEncoder();
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function book(sheet: string): Uint8Array {
  return fflate.zipSync({
    'xl/workbook.xml': enc.encode(`<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': enc.encode(
      `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    'xl/sharedStrings.xml': enc.encode(`<sst ${NS}><si><t>Xã Hoà Bình</t></si><si><t>Phường Đông Hải</t></si></sst>`),
    'xl/worksheets/sheet1.xml': enc.encode(sheet),
  });
}
const ws = (data: string, after = ''): string => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${data}</sheetData>${after}</worksheet>`;
/** Empty formatted rows from..to, as a form's list ends. */
const emptyRows = (from: number, to: number): string => {
  let s = '';
  for (let r = from; r <= to; r++) s += `<row r="${r}" ht="20" customHeight="1"><c r="A${r}" s="3"/><c r="B${r}" s="3"/><c r="C${r}" s="4"/></row>`;
  return s;
};
const MERGES = '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="D40:E41"/></mergeCells>';

type Outcome = string;
/** The whole outcome of reading a file: its workbook as JSON (map orders kept) or its refusal. */
function outcome(sheet: string): Outcome {
  try {
    const wb: Workbook = readXlsx(book(sheet), 'danh-sach.xlsx');
    return JSON.stringify(wb.sheets.map((s) => [s.maxRow, s.maxCol, s.merges, [...s.rows].map(([r, m]) => [r, [...m]])]));
  } catch (e) {
    return 'refused: ' + (e as Error).message;
  }
}
/** Reads `first`, then `second`; says what `second` read as and whether it reused the first one's tail. */
function after(first: string, second: string): { outcome: Outcome; reused: boolean } {
  outcome(first);
  const before = sheetTailReuse.count;
  const o = outcome(second);
  return { outcome: o, reused: sheetTailReuse.count > before };
}
/** What `sheet` reads as with no tail kept: the full scan. */
function alone(sheet: string): Outcome {
  forgetSheetTails();
  const o = outcome(sheet);
  forgetSheetTails();
  return o;
}

beforeEach(() => forgetSheetTails());

describe('a worksheet ending like the one read before', () => {
  it('is read up to the shared tail, with the same cells, merged ranges and size as a full scan', () => {
    const first = ws(`<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>12</v></c></row>${emptyRows(3, 30)}`, MERGES);
    const second = ws(`<row r="1"><c r="A1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>7</v></c><c r="B2"><v>8</v></c></row>${emptyRows(3, 30)}`, MERGES);
    const r = after(first, second);
    expect(r.reused).toBe(true);
    expect(r.outcome).toBe(alone(second));
    expect(JSON.parse(r.outcome)).toEqual([
      [41, 5, [{ top: 1, left: 1, bottom: 1, right: 3 }, { top: 40, left: 4, bottom: 41, right: 5 }], [[1, [[1, { v: 'Phường Đông Hải' }]]], [2, [[1, { v: 7 }], [2, { v: 8 }]]]]],
    ]);
  });

  it('reuses a shorter tail too: the second return filled more rows of the list', () => {
    const first = ws(`<row r="1"><c r="A1"><v>1</v></c></row>${emptyRows(2, 30)}`, MERGES);
    const second = ws(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>${emptyRows(3, 30)}`, MERGES);
    // The first sheet's tail starts at row 2, which the second fills: no reuse; the third ends like both.
    expect(after(first, second).reused).toBe(false);
    const third = ws(`<row r="1"><c r="B1"><v>5</v></c></row>${emptyRows(2, 30)}`, MERGES);
    const r = after(second, third);
    expect(r.reused).toBe(true);
    expect(r.outcome).toBe(alone(third));
  });

  it('reads in full when one byte of the tail differs', () => {
    const first = ws(`<row r="1"><c r="A1"><v>1</v></c></row>${emptyRows(2, 30)}`, MERGES);
    const second = ws(`<row r="1"><c r="A1"><v>2</v></c></row>${emptyRows(2, 30)}`, MERGES.replace('D40:E41', 'D40:E42'));
    const r = after(first, second);
    expect(r.reused).toBe(false);
    expect(r.outcome).toBe(alone(second));
    expect(JSON.parse(r.outcome)[0][0]).toBe(42);
  });

  it('reads in full when a cell of this sheet runs over the tail (its </c> lies in the tail)', () => {
    const tail = `<row r="2"><c r="B2" s="1"/></row><row r="3"><c r="C3" s="1"/></c></row>${emptyRows(4, 20)}`;
    const first = ws(`<row r="1"><c r="A1"><v>1</v></c></row>${tail}`);
    // A1 has no </c> of its own: as a full scan reads it, its value runs to the stray </c> in row 3.
    const second = ws(`<row r="1"><c r="A1"><v>7</v>${tail}`);
    const r = after(first, second);
    expect(r.reused).toBe(false);
    expect(r.outcome).toBe(alone(second));
    expect(JSON.parse(r.outcome)[0][3]).toEqual([[1, [[1, { v: 7 }]]]]);
  });

  it('never starts a tail at a row numbered from the row before', () => {
    const first = ws(`<row r="3"><c r="A3"><v>1</v></c></row><row><c s="1"/></row><row><c s="1"/></row>`);
    // The same rows after the last row there can be: numbered from it, they are past the last row of a sheet.
    const second = ws(`<row r="1048576"><c r="A1048576"><v>1</v></c></row><row><c s="1"/></row><row><c s="1"/></row>`);
    const r = after(first, second);
    expect(r.reused).toBe(false);
    expect(r.outcome).toContain('số hàng 1048577 của trang “Danh sách” không hợp lệ');
    expect(r.outcome).toBe(alone(second));
  });

  it('keeps no tail when cells follow a first </sheetData> (they are sheet data up to the last one)', () => {
    const rest = `${emptyRows(2, 10)}</sheetData><row r="11"><c r="A11"><v>9</v></c></row>`;
    const first = ws(`<row r="1"><c r="A1"><v>1</v></c></row>${rest}`);
    const second = ws(`<row r="1"><c r="A1"><v>2</v></c></row>${rest}`);
    const r = after(first, second);
    expect(r.reused).toBe(false);
    expect(r.outcome).toBe(alone(second));
    expect(JSON.parse(r.outcome)[0][3]).toEqual([[1, [[1, { v: 2 }]]], [11, [[1, { v: 9 }]]]]);
  });

  it('keeps no tail from a sheet without </sheetData> (its merged ranges are then looked for in the whole part)', () => {
    const part = (merge: string): string =>
      `<worksheet ${NS}><mergeCells><mergeCell ref="${merge}"/></mergeCells><sheetData><row r="1"><c r="A1"><v>1</v></c></row>${emptyRows(2, 10)}</worksheet>`;
    const r = after(part('A1:B1'), part('A1:C1'));
    expect(r.reused).toBe(false);
    expect(r.outcome).toBe(alone(part('A1:C1')));
    expect(JSON.parse(r.outcome)[0][2]).toEqual([{ top: 1, left: 1, bottom: 1, right: 3 }]);
  });

  it('takes the merged ranges of a sheet that is the same from its </sheetData> on, cells up to the last row read', () => {
    const first = ws(`${emptyRows(1, 5)}<row r="40"><c r="D40"><v>1</v></c></row>`, MERGES);
    const second = ws(`${emptyRows(1, 5)}<row r="40"><c r="D40"><v>2</v></c><c r="F40"><v>3</v></c></row>`, MERGES);
    outcome(first);
    const before = sheetTailReuse.dataEnds;
    const o = outcome(second);
    expect(sheetTailReuse.dataEnds).toBe(before + 1);
    expect(o).toBe(alone(second));
    expect(JSON.parse(o)[0].slice(0, 3)).toEqual([41, 6, [{ top: 1, left: 1, bottom: 1, right: 3 }, { top: 40, left: 4, bottom: 41, right: 5 }]]);
  });

  it('keeps no end from a first </sheetData> that another follows (the cells between are sheet data)', () => {
    const end = `</sheetData><row r="50"><c r="A50"><v>9</v></c></row>`;
    const first = ws(`<row r="1"><c r="A1"><v>1</v></c></row>${end}`, MERGES);
    const second = ws(`<row r="1"><c r="A1"><v>2</v></c></row>${end}`, MERGES);
    outcome(first);
    const before = sheetTailReuse.dataEnds;
    const o = outcome(second);
    expect(sheetTailReuse.dataEnds).toBe(before);
    expect(o).toBe(alone(second));
    expect(JSON.parse(o)[0][3]).toEqual([[1, [[1, { v: 2 }]]], [50, [[1, { v: 9 }]]]]);
  });

  it('reads 300 random pairs of sheets sharing a tail exactly as a full scan does', () => {
    let seed = 17;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T,>(a: T[]): T => a[Math.floor(rnd() * a.length)];
    const toks = (): string[] => [
      `<row r="${1 + Math.floor(rnd() * 9)}">`, '<row>', '<row r="4"/>', "<row r='2' x='>'>", '</row>', `<c r="${pick(['A1', 'B2', 'C3', '?', 'A0'])}" s="1"/>`,
      '<c s="2"/>', '<c/>', '<c r="D2"><v>3</v></c>', '<c><v>4</v></c>', '<c t="s"><v>1</v></c>', '<c t="inlineStr"><is><t>Hoà</t></is></c>',
      '<c r="E1"><v>5</v>', '</c>', '<', '>', '</sheetData>', '<mergeCell ref="B2:C3"/>', 'ệ', '<c\u00a0r="B1"><v>6</v></c>',
    ];
    const seq = (n: number): string => Array.from({ length: n }, () => pick(toks())).join('');
    let reused = 0;
    for (let i = 0; i < 300; i++) {
      const tail = `<row r="${1 + Math.floor(rnd() * 9)}">${seq(Math.floor(rnd() * 10))}`;
      const end = rnd() < 0.5 ? MERGES : '';
      const first = ws(seq(Math.floor(rnd() * 12)) + tail, end);
      const second = ws(seq(Math.floor(rnd() * 12)) + tail, end);
      const r = after(first, second);
      if (r.reused) reused++;
      expect(r.outcome, second).toBe(alone(second));
    }
    expect(reused).toBeGreaterThan(20);
  });
});
