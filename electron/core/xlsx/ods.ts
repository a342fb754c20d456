/**
 * OpenDocument spreadsheets (.ods), as LibreOffice Calc saves a unit's return: the same zip of XML as .xlsx, read
 * with the same limits and scanners into the same Workbook, so the importer never knows the difference. Only
 * content.xml (cells, merges, hidden sheets) and meta.xml (the save time) are read; formulas are never evaluated,
 * their cached values are taken. Repeated empty rows and columns (LibreOffice writes a million of them) are skipped,
 * never materialised.
 */
import { MAX_COL, MAX_ROW, type Cell, type Sheet, type Workbook } from './cells';
import { type Ctx, fail, num } from './errors';
import { attrs, xmlText } from './xml';

/** Days from 1899-12-30 (Excel's serial day 0) to 1970-01-01. */
const EPOCH_OFFSET = 25569;

/** An ODS date or date-time ("2021-05-25", "2021-05-25T10:30:00") as an Excel serial number, so dates read alike. */
function serialOf(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(value);
  if (!m) return null;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 + EPOCH_OFFSET;
  const secs = m[4] ? Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0) : 0;
  return day + secs / 86_400;
}

/** The text of a cell: its paragraphs joined by line breaks, spaces and tabs as written (<text:s text:c="3"/>). */
function cellText(inner: string): string {
  const paras: string[] = [];
  const re = /<text:p\b[^>]*?(\/?)>/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    if (m[1]) {
      paras.push('');
      continue;
    }
    const end = inner.indexOf('</text:p>', re.lastIndex);
    const body = inner.substring(re.lastIndex, end < 0 ? inner.length : end);
    re.lastIndex = end < 0 ? inner.length : end + 9;
    const text = body
      .replace(/<text:s\b([^>]*)\/>/g, (_, a: string) => ' '.repeat(Math.min(Number(attrs(a).get('text:c') ?? 1) || 1, 1000)))
      .replace(/<text:tab\b[^>]*\/>/g, '\t')
      .replace(/<text:line-break\b[^>]*\/>/g, '\n')
      .replace(/<[^>]*>/g, '');
    paras.push(xmlText(text));
  }
  return paras.join('\n');
}

/** Table styles that hide a sheet (<style:table-properties table:display="false"/>). */
function hiddenTableStyles(xml: string): Set<string> {
  const hidden = new Set<string>();
  const re = /<style:style\b([^>]*)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const a = attrs(m[1]);
    if (a.get('style:family') !== 'table') continue;
    const end = xml.indexOf('</style:style>', re.lastIndex);
    if (end < 0) break;
    if (/table:display\s*=\s*"false"/.test(xml.substring(re.lastIndex, end))) hidden.add(a.get('style:name') ?? '');
    re.lastIndex = end;
  }
  return hidden;
}

function readCell(a: Map<string, string>, inner: string): Cell | null {
  const type = a.get('office:value-type') ?? a.get('calcext:value-type');
  const formula = a.has('table:formula');
  let v: Cell['v'];
  let date = false;
  switch (type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = Number(a.get('office:value'));
      v = Number.isFinite(n) ? n : null;
      break;
    }
    case 'date':
      v = serialOf(a.get('office:date-value') ?? '');
      date = v !== null;
      break;
    case 'time': {
      const m = /^PT(\d+)H(\d+)M(\d+(?:\.\d+)?)S$/.exec(a.get('office:time-value') ?? '');
      v = m ? (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) / 86_400 : null;
      date = v !== null;
      break;
    }
    case 'boolean':
      v = a.get('office:boolean-value') === 'true';
      break;
    case 'string':
      v = cellText(inner);
      break;
    default:
      // A formula whose result is an error is written without a value type, its text the error ("#DIV/0!", "Err:502").
      if (formula) {
        const shown = cellText(inner).trim();
        return { v: null, formula: true, error: shown || '#VALUE!' };
      }
      return null;
  }
  const cell: Cell = { v };
  if (formula) cell.formula = true;
  if (date) cell.date = true;
  return cell;
}

/** Reads content.xml (and the save time from meta.xml) into a Workbook. */
export function parseOds(content: string, meta: string | null, ctx: Ctx): Workbook {
  const hidden = hiddenTableStyles(content);
  const sheets: Sheet[] = [];
  let cells = 0;
  const tableRe = /<table:table\b([^>]*?)(\/?)>/g;
  for (let t = tableRe.exec(content); t; t = tableRe.exec(content)) {
    const ta = attrs(t[1]);
    const name = xmlText(ta.get('table:name') ?? `Trang ${sheets.length + 1}`);
    const sheet: Sheet = { name, state: hidden.has(ta.get('table:style-name') ?? '') ? 'hidden' : 'visible', rows: new Map(), merges: [], maxRow: 0, maxCol: 0 };
    sheets.push(sheet);
    if (t[2]) continue;
    const end = content.indexOf('</table:table>', tableRe.lastIndex);
    const body = content.substring(tableRe.lastIndex, end < 0 ? content.length : end);
    tableRe.lastIndex = end < 0 ? content.length : end;
    let row = 0;
    const rowRe = /<table:table-row\b([^>]*?)(\/?)>/g;
    for (let r = rowRe.exec(body); r; r = rowRe.exec(body)) {
      const repeatRows = Math.max(1, Number(attrs(r[1]).get('table:number-rows-repeated') ?? 1) || 1);
      if (r[2]) {
        row += repeatRows;
        continue;
      }
      const rowEnd = body.indexOf('</table:table-row>', rowRe.lastIndex);
      const rowBody = body.substring(rowRe.lastIndex, rowEnd < 0 ? body.length : rowEnd);
      rowRe.lastIndex = rowEnd < 0 ? body.length : rowEnd;
      const first = row + 1;
      row += repeatRows;
      if (first > MAX_ROW) throw fail(ctx, 'corrupt', `trang “${name}” có quá nhiều hàng`);
      let col = 0;
      const found: [number, Cell][] = [];
      const cellRe = /<table:(table-cell|covered-table-cell)\b([^>]*?)(\/?)>/g;
      for (let c = cellRe.exec(rowBody); c; c = cellRe.exec(rowBody)) {
        const ca = attrs(c[2]);
        const repeatCols = Math.max(1, Number(ca.get('table:number-columns-repeated') ?? 1) || 1);
        let inner = '';
        if (!c[3]) {
          const close = `</table:${c[1]}>`;
          const cellEnd = rowBody.indexOf(close, cellRe.lastIndex);
          inner = rowBody.substring(cellRe.lastIndex, cellEnd < 0 ? rowBody.length : cellEnd);
          cellRe.lastIndex = cellEnd < 0 ? rowBody.length : cellEnd + close.length;
        }
        const here = col + 1;
        col += repeatCols;
        if (c[1] === 'covered-table-cell') continue;
        const spanC = Number(ca.get('table:number-columns-spanned') ?? 1) || 1;
        const spanR = Number(ca.get('table:number-rows-spanned') ?? 1) || 1;
        if (spanC > 1 || spanR > 1) sheet.merges.push({ top: first, left: here, bottom: first + spanR - 1, right: here + spanC - 1 });
        const cell = readCell(ca, inner);
        if (!cell) continue;
        if (col > MAX_COL) throw fail(ctx, 'corrupt', `trang “${name}” có quá nhiều cột`);
        for (let k = 0; k < repeatCols; k++) found.push([here + k, cell]);
      }
      if (!found.length) continue;
      // A row of values repeated (rare: the same row pasted many times) is materialised within the cell limit.
      for (let k = 0; k < repeatRows; k++) {
        cells += found.length;
        if (cells > ctx.limits.maxCells) throw fail(ctx, 'too-large', `có quá nhiều ô dữ liệu (hơn ${num(ctx.limits.maxCells)} ô)`);
        sheet.rows.set(first + k, new Map(found.map(([c, cell]) => [c, { ...cell }])));
        sheet.maxRow = Math.max(sheet.maxRow, first + k);
        sheet.maxCol = Math.max(sheet.maxCol, found[found.length - 1][0]);
      }
    }
    for (const m of sheet.merges) {
      sheet.maxRow = Math.max(sheet.maxRow, m.bottom);
      sheet.maxCol = Math.max(sheet.maxCol, m.right);
    }
  }
  const date = meta ? /<dc:date\b[^>]*>([^<]{10,40})<\/dc:date>/.exec(meta)?.[1] : undefined;
  const t = date ? Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(date) ? date : `${date}Z`) : NaN;
  return { sheets, ...(Number.isFinite(t) ? { savedAt: new Date(t).toISOString() } : {}) };
}
