/**
 * The .docx reader of the checks: text, Word numbering and tables of a real .docx written by the docx library;
 * hostile and wrong files refused with a Vietnamese message, as hostile .xlsx files are.
 */
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocxReadError, readDocxText } from '../../electron/core/docx/read-text';
import { compoundFile } from '../support/hostile-files';

async function realDocx(): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [{ reference: 'points', levels: [{ level: 0, format: LevelFormat.LOWER_LETTER, text: '%1)', alignment: AlignmentType.LEFT }] }],
    },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: 'I. KẾT QUẢ THỰC HIỆN', bold: true })] }),
          new Paragraph({ numbering: { reference: 'points', level: 0 }, children: [new TextRun('Công tác chỉ đạo, điều hành')] }),
          new Paragraph({ children: [new TextRun('Đã tiếp nhận 755 vụ, hòa giải thành công '), new TextRun({ text: '630', bold: true }), new TextRun(' vụ, đạt 83,5%.')] }),
          new Paragraph({ numbering: { reference: 'points', level: 0 }, children: [new TextRun('Về công khai thủ tục hành chính')] }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('STT')] }), new TableCell({ children: [new Paragraph('Số, ký hiệu')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('1')] }), new TableCell({ children: [new Paragraph('181/KH-UBND')] })] }),
            ],
          }),
          new Paragraph('Trên đây là báo cáo của Ủy ban nhân dân thành phố./.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function fakeDocx(documentXml: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(documentXml), ...extra });
}

const refusal = (bytes: Uint8Array, name = 'bao-cao.docx') => {
  try {
    readDocxText(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(DocxReadError);
    return e as DocxReadError;
  }
  throw new Error('the file was read');
};

describe('reading a .docx', () => {
  it('gives paragraphs in order with Word numbering written out and table rows joined', async () => {
    const lines = readDocxText(await realDocx(), 'bao-cao.docx');
    expect(lines).toEqual([
      'I. KẾT QUẢ THỰC HIỆN',
      'a) Công tác chỉ đạo, điều hành',
      'Đã tiếp nhận 755 vụ, hòa giải thành công 630 vụ, đạt 83,5%.',
      'b) Về công khai thủ tục hành chính',
      'STT | Số, ký hiệu',
      '1 | 181/KH-UBND',
      'Trên đây là báo cáo của Ủy ban nhân dân thành phố./.',
    ]);
  });

  it('decodes entities and keeps tabs', () => {
    const xml = '<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Dân vận &amp; “khéo”</w:t><w:tab/><w:t xml:space="preserve"> 03 mô hình</w:t></w:r></w:p><w:p/></w:body></w:document>';
    expect(readDocxText(fakeDocx(xml), 'a.docx')).toEqual(['Dân vận & “khéo”\t 03 mô hình']);
  });
});

describe('refusing files that are not a safe .docx', () => {
  it('refuses DOCTYPE and ENTITY declarations', () => {
    const e = refusal(fakeDocx('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>'));
    expect(e.code).toBe('unsafe-xml');
    expect(e.message).toContain('DOCTYPE');
    expect(e.message).toContain('bao-cao.docx');
  });

  it('refuses a part that inflates far beyond its compressed size before inflating it', () => {
    const huge = new Uint8Array(3 * 1024 * 1024).fill(32);
    const e = refusal(fakeDocx(`<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>${' '.repeat(10)}`, { 'word/numbering.xml': huge }));
    expect(e.code).toBe('zip-bomb');
    expect(e.message).toContain('tỉ lệ');
  });

  it('tells a .doc, a password-protected file, an .xlsx, a PDF and a cut file apart', () => {
    expect(refusal(compoundFile(['Root Entry', 'WordDocument'])).message).toContain('Word 97-2003 (.doc)');
    expect(refusal(compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage'])).message).toContain('mật khẩu');
    expect(refusal(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') })).message).toContain('Excel');
    expect(refusal(strToU8('%PDF-1.7 …')).message).toContain('PDF');
    const real = fakeDocx('<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>');
    expect(refusal(real.subarray(0, real.length - 30)).code).toBe('truncated');
    expect(refusal(new Uint8Array(0)).code).toBe('empty');
  });
});

describe('hostile markup', () => {
  it('reads a paragraph of a million unclosed tags in linear time', () => {
    const junk = '<w:t '.repeat(200_000) + '<w:tab '.repeat(200_000);
    const t = performance.now();
    // Stored without compression: a ratio check would refuse it compressed, and this is about the scanner.
    const xml = `<w:document><w:body><w:p><w:r><w:t>đầu</w:t>${junk}<w:t>cuối</w:t></w:r></w:p></w:body></w:document>`;
    const lines = readDocxText(zipSync({ 'word/document.xml': [strToU8(xml), { level: 0 }] }), 'a.docx');
    expect(performance.now() - t).toBeLessThan(3000);
    expect(lines).toEqual(['đầucuối']);
  });
});
