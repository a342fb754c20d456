/**
 * The appendices as a workbook: one sheet per appendix, bold header, frozen panes, bold totals row, A4 landscape.
 * Numbers are stored as numbers ("#,##0" shows with the viewer's locale), STT too; totals are SUM formulas with
 * their values cached, so the sheet reads right before Excel recalculates; empty cells are real blanks; text that
 * a spreadsheet would read as a formula (= + - @) is stored as plain text. Rows are as tall as their wrapped text.
 * The sheet is fitted to one page wide only when the print stays at 8 pt or more; otherwise it prints two pages
 * wide with the STT and unit columns repeated. Every page carries "Trang n/N" in its footer.
 *
 * Written as SpreadsheetML text and zipped with Node's zlib (issue 16: exceljs's object model took most of the
 * appendices' time at 400 units). The parts are those exceljs wrote for the same workbook (cells, styles in the same
 * order, merges, shared strings, print titles), so the cells are identical (tests/docs/report-golden.test.ts) and
 * exceljs, Excel and LibreOffice read it as before.
 */
import type { AppendixModel, ReportDocument } from '../../../shared/report/model';
import { textWidthPt } from './metrics';
import { zipEntries } from './zip';

const FONT = 'Times New Roman';

function numberFormat(values: (number | null)[]): string {
  const decimals = Math.max(0, ...values.map((v) => (v === null || Number.isInteger(v) ? 0 : String(v).split('.')[1]?.length ?? 0)));
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(Math.min(decimals, 6))}`;
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ . */
function sheetName(a: AppendixModel): string {
  return a.label.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

const FONT_PT = 12;
/** Printable width of landscape A4 with the margins below (0,6 + 0,4 inch), in points. */
const PRINT_WIDTH_PT = 842 - (0.6 + 0.4) * 72;
const PRINT_WIDTH_PORTRAIT_PT = 595 - (0.6 + 0.4) * 72;
/** The smallest type a printed appendix may shrink to. */
const MIN_PRINT_PT = 8;

/** Width in points of an Excel column of `w` characters (Excel: 7 px per character plus 5 px padding). */
const columnPt = (w: number) => (Math.trunc(w * 7 + 5) * 3) / 4;

/** Lines a text takes in a column, breaking at spaces. */
function linesIn(text: string, widthPt: number, bold: boolean): number {
  const usable = Math.max(10, widthPt - 6);
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    const w = textWidthPt(word, FONT_PT, bold);
    const space = used === 0 ? 0 : textWidthPt(' ', FONT_PT, bold);
    if (used > 0 && used + space + w > usable) {
      lines += 1;
      used = w;
    } else used += space + w;
  }
  return lines;
}

const rowHeight = (lines: number) => Math.max(20, Math.ceil(lines * 15 + 5));

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** XML text and attribute escaping as exceljs does it (control characters other than tab, LF and CR dropped). */
function esc(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)
    ? // eslint-disable-next-line no-control-regex
      text.replace(/["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => ({ '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' })[c] ?? '')
    : text;
}

interface Font {
  size: number;
  bold?: boolean;
  italic?: boolean;
}

interface Alignment {
  horizontal: 'left' | 'center' | 'right';
  wrap: boolean;
}

interface Style {
  font: Font;
  alignment?: Alignment;
  boxed?: boolean;
  shaded?: boolean;
  numFmt?: string;
}

/** Number formats Excel knows by id; others get ids from 164 on, in order of first use. */
const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '@': 49 };

/**
 * The workbook's style table: fonts, fills, borders, number formats and cell formats each numbered in order of
 * first use, cell format 0 the default, as exceljs numbers them (so a cell keeps its style index).
 */
class Styles {
  private fonts = new Map<string, number>([['<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>', 0]]);
  private formats = new Map<string, number>();
  private xfs = new Map<string, number>([['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', 0]]);

  private id<K>(map: Map<K, number>, key: K): number {
    let n = map.get(key);
    if (n === undefined) map.set(key, (n = map.size));
    return n;
  }

  add(s: Style): number {
    const f = s.font;
    const fontId = this.id(this.fonts, `<font>${f.bold ? '<b/>' : ''}${f.italic ? '<i/>' : ''}<sz val="${f.size}"/><name val="${FONT}"/></font>`);
    const numFmtId = s.numFmt === undefined ? 0 : (BUILTIN_FORMATS[s.numFmt] ?? 164 + this.id(this.formats, s.numFmt));
    const fillId = s.shaded ? 2 : 0;
    const borderId = s.boxed ? 1 : 0;
    const applies = [numFmtId ? ' applyNumberFormat="1"' : '', ' applyFont="1"', fillId ? ' applyFill="1"' : '', borderId ? ' applyBorder="1"' : '', s.alignment ? ' applyAlignment="1"' : ''].join('');
    const attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applies}`;
    const xf = s.alignment
      ? `<xf ${attrs}><alignment horizontal="${s.alignment.horizontal}" vertical="center"${s.alignment.wrap ? ' wrapText="1"' : ''}/></xf>`
      : `<xf ${attrs}/>`;
    return this.id(this.xfs, xf);
  }

  xml(): string {
    const formats = [...this.formats.keys()].map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${esc(code)}"/>`);
    return (
      XML_HEAD +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (formats.length ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
      `<fonts count="${this.fonts.size}">${[...this.fonts.keys()].join('')}</fonts>` +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/></patternFill></fill></fills>' +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
      '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.size}">${[...this.xfs.keys()].join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    );
  }
}

/** Shared strings, numbered in order of first use across the workbook. */
class SharedStrings {
  private index = new Map<string, number>();
  count = 0;

  add(text: string): number {
    this.count += 1;
    let n = this.index.get(text);
    if (n === undefined) this.index.set(text, (n = this.index.size));
    return n;
  }

  xml(): string {
    const items = [...this.index.keys()].map((t) => `<si><t${/^\s|\n|\s$/.test(t) ? ' xml:space="preserve"' : ''}>${esc(t)}</t></si>`);
    return `${XML_HEAD}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${items.length}">${items.join('')}</sst>`;
  }
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

type CellValue = { kind: 'number'; n: number } | { kind: 'text'; text: string } | { kind: 'sum'; formula: string; n: number } | null;

/** One worksheet's cells by row, each with its value and style index. */
class Sheet {
  readonly rows = new Map<number, { height?: number; cells: Map<number, { value: CellValue; style: number }> }>();

  row(r: number) {
    let row = this.rows.get(r);
    if (!row) this.rows.set(r, (row = { cells: new Map() }));
    return row;
  }

  set(r: number, c: number, value: CellValue, style: number): void {
    this.row(r).cells.set(c, { value, style });
  }

  /** Merges a row's columns 1..n: the other cells take the first cell's style and hold no value. */
  mergeRow(r: number, n: number): void {
    const first = this.row(r).cells.get(1)!;
    for (let c = 2; c <= n; c++) this.set(r, c, null, first.style);
  }
}

interface SheetInfo {
  name: string;
  xml: string;
  printTitles: string;
}

function sheetXml(a: AppendixModel, styles: Styles, strings: SharedStrings): SheetInfo {
  const widths = a.columns.map((c) => (c.numeric ? Math.max(10, Math.min(16, Math.max(...c.label.split(/\s+/).map((w) => w.length)) + 3)) : Math.min(60, Math.max(6, c.width * 9))));
  const totalPt = widths.reduce((s, w) => s + columnPt(w), 0);
  const landscape = a.landscape || totalPt > PRINT_WIDTH_PORTRAIT_PT;
  const printable = landscape ? PRINT_WIDTH_PT : PRINT_WIDTH_PORTRAIT_PT;
  const scale = Math.min(1, printable / totalPt);
  const oneWide = scale * FONT_PT >= MIN_PRINT_PT;
  const sheet = new Sheet();
  const n = a.columns.length;
  const merges: number[] = [];
  const fullWidthPt = totalPt;
  const heading: [string, Font][] = [
    [a.label, { bold: true, size: 14 }],
    [a.title, { bold: true, size: 14 }],
    [a.reference, { italic: true, size: 13 }],
  ];
  heading.forEach(([text, font], i) => {
    const style = styles.add({ font, alignment: { horizontal: 'center', wrap: true } });
    sheet.set(i + 1, 1, { kind: 'text', text }, style);
    sheet.mergeRow(i + 1, n);
    merges.push(i + 1);
    sheet.row(i + 1).height = Math.ceil(linesIn(text, fullWidthPt * (FONT_PT / font.size), Boolean(font.bold)) * (font.size + 4) + 4);
  });
  const headerRowNo = heading.length + 2;
  const headerStyle = styles.add({ font: { bold: true, size: FONT_PT }, alignment: { horizontal: 'center', wrap: true }, boxed: true, shaded: true });
  a.columns.forEach((c, i) => sheet.set(headerRowNo, i + 1, { kind: 'text', text: c.label }, headerStyle));
  sheet.row(headerRowNo).height = rowHeight(Math.max(...a.columns.map((c, i) => linesIn(c.label, columnPt(widths[i]), true))));

  const formats = a.columns.map((c, i) => (c.numeric ? numberFormat(a.rows.map((r) => r.cells[i].value)) : null));
  const firstData = headerRowNo + 1;
  const lastData = headerRowNo + a.rows.filter((r) => !r.total).length;
  // A table cell's style: a few kinds (bold or not, alignment, number format) over thousands of cells.
  const cellStyles = new Map<string, number>();
  const cellStyle = (bold: boolean, horizontal: Alignment['horizontal'], numFmt: string | undefined): number => {
    const key = `${bold} ${horizontal} ${numFmt}`;
    let id = cellStyles.get(key);
    if (id === undefined) cellStyles.set(key, (id = styles.add({ font: { size: FONT_PT, bold }, alignment: { horizontal, wrap: true }, boxed: true, numFmt })));
    return id;
  };
  a.rows.forEach((r, k) => {
    const rowNo = headerRowNo + 1 + k;
    r.cells.forEach((c, i) => {
      const col = a.columns[i];
      let value: CellValue = null;
      let numFmt: string | undefined;
      if (col.numeric && c.value !== null) {
        value = r.total && lastData >= firstData ? { kind: 'sum', formula: `SUM(${colLetter(i + 1)}${firstData}:${colLetter(i + 1)}${lastData})`, n: c.value } : { kind: 'number', n: c.value };
        numFmt = formats[i] ?? '#,##0';
      } else if (i === 0 && /^\d+$/.test(c.text)) {
        value = { kind: 'number', n: Number(c.text) };
      } else if (c.text !== '') {
        // Always a shared string, never a formula, even "=…"; shown as text.
        value = { kind: 'text', text: c.text };
        if (/^[=+\-@]/.test(c.text)) numFmt = '@';
      }
      const horizontal = r.total && i === 1 ? 'center' : col.align;
      sheet.set(rowNo, i + 1, value, cellStyle(Boolean(r.total), horizontal, numFmt));
    });
    sheet.row(rowNo).height = rowHeight(Math.max(...r.cells.map((c, i) => (a.columns[i].numeric ? 1 : linesIn(c.text, columnPt(widths[i]), Boolean(r.total))))));
  });
  let next = headerRowNo + a.rows.length + 2;
  for (const text of a.legend?.length ? ['Ghi chú:', ...a.legend] : []) {
    const rowNo = next++;
    sheet.set(rowNo, 1, { kind: 'text', text }, styles.add({ font: { size: 11, italic: true, bold: text === 'Ghi chú:' } }));
    sheet.mergeRow(rowNo, n);
    merges.push(rowNo);
  }

  // Cells in row order; shared strings numbered as they are met, as exceljs does.
  const rowsXml: string[] = [];
  let lastRow = 0;
  for (const r of [...sheet.rows.keys()].sort((x, y) => x - y)) {
    const row = sheet.rows.get(r)!;
    const cols = [...row.cells.keys()].sort((x, y) => x - y);
    const cells = cols.map((c) => {
      const { value, style } = row.cells.get(c)!;
      const ref = `${colLetter(c)}${r}`;
      const s = style ? ` s="${style}"` : '';
      if (value === null) return `<c r="${ref}"${s}/>`;
      if (value.kind === 'number') return `<c r="${ref}"${s}><v>${value.n}</v></c>`;
      if (value.kind === 'sum') return `<c r="${ref}"${s}><f>${value.formula}</f><v>${value.n}</v></c>`;
      return `<c r="${ref}"${s} t="s"><v>${strings.add(value.text)}</v></c>`;
    });
    const ht = row.height ? ` ht="${row.height}" customHeight="1"` : '';
    rowsXml.push(`<row r="${r}"${ht} spans="${cols[0]}:${cols.at(-1)}" x14ac:dyDescent="0.25">${cells.join('')}</row>`);
    lastRow = r;
  }
  const colsXml: string[] = [];
  for (let i = 0; i < widths.length; ) {
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[i]) j++;
    colsXml.push(`<col min="${i + 1}" max="${j + 1}" width="${widths[i]}" customWidth="1"/>`);
    i = j + 1;
  }
  const firstNumeric = a.columns.findIndex((c) => c.numeric);
  const xSplit = firstNumeric > 0 ? firstNumeric : 0;
  const pane = xSplit
    ? `<pane xSplit="${xSplit}" ySplit="${headerRowNo}" topLeftCell="${colLetter(xSplit + 1)}${headerRowNo + 1}" activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/>`
    : `<pane ySplit="${headerRowNo}" topLeftCell="A${headerRowNo + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>`;
  const name = sheetName(a);
  const titleColumns = !oneWide && firstNumeric > 0 ? `'${name}'!$A:$${colLetter(firstNumeric)},` : '';
  const xml =
    XML_HEAD +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">' +
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:${colLetter(n)}${lastRow}"/>` +
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>' +
    `<cols>${colsXml.join('')}</cols><sheetData>${rowsXml.join('')}</sheetData>` +
    (merges.length ? `<mergeCells count="${merges.length}">${merges.map((r) => `<mergeCell ref="A${r}:${colLetter(n)}${r}"/>`).join('')}</mergeCells>` : '') +
    '<printOptions horizontalCentered="1"/><pageMargins left="0.6" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    `<pageSetup paperSize="9" orientation="${landscape ? 'landscape' : 'portrait'}" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="${oneWide ? 1 : 2}" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${esc('&C&"Times New Roman"&11Trang &P/&N')}</oddFooter></headerFooter></worksheet>`;
  return { name, xml, printTitles: `${titleColumns}'${name}'!$${headerRowNo}:$${headerRowNo}` };
}

/** The single sheet of a report without appendices. */
function emptySheetXml(strings: SharedStrings): SheetInfo {
  const xml =
    XML_HEAD +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
    `<sheetData><row r="1" spans="1:1"><c r="A1" t="s"><v>${strings.add('Báo cáo không có phụ lục.')}</v></c></row></sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  return { name: 'Phụ lục', xml, printTitles: '' };
}

export async function writeAppendicesXlsx(doc: ReportDocument): Promise<Buffer> {
  const styles = new Styles();
  const strings = new SharedStrings();
  const sheets = doc.appendices.length ? doc.appendices.map((a) => sheetXml(a, styles, strings)) : [emptySheetXml(strings)];
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  const OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const SML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const parts: [string, string][] = [
    [
      '[Content_Types].xml',
      XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${SML}.sheet.main+xml"/>` +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${SML}.worksheet+xml"/>`).join('') +
        `<Override PartName="/xl/styles.xml" ContentType="${SML}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${SML}.sharedStrings+xml"/>` +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      XML_HEAD +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        rel('rId1', `${OD}/officeDocument`, 'xl/workbook.xml') +
        rel('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml') +
        rel('rId3', `${OD}/extended-properties`, 'docProps/app.xml') +
        '</Relationships>',
    ],
    [
      'docProps/app.xml',
      XML_HEAD +
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
        '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
        `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
        `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${esc(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>',
    ],
    [
      'docProps/core.xml',
      XML_HEAD +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:creator>Tổng hợp báo cáo</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}</dcterms:created></cp:coreProperties>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      XML_HEAD +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        rel('rId1', `${OD}/styles`, 'styles.xml') +
        rel('rId2', `${OD}/sharedStrings`, 'sharedStrings.xml') +
        sheets.map((_, i) => rel(`rId${i + 3}`, `${OD}/worksheet`, `worksheets/sheet${i + 1}.xml`)).join('') +
        '</Relationships>',
    ],
    [
      'xl/workbook.xml',
      XML_HEAD +
        `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${OD}">` +
        '<workbookPr defaultThemeVersion="164011" filterPrivacy="1"/><bookViews><workbookView/></bookViews>' +
        `<sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 3}"/>`).join('')}</sheets>` +
        (sheets.some((s) => s.printTitles)
          ? `<definedNames>${sheets.map((s, i) => (s.printTitles ? `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${esc(s.printTitles)}</definedName>` : '')).join('')}</definedNames>`
          : '') +
        '<calcPr calcId="171027"/></workbook>',
    ],
    ...sheets.map((s, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, s.xml]),
    ['xl/styles.xml', styles.xml()],
    ['xl/sharedStrings.xml', strings.xml()],
  ];
  return zipEntries(parts);
}
