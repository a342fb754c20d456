/**
 * Broken and hostile files sent as unit returns: each is refused with a clear Vietnamese message, through the same
 * import path as real returns (commit, not only dry run), and the year's database is left exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { closeCore } from '../../electron/core';
import { importFiles } from '../../electron/core/services/imports';
import { dbDigest, demoWithForms, type DemoForms } from '../support/import-fixture';
import { compoundFile } from '../support/hostile-files';

let d: DemoForms;
let ward = '';
beforeAll(async () => {
  d = await demoWithForms();
  ward = d.units.find((u) => u.kind === 'phuong')!.code;
}, 120_000);
afterAll(() => {
  closeCore(d.ctx);
});

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** A minimal valid workbook with one sheet, its parts given as text; `extra` adds or replaces parts. */
function workbook(extra: Record<string, Uint8Array> = {}, level: 0 | 9 = 9): Uint8Array {
  return zipSync(
    {
      '[Content_Types].xml': strToU8(`${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
      'xl/workbook.xml': strToU8(
        `${XML}<workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(`${XML}<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`),
      'xl/sharedStrings.xml': strToU8(`${XML}<sst ${NS}><si><t>Số liệu</t></si></sst>`),
      ...extra,
    },
    { level },
  );
}

async function refused(name: string, bytes: Uint8Array, message: RegExp): Promise<void> {
  const before = dbDigest(d.ctx);
  const [r] = importFiles(d.ctx, 2024, [{ name, bytes }], { dryRun: false });
  expect(r.result?.status).toBe('refused');
  expect(r.check.status).toBe('refused');
  const text = r.check.problems.map((p) => p.message).join(' ');
  expect(text).toMatch(message);
  expect(r.result?.message).toMatch(/Chưa lưu gì/);
  expect(dbDigest(d.ctx)).toBe(before);
}

describe('hostile and broken returns are refused and nothing is stored', () => {
  it('a 0-byte file', () => refused('trong.xlsx', new Uint8Array(0), /“trong\.xlsx” trống/));

  it('a text file named .xlsx (not a zip)', () => refused('khong-phai-zip.xlsx', strToU8('Báo cáo số liệu: 12, 15, 20'), /không phải tệp Excel/));

  it('a file cut off during download (truncated)', async () => {
    const whole = d.form(ward);
    await refused('bi-cat.xlsx', whole.subarray(0, Math.floor(whole.length / 2)), /bị cắt|không đầy đủ|hỏng/);
  });

  it('a password-protected workbook', () => refused('co-mat-khau.xlsx', compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), /mật khẩu/));

  it('a legacy .xls workbook, with instructions to re-save it', () => refused('cu.xls', compoundFile(['Root Entry', 'Workbook']), /Excel 97-2003.*\.xlsx/s));

  it('a file too large, refused before unzipping', async () => {
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    await refused('qua-lon.xlsx', big, /quá lớn|lớn hơn/);
  });

  it('a zip bomb (a file of a few kilobytes that inflates to 40 MB of XML)', async () => {
    const bomb = workbook({ 'xl/worksheets/sheet1.xml': strToU8(`${XML}<worksheet ${NS}><sheetData>${' '.repeat(40 * 1024 * 1024)}</sheetData></worksheet>`) });
    expect(bomb.length).toBeLessThan(100 * 1024);
    await refused('bom-nen.xlsx', bomb, /nén bất thường|giải nén/);
  });

  it('XML entity tricks (a DOCTYPE with entities in the shared strings)', () =>
    refused(
      'thuc-the.xlsx',
      workbook({
        'xl/sharedStrings.xml': strToU8(`${XML}<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><sst ${NS}><si><t>&b;</t></si></sst>`),
      }),
      /DOCTYPE|ENTITY/,
    ));

  it('a Word document renamed to .xlsx', () =>
    refused(
      'van-ban.xlsx',
      zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }),
      /văn bản Word/,
    ));

  it('a workbook that is not one of our forms and has no indicator table', () => refused('bang-khac.xlsx', workbook(), /không tìm thấy bảng nào/));
});
