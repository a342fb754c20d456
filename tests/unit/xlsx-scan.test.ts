/**
 * The worksheet scanner of the .xlsx reader, on hand-written parts: style-only cells are stepped over without
 * reading them, yet cells written without `r` after them land in the right column; prefixed parts, inline and
 * non-ASCII text, non-ASCII white space, comments, BOM and UTF-16 parts read as before; invalid UTF-8 anywhere in a
 * worksheet is refused; and the shortcut that skips NFC for Vietnamese text is checked against Unicode itself.
 */
import * as fflate from 'fflate';
import { describe, expect, it } from 'vitest';
import { getCell, parseRef, readXlsx, XlsxReadError, type Sheet } from '../../electron/core/xlsx/read';
import { attr, ATTRS, attrs, NFC_MAY_CHANGE, nfc } from '../../electron/core/xlsx/xml';

const enc = new TextEncoder();
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A one-sheet package around the given worksheet part (text, or bytes as they are), with two shared strings. */
function book(sheet: string | Uint8Array, sst = ['Tỉnh Bình Định', 'Xã Hoà Bình']): Uint8Array {
  return fflate.zipSync({
    'xl/workbook.xml': enc.encode(`<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': enc.encode(
      `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    'xl/sharedStrings.xml': enc.encode(`<sst ${NS}>${sst.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`),
    'xl/worksheets/sheet1.xml': typeof sheet === 'string' ? enc.encode(sheet) : sheet,
  });
}
const ws = (data: string, after = ''): string => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${data}</sheetData>${after}</worksheet>`;
const read = (sheet: string | Uint8Array): Sheet => readXlsx(book(sheet), 'bao-cao.xlsx').sheets[0];
const values = (s: Sheet): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [r, cells] of s.rows) for (const [c, cell] of cells) out[`${String.fromCharCode(64 + c)}${r}`] = cell.v;
  return out;
};
function refusal(sheet: string | Uint8Array): XlsxReadError {
  try {
    read(sheet);
  } catch (e) {
    expect(e).toBeInstanceOf(XlsxReadError);
    return e as XlsxReadError;
  }
  throw new Error('expected the file to be refused');
}

describe('cells between style-only cells', () => {
  it('puts cells written without r after the style-only cells before them, row by row', () => {
    const s = read(
      ws(
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c s="1"/><c r="D2" s="1"/><c s="2"/><c><v>5</v></c><c s="3"/><c><v>6</v></c></row>' +
          '<row><c s="1"/><c s="1"/><c t="s"><v>1</v></c></row>' +
          '<row r="7"><c r="C7" s="1"/><c r="B7"><v>1</v></c><c><v>2</v></c></row>',
      ),
    );
    expect(values(s)).toEqual({ A2: 'Tỉnh Bình Định', F2: 5, H2: 6, C3: 'Xã Hoà Bình', B7: 1, C7: 2 });
    expect([s.maxRow, s.maxCol]).toEqual([7, 8]);
  });

  it('reads the same in an x:-prefixed part, merged ranges included', () => {
    const s = read(
      `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
        '<x:row r="1"><x:c r="A1" s="4"/><x:c s="4"/><x:c t="inlineStr"><x:is><x:t>Ghi chú</x:t></x:is></x:c></x:row>' +
        '<x:row r="3"><x:c r="B3" s="1"/><x:c><x:v>42</x:v></x:c><c r="Z3"><v>9</v></c></x:row>' +
        '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="C1:D2"/></x:mergeCells></x:worksheet>',
    );
    expect(values(s)).toEqual({ C1: 'Ghi chú', C3: 42 });
    expect(s.merges).toEqual([{ top: 1, left: 3, bottom: 2, right: 4 }]);
  });

  it('does not refuse a bad r on a style-only cell that nothing depends on, but does when a cell needs its column', () => {
    expect(values(read(ws('<row r="1"><c r="A1"><v>1</v></c><c r="??" s="1"/><c r="C1"><v>3</v></c></row>')))).toEqual({ A1: 1, C1: 3 });
    const e = refusal(ws('<row r="1"><c r="A1"><v>1</v></c><c r="??" s="1"/><c><v>3</v></c></row>'));
    expect(e.code).toBe('corrupt');
    expect(e.message).toContain('địa chỉ ô “??” của trang “Số liệu” không hợp lệ');
    // A cell with a value and a bad r is always refused.
    expect(refusal(ws('<row r="1"><c r="A0"><v>1</v></c></row>')).message).toContain('địa chỉ ô “A0”');
  });

  it('reads a cell before any row tag as row 1, as before', () => {
    expect(values(read(ws('<c s="1"/><c><v>2</v></c><row><c><v>3</v></c></row>')))).toEqual({ B1: 2, A2: 3 });
  });
});

describe('text in worksheets', () => {
  it('reads inline, formula and rich Vietnamese text exactly, NFD turned into NFC', () => {
    const nfd = 'Hoà Bình'.normalize('NFD');
    const s = read(
      ws(
        `<row r="1"><c r="A1" t="inlineStr"><is><t>Ủy ban nhân dân xã ${nfd}</t></is></c>` +
          '<c r="B1" t="str"><f>A1</f><v>Đã tổng hợp &amp; gửi</v></c>' +
          '<c r="C1" t="inlineStr"><is><r><t>Đơn vị: </t></r><r><t xml:space="preserve">triệu đồng </t></r></is></c>' +
          '<c r="D1" xr:uid="{Ô-1}" t="s"><v>1</v></c></row>',
        '<dataValidations count="1"><dataValidation type="whole" error="Ô này nhập số nguyên không âm" sqref="E1"/></dataValidations>',
      ),
    );
    expect(getCell(s, 1, 1)?.v).toBe('Ủy ban nhân dân xã Hoà Bình'.normalize('NFC'));
    expect(getCell(s, 1, 2)).toEqual({ v: 'Đã tổng hợp & gửi', formula: true });
    expect(getCell(s, 1, 3)?.v).toBe('Đơn vị: triệu đồng ');
    expect(getCell(s, 1, 4)?.v).toBe('Xã Hoà Bình');
  });

  it('takes tags followed by non-ASCII white space as the regex \\s did, and ignores markup in comments', () => {
    // "<c\u00a0r=…>" is a cell, as before; attribute names are split at ASCII white space only, so it has no r.
    const s = read(ws('<row r="1"><c\u00a0r="B1"><v>1</v></c><c\u3000r="C1"><v>2</v></c><c\u00e9 r="D1"><v>3</v></c></row><!-- <row r="5"><c r="A5"><v>9</v></c></row> -->'));
    expect(values(s)).toEqual({ A1: 1, B1: 2 });
  });

  it('reads worksheets with a UTF-8 BOM and in UTF-16', () => {
    const xml = ws('<row r="1"><c r="A1" t="inlineStr"><is><t>Phường Đông Hải</t></is></c></row>');
    expect(getCell(read('\uFEFF' + xml), 1, 1)?.v).toBe('Phường Đông Hải');
    const u16 = new Uint8Array(2 + xml.length * 2);
    u16.set([0xff, 0xfe]);
    for (let i = 0; i < xml.length; i++) new DataView(u16.buffer).setUint16(2 + i * 2, xml.charCodeAt(i), true);
    expect(getCell(read(u16), 1, 1)?.v).toBe('Phường Đông Hải');
  });

  it('refuses invalid UTF-8 anywhere in a worksheet, also after the sheet data, and declarations however spelled', () => {
    const parts = (tail: number[]): Uint8Array => {
      const head = enc.encode(ws('<row r="1"><c r="A1"><v>1</v></c></row>', '<dataValidations><dataValidation error="'));
      const end = enc.encode('"/></dataValidations></worksheet>');
      return Uint8Array.from([...head.subarray(0, head.length - '</worksheet>'.length), ...tail, ...end]);
    };
    for (const bytes of [[0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe1, 0xba]]) {
      const e = refusal(parts(bytes));
      expect(e.code).toBe('corrupt');
      expect(e.message).toContain('xl/worksheets/sheet1.xml không đúng mã UTF-8');
    }
    expect(values(read(parts([0xe1, 0xbb, 0x87])))).toEqual({ A1: 1 }); // "ệ" is fine
    // "ı" upper-cases to "I": the old decoded reading refused <!ENTıTY …>, the byte reading must too.
    expect(refusal(ws('<row r="1"><c r="A1"><v>1</v></c></row>', '<!ENTıTY x "y">')).code).toBe('unsafe-xml');
    expect(refusal(ws('<row r="1"><c r="A1"><![CDATA[ 1 </c>')).message).toContain('CDATA không đóng');
  });
});

describe('where the sheet data ends', () => {
  it('reads merged ranges after the last </sheetData> only, and the cells up to it', () => {
    const s = read(
      `<worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCell ref="A1:B1"/>` +
        '<row r="2"><c r="A2"><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="C3:D4"/></mergeCells></worksheet>',
    );
    expect(values(s)).toEqual({ A1: 1, A2: 2 });
    expect(s.merges).toEqual([{ top: 3, left: 3, bottom: 4, right: 4 }]);
    // A merged range with more than two parts keeps the first two, as before.
    expect(read(ws('', '<mergeCells><mergeCell ref="B2:C3:Z9"/></mergeCells>')).merges).toEqual([{ top: 2, left: 2, bottom: 3, right: 3 }]);
  });

  it('keeps every cell at province scale (400 returns of 600 rows each are read this way)', () => {
    const rows: string[] = [];
    for (let r = 1; r <= 600; r++) {
      rows.push(`<row r="${r}"><c r="A${r}" s="1" t="s"><v>${r % 2}</v></c><c r="B${r}" s="2"/><c r="C${r}" s="2"><v>${r * 3}</v></c><c r="D${r}" s="2"/></row>`);
    }
    const s = read(ws(rows.join('')));
    expect(s.rows.size).toBe(600);
    expect(getCell(s, 600, 3)).toEqual({ v: 1800 });
    expect(getCell(s, 599, 1)?.v).toBe('Xã Hoà Bình');
    expect(getCell(s, 599, 2)).toBeUndefined();
    expect([s.maxRow, s.maxCol]).toEqual([600, 3]);
    expect(parseRef('C600')).toEqual({ row: 600, col: 3 });
  });
});

describe('parts the same in every return', () => {
  /** A package whose styles part makes number format 164 the given code; its cell C1 uses that format. */
  const styled = (code: string): Uint8Array =>
    fflate.zipSync({
      'xl/workbook.xml': enc.encode(`<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': enc.encode(
        `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ),
      'xl/styles.xml': enc.encode(
        `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="${code}"/></numFmts>` +
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>',
      ),
      'xl/worksheets/sheet1.xml': enc.encode(ws('<row r="1"><c r="C1" s="1"><v>45000</v></c></row>')),
    });
  /** Sets the CRC the zip declares for one entry (local header and central directory). */
  const declareCrc = (bytes: Uint8Array, name: string, crc: number): Uint8Array => {
    const b = bytes.slice();
    const dv = new DataView(b.buffer);
    const latin1 = new TextDecoder('latin1').decode(b);
    for (let i = latin1.indexOf(name); i >= 0; i = latin1.indexOf(name, i + 1)) {
      if (dv.getUint32(i - 46, true) === 0x02014b50) dv.setUint32(i - 46 + 16, crc, true);
      if (dv.getUint32(i - 30, true) === 0x04034b50) dv.setUint32(i - 30 + 14, crc, true);
    }
    return b;
  };
  const crcOf = (bytes: Uint8Array, name: string): number => {
    const latin1 = new TextDecoder('latin1').decode(bytes);
    const i = latin1.lastIndexOf(name);
    return new DataView(bytes.buffer, bytes.byteOffset).getUint32(i - 46 + 16, true);
  };

  it('reads a part parsed before in another file only when its stored bytes are the same, not just its CRC and size', () => {
    const dates = styled('dd/mm/yyyy');
    expect(getCell(readXlsx(dates, 'a.xlsx').sheets[0], 1, 3)).toEqual({ v: 45000, date: true });
    expect(getCell(readXlsx(dates.slice(), 'b.xlsx').sheets[0], 1, 3)).toEqual({ v: 45000, date: true });
    // Same length and a CRC declared equal to the first file's: the bytes differ, so the part is read again, and
    // its real CRC does not match.
    const plain = styled('0000000000');
    expect(getCell(readXlsx(plain, 'c.xlsx').sheets[0], 1, 3)).toEqual({ v: 45000 });
    const forged = declareCrc(plain, 'xl/styles.xml', crcOf(dates, 'xl/styles.xml'));
    let e: unknown;
    try {
      readXlsx(forged, 'd.xlsx');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(XlsxReadError);
    expect((e as XlsxReadError).message).toContain('“d.xlsx”');
    expect((e as XlsxReadError).message).toContain('sai mã kiểm tra CRC');
  });

  it('refuses a bad part again in every file that carries it, each with its own name', () => {
    const bad = fflate.zipSync({
      ...fflate.unzipSync(styled('dd/mm/yyyy')),
      'xl/styles.xml': enc.encode(`<!DOCTYPE x><styleSheet ${NS}/>`),
    });
    for (const name of ['xa-1.xlsx', 'xa-2.xlsx']) {
      let e: unknown;
      try {
        readXlsx(bad, name);
      } catch (err) {
        e = err;
      }
      expect((e as XlsxReadError).code).toBe('unsafe-xml');
      expect((e as XlsxReadError).message).toContain(`“${name}”`);
    }
  });
});

describe('attribute lists', () => {
  it('reads one attribute as the attribute map would, for every list a start tag may carry', () => {
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const names = ['numFmtId', 'formatCode', 'x:numFmtId', 'numFmtIdX', 'fontId', 'applyNumberFormat'];
    const spaces = [' ', '  ', '\t', '\n', '\u00a0', '\u3000'];
    const valueChars = ['1', '4', 'd', 'm', '&amp;', '&#x1EA1;', '>', ' ', '=', "'", 'ệ', '/'];
    const sticky = new RegExp(`^<xf${ATTRS}`);
    let checked = 0;
    for (let k = 0; k < 3000; k++) {
      let list = '';
      for (let a = rnd(6); a > 0; a--) {
        const q = rnd(2) ? '"' : "'";
        let v = '';
        for (let c = rnd(6); c > 0; c--) v += valueChars[rnd(valueChars.length)].replace(q, '');
        list += spaces[rnd(spaces.length)] + names[rnd(names.length)] + (rnd(3) ? '' : ' ') + '=' + (rnd(3) ? '' : spaces[rnd(2)]) + q + v + q;
      }
      const m = sticky.exec(`<xf${list}/>`);
      if (!m) continue;
      checked++;
      for (const name of ['numFmtId', 'formatCode', 'fontId']) expect(attr(m[1], name)).toBe(attrs(m[1]).get(name));
    }
    expect(checked).toBeGreaterThan(2000);
  });
});

describe('NFC of Vietnamese text', () => {
  it('skips normalizing only text that NFC would leave as it is', () => {
    const safe: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (!NFC_MAY_CHANGE.test(ch) && (c < 0xd800 || c > 0xdfff)) safe.push(ch);
    }
    expect(safe.length).toBeGreaterThan(1000);
    expect(safe.join('').normalize('NFC')).toBe(safe.join(''));
    // No single character and no pair of them decomposes, reorders or composes: so no text made of them does.
    for (const a of safe) {
      if (a.normalize('NFC') !== a) throw new Error(`U+${a.charCodeAt(0).toString(16)} changes under NFC`);
      for (const b of safe) if ((a + b).normalize('NFC') !== a + b) throw new Error(`U+${a.charCodeAt(0).toString(16)} U+${b.charCodeAt(0).toString(16)}`);
    }
    expect(nfc('Ủy ban nhân dân tỉnh “Bình Định” – 2024')).toBe('Ủy ban nhân dân tỉnh “Bình Định” – 2024');
    expect(nfc('Hoà'.normalize('NFD'))).toBe('Hoà'.normalize('NFC'));
    expect(nfc('Ω Å ﬁ 가')).toBe('Ω Å ﬁ 가'.normalize('NFC'));
  });
});
