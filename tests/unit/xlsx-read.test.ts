/**
 * The .xlsx reader for units' returns: values come out exactly (Vietnamese text, numbers, formulas' cached values,
 * dates, merges) from files written by exceljs, LibreOffice and by hand, and every unsafe or unreadable file is
 * refused with a Vietnamese message that names the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import * as fflate from 'fflate';
import type * as zlib from 'node:zlib';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cellRef,
  colName,
  getCell,
  isDateFormat,
  mergedValue,
  parseRef,
  readXlsx,
  XlsxReadError,
  type ReadErrorCode,
  type Sheet,
  type Workbook,
} from '../../electron/core/xlsx/read';
import { xmlText } from '../../electron/core/xlsx/xml';
import { compoundFile } from '../support/hostile-files';
import { excelSerialToIso } from '../../shared/format/date';

/**
 * Counts inflate calls of large parts (over 64 KB compressed; Node's zlib, as the reader uses it), to show which
 * files are refused before anything big is inflated, and records the output bound every call was given.
 */
const streams = vi.hoisted(() => ({ created: 0, bounds: [] as number[] }));
vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof zlib>();
  const inflateRawSync = ((buf: Parameters<typeof actual.inflateRawSync>[0], opts?: Parameters<typeof actual.inflateRawSync>[1]) => {
    if ((buf as Uint8Array).length > 64 * 1024) streams.created++;
    streams.bounds.push(opts?.maxOutputLength ?? Number.POSITIVE_INFINITY);
    return actual.inflateRawSync(buf, opts);
  }) as typeof actual.inflateRawSync;
  return { ...actual, default: { ...actual, inflateRawSync }, inflateRawSync };
});

const MB = 1024 * 1024;
const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------------------------
// Builders

async function excelBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The report a unit might send: shared and rich Vietnamese text, numbers, formulas, a date, merges, hidden sheets. */
function buildReturn(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('Báo cáo tháng');
  ws.getCell('A1').value = 'BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2025';
  ws.mergeCells('A1:D1');
  ws.getCell('A2').value = 'Xã Hoà Bình, huyện Tuy Phước';
  ws.getCell('B2').value = 12345.67;
  ws.getCell('C2').value = { formula: 'B2*2', result: 24691.34 };
  ws.getCell('D2').value = { formula: 'SUM(B3:B4)' };
  ws.getCell('A3').value = { richText: [{ text: 'Đơn vị tính: ' }, { font: { bold: true }, text: 'triệu đồng' }] };
  ws.getCell('B3').value = true;
  ws.getCell('C3').value = false;
  ws.getCell('D3').value = -0.5;
  ws.getCell('A4').value = new Date(Date.UTC(2025, 0, 15));
  ws.getCell('B4').value = { error: '#DIV/0!' };
  ws.getCell('C4').value = { formula: 'B2/0', result: { error: '#DIV/0!' } };
  ws.getCell('D4').value = 45000;
  ws.getCell('D4').numFmt = 'dd/mm/yyyy';
  ws.getCell('E4').value = 1234567;
  ws.getCell('E4').numFmt = '#,##0';
  ws.getCell('F4').value = 5;
  ws.getCell('F4').numFmt = '"ngày thứ" 0';
  ws.getCell('A5').value = 'A & B <c> "d" \'e\'';
  ws.getCell('B5').value = '  có khoảng trắng  ';
  ws.getCell('C5').value = 'dòng 1\ndòng 2';
  ws.getCell('D5').value = 'Hoà'.normalize('NFD');
  ws.getCell('E5').value = { formula: 'A2', result: 'Xã Hoà Bình, huyện Tuy Phước' };
  ws.getCell('A7').value = 'Ghi chú';
  ws.mergeCells('A7:A9');
  ws.getCell('B6').style = { font: { bold: true } }; // a style only: no cell in the result
  wb.addWorksheet('Danh mục').state = 'hidden';
  const hidden = wb.addWorksheet('Tham số');
  hidden.state = 'veryHidden';
  hidden.getCell('A1').value = 'Mã đơn vị';
}

type Files = Record<string, string | Uint8Array>;
function zip(files: Files, level: 0 | 6 | 9 = 6): Uint8Array {
  const input: fflate.Zippable = {};
  for (const [name, data] of Object.entries(files)) input[name] = typeof data === 'string' ? enc.encode(data) : data;
  return fflate.zipSync(input, { level });
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A hand-written package: one sheet per entry of `sheets` (its XML), optional shared strings and styles. */
function handXlsx(opts: { sheets: string[]; sst?: string; styles?: string; workbook?: string; extra?: Files }): Files {
  const rels = opts.sheets.map(
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  if (opts.sst) rels.push(`<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (opts.styles) rels.push(`<Relationship Id="rT" Type="${REL}/styles" Target="styles.xml"/>`);
  const files: Files = {
    '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    'xl/workbook.xml':
      opts.workbook ??
      `${XML}<workbook ${NS} ${NS_R}><sheets>${opts.sheets
        .map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    ...opts.extra,
  };
  opts.sheets.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = xml));
  if (opts.sst) files['xl/sharedStrings.xml'] = opts.sst;
  if (opts.styles) files['xl/styles.xml'] = opts.styles;
  return files;
}
const sheetXml = (rows: string): string => `${XML}<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;

interface ZipInput {
  name: string;
  data: Uint8Array;
  /** Write the sizes as ZIP64 extra fields. */
  zip64?: boolean;
}
/** A plain zip writer (deflate), for the layouts fflate does not write. */
function rawZip(entries: ZipInput[], zip64Directory = false): Uint8Array {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const comp = fflate.deflateSync(e.data);
    const crc = crc32(e.data);
    const extra = new Uint8Array(e.zip64 ? 20 : 0);
    if (e.zip64) {
      const x = new DataView(extra.buffer);
      x.setUint16(0, 1, true);
      x.setUint16(2, 16, true);
      x.setBigUint64(4, BigInt(e.data.length), true);
      x.setBigUint64(12, BigInt(comp.length), true);
    }
    const local = new Uint8Array(30 + name.length + extra.length + comp.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, e.zip64 ? 45 : 20, true);
    l.setUint16(8, 8, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, e.zip64 ? 0xffffffff : comp.length, true);
    l.setUint32(22, e.zip64 ? 0xffffffff : e.data.length, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, extra.length, true);
    local.set(name, 30);
    local.set(extra, 30 + name.length);
    local.set(comp, 30 + name.length + extra.length);
    const cd = new Uint8Array(46 + name.length + extra.length);
    const c = new DataView(cd.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 45, true);
    c.setUint16(6, e.zip64 ? 45 : 20, true);
    c.setUint16(10, 8, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, e.zip64 ? 0xffffffff : comp.length, true);
    c.setUint32(24, e.zip64 ? 0xffffffff : e.data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint16(30, extra.length, true);
    c.setUint32(42, offset, true);
    cd.set(name, 46);
    cd.set(extra, 46 + name.length);
    locals.push(local);
    central.push(cd);
    offset += local.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const tail = new Uint8Array((zip64Directory ? 56 + 20 : 0) + 22);
  const t = new DataView(tail.buffer);
  let p = 0;
  if (zip64Directory) {
    t.setUint32(0, 0x06064b50, true);
    t.setBigUint64(4, 44n, true);
    t.setBigUint64(24, BigInt(entries.length), true);
    t.setBigUint64(32, BigInt(entries.length), true);
    t.setBigUint64(40, BigInt(cdSize), true);
    t.setBigUint64(48, BigInt(offset), true);
    t.setUint32(56, 0x07064b50, true);
    t.setBigUint64(64, BigInt(offset + cdSize), true);
    t.setUint32(72, 1, true);
    p = 76;
  }
  t.setUint32(p, 0x06054b50, true);
  t.setUint16(p + 8, zip64Directory ? 0xffff : entries.length, true);
  t.setUint16(p + 10, zip64Directory ? 0xffff : entries.length, true);
  t.setUint32(p + 12, zip64Directory ? 0xffffffff : cdSize, true);
  t.setUint32(p + 16, zip64Directory ? 0xffffffff : offset, true);
  return concat([...locals, ...central, tail]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Rewrites the uncompressed size that the local header and the central directory declare for one entry. */
function lieAboutSize(bytes: Uint8Array, entryName: string, size: number): Uint8Array {
  const b = bytes.slice();
  const dv = new DataView(b.buffer);
  const dec = new TextDecoder();
  let patched = 0;
  for (let i = 0; i + 46 < b.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x02014b50) {
      const name = dec.decode(b.subarray(i + 46, i + 46 + dv.getUint16(i + 28, true)));
      if (name === entryName) {
        dv.setUint32(i + 24, size, true);
        dv.setUint32(dv.getUint32(i + 42, true) + 22, size, true);
        patched++;
      }
    }
  }
  expect(patched).toBe(1);
  return b;
}

function refusal(fn: () => unknown): XlsxReadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(XlsxReadError);
    return e as XlsxReadError;
  }
  throw new Error('expected the file to be refused');
}
function expectRefused(bytes: Uint8Array, code: ReadErrorCode, name = 'bao-cao-xa.xlsx'): XlsxReadError {
  const e = refusal(() => readXlsx(bytes, name));
  expect(e.code).toBe(code);
  expect(e.message).toContain(`“${name}”`);
  return e;
}

function sheetByName(wb: Workbook, name: string): Sheet {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}
const at = (s: Sheet, ref: string) => {
  const { row, col } = parseRef(ref);
  return getCell(s, row, col);
};

beforeEach(() => {
  vi.clearAllMocks();
  streams.created = 0;
  streams.bounds = [];
});

// ---------------------------------------------------------------------------------------------------------------

describe('reading values', () => {
  it('reads every shared string, plain or in runs, with or without a prefix, as xmlText of the string as written', () => {
    const textArb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('Đơn vị báo cáo: Xã Nghĩa Dũng', 'Ho\u0300a bi\u0300nh', '\u00a0đầu', 'Dòng_x000D_\r\nhai', 'a &amp; b', '&#7853;', '  ', ''),
    );
    const esc = (t: string) => t.replace(/&(?!amp;|#)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const book = (texts: string[], prefix: string) => {
      const p = prefix ? `${prefix}:` : '';
      const sst =
        `${XML}<${p}sst ${prefix ? `xmlns:${prefix}` : 'xmlns'}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        texts.map((t, i) => (i % 3 === 2 ? `<${p}si><${p}r><${p}t xml:space="preserve">${esc(t)}</${p}t></${p}r></${p}si>` : `<${p}si><${p}t>${esc(t)}</${p}t></${p}si>`)).join('') +
        `</${p}sst>`;
      const rows = texts.map((_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`).join('');
      const sheet = readXlsx(zip(handXlsx({ sheets: [sheetXml(rows)], sst })), 'chuoi.xlsx').sheets[0];
      return texts.map((_, i) => getCell(sheet, i + 1, 1)?.v);
    };
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 12 }), fc.constantFrom('', 'x'), (texts, prefix) => {
        const want = texts.map((t) => xmlText(esc(t)));
        expect(book(texts, prefix)).toEqual(want);
      }),
      { numRuns: 120, seed: 1202 },
    );
  });

  it('reads an exceljs workbook: text, numbers, formulas, booleans, errors, dates, merges and sheet states', async () => {
    const wb = readXlsx(await excelBytes(buildReturn), 'xa-hoa-binh.xlsx');
    expect(wb.sheets.map((s) => [s.name, s.state])).toEqual([
      ['Báo cáo tháng', 'visible'],
      ['Danh mục', 'hidden'],
      ['Tham số', 'veryHidden'],
    ]);
    expect(wb.date1904).toBeUndefined();
    const s = sheetByName(wb, 'Báo cáo tháng');
    expect(at(s, 'A1')).toEqual({ v: 'BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2025' });
    expect(at(s, 'A2')?.v).toBe('Xã Hoà Bình, huyện Tuy Phước');
    expect(at(s, 'B2')).toEqual({ v: 12345.67 });
    expect(at(s, 'C2')).toEqual({ v: 24691.34, formula: true });
    expect(at(s, 'D2')).toEqual({ v: null, formula: true });
    expect(at(s, 'A3')?.v).toBe('Đơn vị tính: triệu đồng');
    expect(at(s, 'B3')).toEqual({ v: true });
    expect(at(s, 'C3')).toEqual({ v: false });
    expect(at(s, 'D3')).toEqual({ v: -0.5 });
    expect(at(s, 'A4')).toEqual({ v: 45672, date: true }); // 2025-01-15 as an Excel serial
    expect(at(s, 'B4')).toEqual({ v: null, error: '#DIV/0!' });
    expect(at(s, 'C4')).toEqual({ v: null, formula: true, error: '#DIV/0!' });
    expect(at(s, 'D4')).toEqual({ v: 45000, date: true });
    expect(at(s, 'E4')).toEqual({ v: 1234567 });
    expect(at(s, 'F4')).toEqual({ v: 5 });
    expect(at(s, 'A5')?.v).toBe('A & B <c> "d" \'e\'');
    expect(at(s, 'B5')?.v).toBe('  có khoảng trắng  ');
    expect(at(s, 'C5')?.v).toBe('dòng 1\ndòng 2');
    expect(at(s, 'D5')?.v).toBe('Hoà'.normalize('NFC'));
    expect(at(s, 'E5')).toEqual({ v: 'Xã Hoà Bình, huyện Tuy Phước', formula: true });
    expect(at(s, 'B6')).toBeUndefined();

    expect(s.merges).toEqual([
      { top: 1, left: 1, bottom: 1, right: 4 },
      { top: 7, left: 1, bottom: 9, right: 1 },
    ]);
    expect(getCell(s, 1, 3)).toBeUndefined();
    expect(mergedValue(s, 1, 3)).toBe('BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2025');
    expect(mergedValue(s, 9, 1)).toBe('Ghi chú');
    expect(mergedValue(s, 2, 2)).toBe(12345.67);
    expect(mergedValue(s, 20, 20)).toBeNull();
    expect([s.maxRow, s.maxCol]).toEqual([9, 6]);
    expect(sheetByName(wb, 'Tham số').rows.get(1)?.get(1)?.v).toBe('Mã đơn vị');
    expect(sheetByName(wb, 'Danh mục')).toMatchObject({ maxRow: 0, maxCol: 0, merges: [] });
    expect(streams.bounds.length).toBeGreaterThan(0);
  });

  it('reads long Vietnamese text exactly, whatever its length', async () => {
    const words = ['Nghị quyết', 'Ủy ban nhân dân', 'thị trấn', 'đường giao thông', 'Đắk Lắk', 'Thừa Thiên Huế', 'ổn định'];
    const texts = Array.from(
      { length: 400 },
      (_, i) => `${i}. ${words.slice(0, (i % words.length) + 1).join(' – ')} ${'ắằẳẵặ'.repeat(i % 50)}`,
    );
    const bytes = await excelBytes((wb) => {
      const ws = wb.addWorksheet('Thuyết minh');
      texts.forEach((t, i) => (ws.getCell(i + 1, 1).value = t));
    });
    const s = readXlsx(bytes, 'thuyet-minh.xlsx').sheets[0];
    expect(texts.map((_, i) => getCell(s, i + 1, 1)?.v)).toEqual(texts);
  });

  it('reads a hand-written file: x: prefixes, cells and rows without r, inline and rich strings, escapes', () => {
    const sst =
      `${XML}<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      '<x:si><x:t>Tỉnh Bình Định</x:t></x:si>' +
      '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Huyện </x:t></x:r><x:r><x:t>An Nhơn</x:t></x:r>' +
      '<x:rPh sb="0" eb="1"><x:t>ふりがな</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>' +
      '<x:si><x:t>Dòng_x000D_\r\nhai &amp;lt; &#7853; &#x1EA5;</x:t></x:si>' +
      '<x:si/></x:sst>';
    const sheet =
      `${XML}<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      '<x:row r="2"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c s="0"/><x:c><x:v>7</x:v></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>Xã </x:t></x:is></x:c>' +
      '<x:c t="inlineStr"><x:is><x:r><x:t>Nhơn </x:t></x:r><x:r><x:t>Hậu</x:t></x:r></x:is></x:c>' +
      '<x:c t="s"><x:v>2</x:v></x:c><x:c t="d"><x:v>2025-03-31T00:00:00Z</x:v></x:c>' +
      '<x:c t="s"><x:v>3</x:v></x:c><x:c t="str"><x:f>""</x:f><x:v></x:v></x:c></x:row>' +
      '<x:row r="10"><x:c r="C10"><x:v>1.5E-3</x:v></x:c><x:c><x:v> 42 </x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B10:A9"/></x:mergeCells></x:worksheet>';
    const files = handXlsx({ sheets: [sheet], sst });
    // Absolute targets, as some producers write them.
    files['xl/_rels/workbook.xml.rels'] = (files['xl/_rels/workbook.xml.rels'] as string).replace(
      'Target="worksheets/',
      'Target="/xl/worksheets/',
    );
    files['xl/workbook.xml'] = (files['xl/workbook.xml'] as string)
      .replace('name="S1"', 'name="Xã &amp; phường"')
      .replace('<sheets>', '<workbookPr date1904="1"/><sheets>');
    const wb = readXlsx(zip(files), 'tay.xlsx');
    expect(wb.date1904).toBe(true);
    const s = wb.sheets[0];
    expect(s.name).toBe('Xã & phường');
    expect(at(s, 'A2')?.v).toBe('Tỉnh Bình Định');
    expect(at(s, 'B2')?.v).toBe('Huyện An Nhơn');
    expect(at(s, 'C2')).toBeUndefined();
    expect(at(s, 'D2')).toEqual({ v: 7 });
    expect(at(s, 'A3')?.v).toBe('Xã ');
    expect(at(s, 'B3')?.v).toBe('Nhơn Hậu');
    expect(at(s, 'C3')?.v).toBe('Dòng\r\nhai &lt; ậ ấ');
    expect(at(s, 'D3')).toEqual({ v: '2025-03-31T00:00:00Z' });
    expect(at(s, 'E3')).toEqual({ v: '' });
    expect(at(s, 'F3')).toEqual({ v: '', formula: true });
    expect(at(s, 'C10')).toEqual({ v: 0.0015 });
    expect(at(s, 'D10')).toEqual({ v: 42 });
    expect(s.merges).toEqual([{ top: 9, left: 1, bottom: 10, right: 2 }]);
    expect([s.maxRow, s.maxCol]).toEqual([10, 6]);
  });

  it('reads the dates of a 1904-system workbook (some Mac files) as the same calendar days', async () => {
    const bytes = await excelBytes((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Ngày');
      ws.getCell('A1').value = new Date(Date.UTC(2021, 4, 25));
      ws.getCell('A1').numFmt = 'dd/mm/yyyy';
      ws.getCell('B1').value = 42879; // a plain number, not a date: never shifted
    });
    const wb = readXlsx(bytes, 'mac.xlsx');
    expect(wb.date1904).toBe(true);
    const s = sheetByName(wb, 'Ngày');
    expect(at(s, 'A1')).toEqual({ v: 44341, date: true });
    expect(excelSerialToIso(at(s, 'A1')!.v as number)).toBe('2021-05-25');
    expect(at(s, 'B1')).toEqual({ v: 42879 });
  });

  it('flags numbers as dates from built-in and custom formats, but not numbers with quoted or bracketed letters', () => {
    const styles =
      `${XML}<styleSheet ${NS}><numFmts count="3"><numFmt numFmtId="164" formatCode="[$-42A]dd/mm/yyyy;@"/>` +
      '<numFmt numFmtId="165" formatCode="#,##0&quot; ngày&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/>' +
      '<xf numFmtId="164" applyNumberFormat="1"><alignment wrapText="1"/></xf><xf numFmtId="165"/><xf numFmtId="166"/>' +
      '<xf numFmtId="46"/></cellXfs></styleSheet>';
    const row = [0, 1, 2, 3, 4, 5].map((s) => `<c s="${s}"><v>45000</v></c>`).join('');
    const files = handXlsx({
      sheets: [sheetXml(`<row r="1">${row}<c s="2" t="s"><v>0</v></c></row>`)],
      styles,
      sst: `<sst ${NS}><si><t>x</t></si></sst>`,
    });
    const s = readXlsx(zip(files), 'd.xlsx').sheets[0];
    const flags = [1, 2, 3, 4, 5, 6, 7].map((c) => getCell(s, 1, c)?.date ?? false);
    expect(flags).toEqual([false, true, true, false, false, true, false]);
    expect(isDateFormat('h:mm AM/PM')).toBe(true);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('0.00E+00')).toBe(false);
    expect(isDateFormat('\\d0')).toBe(false);
  });

  it('reads a workbook re-saved by LibreOffice Calc', async (ctx) => {
    let soffice = '';
    try {
      soffice = execFileSync('which', ['soffice'], { encoding: 'utf8' }).trim();
    } catch {
      ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-read-'));
    try {
      writeFileSync(join(dir, 'in.xlsx'), await excelBytes(buildReturn));
      const run = (to: string): void => {
        const profile = `-env:UserInstallation=file://${dir}/profile`; // never touch a running LibreOffice's profile
        const args = [profile, '--headless', '--convert-to', to, '--outdir', join(dir, 'out'), join(dir, 'in.xlsx')];
        execFileSync(soffice, args, { stdio: 'ignore', timeout: 120_000 });
      };
      run('xlsx:Calc MS Excel 2007 XML');
      const wb = readXlsx(readFileSync(join(dir, 'out', 'in.xlsx')), 'libreoffice.xlsx');
      const s = sheetByName(wb, 'Báo cáo tháng');
      expect(sheetByName(wb, 'Danh mục').state).toBe('hidden');
      expect(at(s, 'A1')?.v).toBe('BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2025');
      expect(at(s, 'A3')?.v).toBe('Đơn vị tính: triệu đồng');
      expect(at(s, 'B2')?.v).toBe(12345.67);
      expect(at(s, 'C2')).toMatchObject({ v: 24691.34, formula: true });
      expect(at(s, 'B3')?.v).toBe(true);
      expect(at(s, 'A4')).toMatchObject({ v: 45672, date: true });
      expect(at(s, 'D4')).toMatchObject({ v: 45000, date: true });
      expect(at(s, 'E4')?.date).toBeUndefined();
      expect(at(s, 'B4')).toMatchObject({ v: null, error: '#DIV/0!' });
      expect(at(s, 'C5')?.v).toBe('dòng 1\ndòng 2');
      expect(mergedValue(s, 1, 4)).toBe('BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2025');

      run('xls');
      expectRefused(readFileSync(join(dir, 'out', 'in.xls')), 'xls', 'in.xls');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('reads sizes from ZIP64 extra fields and a ZIP64 end of central directory', () => {
    const files = handXlsx({ sheets: [sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Cấp xã</t></is></c></row>')] });
    const entries = Object.entries(files).map(([name, d]) => ({ name, data: enc.encode(d as string), zip64: true }));
    const s = readXlsx(rawZip(entries, true), 'zip64.xlsx').sheets[0];
    expect(at(s, 'A1')?.v).toBe('Cấp xã');
  });

  it('inflates large parts, each bounded by its declared size', () => {
    const value = (i: number): string => `${(i * 7919) % 100_003}.${i}`;
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${value(i)}</v></c></row>`);
    const s = readXlsx(zip(handXlsx({ sheets: [sheetXml(rows.join(''))] })), 'lon.xlsx').sheets[0];
    expect(s.maxRow).toBe(20_000);
    expect(getCell(s, 20_000, 1)?.v).toBe(Number(value(19_999)));
    expect(streams.created).toBeGreaterThan(0);
    // Every part inflated with a bound one byte past what it declared: a lying part stops there.
    expect(Math.max(...streams.bounds)).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(streams.bounds).toContain(sheetXml(rows.join('')).length + 1);
  });
});

describe('cell references', () => {
  it('converts between column numbers, names and references', () => {
    expect([1, 26, 27, 28, 702, 703, 16384].map(colName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA', 'XFD']);
    expect(cellRef(5, 3)).toBe('C5');
    expect(parseRef('AB12')).toEqual({ row: 12, col: 28 });
    expect(parseRef('$c$5')).toEqual({ row: 5, col: 3 });
    expect(() => parseRef('12AB')).toThrow('không hợp lệ');
    expect(() => colName(0)).toThrow(RangeError);
  });
});

describe('refusing files', () => {
  it('refuses an empty file', () => {
    expect(expectRefused(new Uint8Array(0), 'empty').message).toContain('0 byte');
  });

  it('refuses a file over the size limit before looking inside it', () => {
    const bytes = new Uint8Array(21 * MB);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    expect(expectRefused(bytes, 'too-large').message).toContain('21 MB');
    expect(streams.created).toBe(0);
  });

  it('refuses a workbook with more cells than allowed', () => {
    const bytes = zip(handXlsx({ sheets: [sheetXml(`<row r="1">${'<c><v>1</v></c>'.repeat(10)}</row>`)] }));
    const e = refusal(() => readXlsx(bytes, 'nhieu-o.xlsx', { maxCells: 5 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('“nhieu-o.xlsx”');
    expect(readXlsx(bytes, 'nhieu-o.xlsx', { maxCells: 10 }).sheets[0].maxCol).toBe(10);
  });

  it('refuses a text file renamed to .xlsx', () => {
    const e = expectRefused(enc.encode('Họ và tên,Điểm\nNguyễn Văn A,9\n'), 'not-zip', 'danh-sach.xlsx');
    expect(e.message).toContain('không phải tệp Excel (.xlsx)');
    expect(expectRefused(enc.encode('<html><body>Báo cáo</body></html>'), 'not-zip').message).toContain('HTML');
  });

  it('refuses a file cut off during download', async () => {
    const bytes = await excelBytes(buildReturn);
    expect(expectRefused(bytes.subarray(0, bytes.length >> 1), 'truncated').message).toContain('bị thiếu phần cuối');
  });

  it('refuses a password-protected workbook', () => {
    const e = expectRefused(compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), 'encrypted');
    expect(e.message).toContain('mật khẩu');
    // A broken directory still gives the stream name away.
    const broken = compoundFile(['Root Entry', 'EncryptedPackage']);
    new DataView(broken.buffer).setUint16(0x1e, 77, true);
    expectRefused(broken, 'encrypted');
  });

  it('refuses a legacy .xls workbook', () => {
    const e = expectRefused(compoundFile(['Root Entry', 'Workbook', '\u0005SummaryInformation']), 'xls', 'bao-cao.xls');
    expect(e.message).toContain('Excel 97-2003 (.xls)');
    expect(e.message).toContain('Sổ làm việc Excel (.xlsx)');
  });

  it('refuses a Word document renamed to .xlsx', () => {
    const bytes = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect(expectRefused(bytes, 'docx').message).toContain('văn bản Word (.docx)');
  });

  it('refuses a zip that is not a workbook', () => {
    expectRefused(zip({ 'anh/chu-ky.png': new Uint8Array([1, 2, 3]), 'ghi-chu.txt': 'xin chào' }), 'not-xlsx');
    expectRefused(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18)]), 'not-xlsx');
  });

  it('refuses a zip bomb by its declared sizes before inflating it', () => {
    const spaces = new Uint8Array(50 * MB).fill(0x20);
    const bytes = zip({ ...handXlsx({ sheets: [''] }), 'xl/worksheets/sheet1.xml': spaces }, 9);
    expect(bytes.length).toBeLessThan(1 * MB);
    expect(expectRefused(bytes, 'zip-bomb').message).toContain('có thể là tệp độc hại');
    expect(streams.created).toBe(0);
  });

  it('refuses parts that inflate to more than they declare', () => {
    const sheet = sheetXml(`<row r="1"><c r="A1"><v>1</v></c></row>${' '.repeat(5 * MB)}`);
    const small = zip(handXlsx({ sheets: [sheet] }), 9);
    expectRefused(lieAboutSize(small, 'xl/worksheets/sheet1.xml', 1000), 'zip-bomb');
    expect(streams.created).toBe(0);
    // Incompressible enough to be refused while inflating, not only by the ratio of its sizes.
    const rows = Array.from({ length: 40_000 }, (_, i) => `<row><c><v>${Math.sin(i).toFixed(12)}</v></c></row>`).join('');
    const big = zip(handXlsx({ sheets: [sheetXml(rows)] }), 9);
    expectRefused(lieAboutSize(big, 'xl/worksheets/sheet1.xml', 100_000), 'zip-bomb');
    expect(streams.created).toBeGreaterThan(0);
  });

  it('refuses too many entries and too much declared content', () => {
    const many: Files = handXlsx({ sheets: [sheetXml('')] });
    for (let i = 0; i < 2001; i++) many[`xl/media/image${i}.png`] = new Uint8Array(1);
    expectRefused(zip(many, 0), 'zip-bomb');
    const bytes = zip(handXlsx({ sheets: [sheetXml('<row><c><v>1</v></c></row>'.repeat(1000))] }));
    const e = refusal(() => readXlsx(bytes, 'x.xlsx', { maxUncompressedBytes: 10_000 }));
    expect(e.code).toBe('zip-bomb');
  });

  it('refuses XML with a DOCTYPE or entity declaration', () => {
    const sst = `${XML}<!DOCTYPE x [<!ENTITY a "${'ha'.repeat(10)}">]><sst ${NS}><si><t>&a;</t></si></sst>`;
    const bytes = zip(handXlsx({ sheets: [sheetXml('<row><c t="s"><v>0</v></c></row>')], sst }));
    expect(expectRefused(bytes, 'unsafe-xml').message).toContain('DOCTYPE/ENTITY');
    const lower = zip(handXlsx({ sheets: [`${XML}<!doctype worksheet><worksheet ${NS}/>`] }));
    expectRefused(lower, 'unsafe-xml');
  });

  it('keeps unknown entities as written instead of expanding them', () => {
    const cell = '<c t="inlineStr"><is><t>&a; &amp;amp; &#0; &#x110000;</t></is></c>';
    const bytes = zip(handXlsx({ sheets: [sheetXml(`<row>${cell}</row>`)] }));
    expect(getCell(readXlsx(bytes, 'e.xlsx').sheets[0], 1, 1)?.v).toBe('&a; &amp; \uFFFD \uFFFD');
  });

  it('refuses corrupt files', () => {
    const files = handXlsx({ sheets: [sheetXml('<row><c><v>1</v></c></row>')] });
    const stored = zip(files, 0);
    const i = new TextDecoder('latin1').decode(stored).indexOf('<v>1</v>');
    const flipped = stored.slice();
    flipped[i + 3] = 0x32; // "1" -> "2": the CRC no longer matches
    expect(expectRefused(flipped, 'corrupt').message).toContain('CRC');

    const badUtf8 = new Uint8Array([0x3c, 0x77, 0xc3, 0x28, 0x2f, 0x3e]); // "<w" + a broken two-byte sequence + "/>"
    expect(expectRefused(zip({ ...files, 'xl/worksheets/sheet1.xml': badUtf8 }), 'corrupt').message).toContain('UTF-8');
    expectRefused(zip({ ...files, 'xl/sharedStrings.xml': `<sst ${NS}><si><t>x</t>` }, 6), 'corrupt');
    const missingSheet = zip(handXlsx({ sheets: [sheetXml('')] }));
    expectRefused(lieAboutName(missingSheet), 'corrupt');
    expectRefused(zip(handXlsx({ sheets: [sheetXml('<row><c r="A0"><v>1</v></c></row>')] })), 'corrupt');
  });
});

/** Renames the sheet entry so the workbook points at a part that is not there. */
function lieAboutName(bytes: Uint8Array): Uint8Array {
  const s = new TextDecoder('latin1').decode(bytes).replaceAll('xl/worksheets/sheet1.xml', 'xl/worksheets/sheetX.xml');
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

afterAll(() => vi.restoreAllMocks());
