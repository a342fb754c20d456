/** The .ods side of the spreadsheet reader: cells, merges, hidden sheets, repeats and save time, and the same refusals as .xlsx. */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { getCell, mergedValue, readXlsx, XlsxReadError } from '../../electron/core/xlsx/read';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"';

function ods(body: string, opts: { meta?: string; prolog?: string } = {}): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?>${opts.prolog ?? ''}<office:document-content ${NS}>
<office:automatic-styles>
  <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
  <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>${body}</office:spreadsheet></office:body></office:document-content>`;
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8(content),
    ...(opts.meta ? { 'meta.xml': strToU8(opts.meta) } : {}),
  });
}

describe('reading .ods', () => {
  it('reads values, merges, hidden sheets and repeats without materialising empty rows', () => {
    const wb = readXlsx(
      ods(`
<table:table table:name="Số liệu" table:style-name="ta1">
  <table:table-column table:number-columns-repeated="1024"/>
  <table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>Đơn vị báo cáo: Xã Tịnh&#160;Kỳ</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
  <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1020"/></table:table-row>
  <table:table-row>
    <table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>dòng 2</text:p></table:table-cell>
    <table:table-cell office:value-type="float" office:value="1270"><text:p>1.270</text:p></table:table-cell>
    <table:table-cell table:formula="of:=[.B4]*2" office:value-type="float" office:value="2540"><text:p>2.540</text:p></table:table-cell>
    <table:table-cell table:formula="of:=1/0"><text:p>#DIV/0!</text:p></table:table-cell>
    <table:table-cell office:value-type="date" office:date-value="2021-05-25"><text:p>25/05/2021</text:p></table:table-cell>
    <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"/>
  </table:table-row>
  <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="_tonghop" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>app</text:p></table:table-cell></table:table-row></table:table>`,
        { meta: '<office:document-meta><office:meta><dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2024-12-05T09:30:00.5</dc:date></office:meta></office:document-meta>' },
      ),
      'bao-cao.ods',
    );
    const [s, meta] = wb.sheets;
    expect([s.name, s.state, meta.name, meta.state]).toEqual(['Số liệu', 'visible', '_tonghop', 'hidden']);
    expect(mergedValue(s, 1, 3)).toBe('Đơn vị báo cáo: Xã Tịnh\u00a0Kỳ');
    expect(getCell(s, 4, 1)?.v).toBe('a  b\ndòng 2');
    expect(getCell(s, 4, 2)).toEqual({ v: 1270 });
    expect(getCell(s, 4, 3)).toEqual({ v: 2540, formula: true });
    expect(getCell(s, 4, 4)).toEqual({ v: null, formula: true, error: '#DIV/0!' });
    expect(getCell(s, 4, 5)).toEqual({ v: 44341, date: true });
    expect(getCell(s, 4, 6)?.v).toBe(true);
    expect([getCell(s, 4, 7)?.v, getCell(s, 4, 8)?.v]).toEqual([7, 7]);
    expect([s.maxRow, s.maxCol]).toEqual([4, 8]);
    expect(wb.savedAt).toBe('2024-12-05T09:30:00.500Z');
  });

  it('refuses DOCTYPE in content.xml and a content.xml that would inflate past the limit, like .xlsx', () => {
    const refused = (bytes: Uint8Array, code: string) => {
      try {
        readXlsx(bytes, 'doc.ods', { maxUncompressedBytes: 10_000 });
      } catch (e) {
        expect(e).toBeInstanceOf(XlsxReadError);
        expect((e as XlsxReadError).code).toBe(code);
        return;
      }
      throw new Error('not refused');
    };
    refused(ods('', { prolog: '<!DOCTYPE x [<!ENTITY a "b">]>' }), 'unsafe-xml');
    refused(ods(`<table:table table:name="A"><table:table-row>${'<table:table-cell/>'.repeat(2000)}</table:table-row></table:table>`), 'zip-bomb');
  });
});
