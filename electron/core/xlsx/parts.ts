/**
 * Parts of the package, each parsed from its decoded text: the workbook (sheet names, states, relationship ids,
 * the 1904 date system), its relationships, the shared strings, the styles (which cell formats show dates) and the
 * worksheets (cell values, formulas' cached values, errors and merged ranges). Nothing is evaluated.
 */
import { type Cell, type CellValue, type Sheet } from './cells';
import * as cells from './cells';
import { type Ctx, fail, num, type XlsxReadError } from './errors';
import { type CellAttrs } from './xml';
import * as scan from './xml';

// tsx runs this code as CommonJS, where every use of an imported binding is a property getter call. The worksheet
// loop calls these helpers for each cell, so they are bound once here (reads measured 5–10% slower otherwise).
const { cellRef, MAX_COL, MAX_ROW, refToRowCol } = cells;
const { attrs, ATTRS, cellAttrs, childText, isSpace, nfc, richText, rootPrefix, tagRe, xmlText } = scan;

export interface WorkbookInfo {
  sheets: { name: string; state: Sheet['state']; rid?: string }[];
  date1904: boolean;
}

export function parseWorkbook(xml: string, ctx: Ctx): WorkbookInfo {
  const p = rootPrefix(xml);
  const sheets: WorkbookInfo['sheets'] = [];
  let date1904 = false;
  const re = tagRe(p, 'sheet|workbookPr');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const a = attrs(m[2]);
    if (m[1] === 'workbookPr') {
      date1904 = a.get('date1904') === '1' || a.get('date1904') === 'true';
      continue;
    }
    const st = a.get('state');
    let rid: string | undefined;
    for (const [k, v] of a) if (k.endsWith(':id')) rid = v;
    sheets.push({
      name: nfc(a.get('name') ?? ''),
      state: st === 'hidden' || st === 'veryHidden' ? st : 'visible',
      rid,
    });
  }
  if (sheets.length === 0) throw fail(ctx, 'corrupt', 'sổ làm việc không có trang tính nào');
  return { sheets, date1904 };
}

export interface Rel {
  type: string;
  target: string;
}

/** Relationships of xl/workbook.xml, targets resolved to zip paths; external targets are dropped. */
export function parseRels(xml: string): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  const re = new RegExp(`<(?:[\\w.-]+:)?(Relationship)${ATTRS}`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const a = attrs(m[2]);
    const id = a.get('Id');
    const target = a.get('Target');
    if (!id || !target || a.get('TargetMode') === 'External') continue;
    rels.set(id, { type: a.get('Type') ?? '', target: resolvePath('xl/', target) });
  }
  return rels;
}

function resolvePath(base: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  if (t.includes('%')) {
    try {
      t = decodeURIComponent(t);
    } catch {
      // keep as written
    }
  }
  const parts = t.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

export function parseSharedStrings(xml: string, ctx: Ctx): string[] {
  const p = rootPrefix(xml);
  const out: string[] = [];
  const open = '<' + p + 'si';
  const close = '</' + p + 'si>';
  let pos: number;
  for (let i = xml.indexOf(open); i >= 0; i = xml.indexOf(open, pos)) {
    const c = xml.charCodeAt(i + open.length);
    if (c !== 62 && c !== 47 && c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      pos = i + open.length;
      continue;
    }
    const gt = xml.indexOf('>', i);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 47) {
      out.push('');
      pos = gt + 1;
      continue;
    }
    const end = xml.indexOf(close, gt);
    if (end < 0) throw fail(ctx, 'corrupt', 'bảng chuỗi dùng chung không hoàn chỉnh');
    out.push(richText(xml.substring(gt + 1, end), p));
    pos = end + close.length;
  }
  return out;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A number format shows a date or time when d/m/y/h/s appear outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  return /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, ''));
}

/** For each cellXfs index: does it format numbers as dates? */
export function parseStyles(xml: string): boolean[] {
  const p = rootPrefix(xml);
  const custom = new Map<number, string>();
  const fmtRe = tagRe(p, 'numFmt');
  for (let m = fmtRe.exec(xml); m; m = fmtRe.exec(xml)) {
    const a = attrs(m[2]);
    custom.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
  }
  const start = xml.indexOf('<' + p + 'cellXfs');
  if (start < 0) return [];
  const end = xml.indexOf('</' + p + 'cellXfs>', start);
  const section = xml.substring(start, end < 0 ? xml.length : end);
  const out: boolean[] = [];
  const xfRe = tagRe(p, 'xf');
  for (let m = xfRe.exec(section); m; m = xfRe.exec(section)) {
    const id = Number(attrs(m[2]).get('numFmtId') ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}

const cellTagRe = new Map<string, RegExp>();
const ROW_NUMBER = /(?:^|\s)r\s*=\s*["'](\d+)["']/;

export interface SheetState {
  ctx: Ctx;
  sst: string[];
  dateStyles: boolean[];
  /** Cells stored so far, across sheets. */
  cells: number;
}

export function parseWorksheet(xml: string, sheetName: string, st: SheetState): Omit<Sheet, 'name' | 'state'> {
  const { ctx, sst, dateStyles } = st;
  const p = rootPrefix(xml);
  const rows = new Map<number, Map<number, Cell>>();
  const merges: Sheet['merges'] = [];
  let maxRow = 0;
  let maxCol = 0;
  const where = (r: number, c: number): string => `ô ${cellRef(r, c)} của trang “${sheetName}”`;
  const bad = (detail: string): XlsxReadError => fail(ctx, 'corrupt', detail);

  const sdStart = xml.indexOf('<' + p + 'sheetData');
  const sdEnd = sdStart < 0 ? -1 : xml.lastIndexOf('</' + p + 'sheetData>');
  // `<row>` and `<c>` attributes (r, s, t, spans, ht…) never hold '<' or '>', so a plain scan is safe and faster.
  let re = cellTagRe.get(p);
  if (!re) cellTagRe.set(p, (re = new RegExp(`<${p}(row|c)(?=[\\s/>])([^<>]*?)(/?)>`, 'g')));
  re.lastIndex = sdStart < 0 ? xml.length : sdStart;
  const limit = sdEnd < 0 ? xml.length : sdEnd;
  const closeC = '</' + p + 'c>';
  const vTag = p + 'v';
  const fTag = '<' + p + 'f';
  const vOpen = '<' + p + 'v>';
  const vClose = '</' + p + 'v>';
  const ca: CellAttrs = { r: undefined, t: undefined, s: 0 };
  let row = 0;
  let col = 0;
  let rowMap: Map<number, Cell> | undefined;
  let rowMapRow = -1;
  for (let m = re.exec(xml); m && m.index < limit; m = re.exec(xml)) {
    if (m[1] === 'row') {
      const r = ROW_NUMBER.exec(m[2]);
      row = r ? Number(r[1]) : row + 1;
      if (row < 1 || row > MAX_ROW) throw bad(`số hàng ${row} của trang “${sheetName}” không hợp lệ`);
      col = 0;
      continue;
    }
    cellAttrs(m[2], ca);
    const { r: ref, t, s } = ca;
    let r = row;
    if (ref !== undefined) {
      const pos = refToRowCol(ref);
      if (!pos) throw bad(`địa chỉ ô “${ref}” của trang “${sheetName}” không hợp lệ`);
      r = pos.row;
      col = pos.col;
    } else {
      col++;
      if (r < 1) r = row = 1;
      if (col > MAX_COL) throw bad(`trang “${sheetName}” có quá nhiều cột`);
    }
    if (m[3] === '/') continue; // style only
    const innerStart = re.lastIndex;
    const innerEnd = xml.indexOf(closeC, innerStart);
    if (innerEnd < 0) throw bad(`${where(r, col)} không hoàn chỉnh`);
    re.lastIndex = innerEnd + closeC.length;
    const inner = xml.substring(innerStart, innerEnd);

    let formula = false;
    let raw: string | null;
    const vEnd = inner.length - vClose.length;
    if (inner.startsWith(vOpen) && inner.indexOf('<', vOpen.length) === vEnd && inner.endsWith(vClose)) {
      raw = inner.substring(vOpen.length, vEnd); // just <v>…</v>, as most cells are
    } else {
      const fi = inner.indexOf(fTag);
      if (fi >= 0) {
        const c = inner.charCodeAt(fi + fTag.length);
        formula = c === 62 || c === 47 || isSpace(c);
      }
      raw = childText(inner, vTag);
    }
    let v: CellValue | null = null;
    let error: string | undefined;
    let date = false;
    switch (t) {
      case 's': {
        if (raw === null || raw.trim() === '') break;
        const str = sst[Number(raw)];
        if (str === undefined) throw bad(`${where(r, col)} trỏ tới chuỗi không tồn tại`);
        v = str;
        break;
      }
      case 'inlineStr': {
        const is = childText(inner, p + 'is');
        v = is !== null ? richText(is, p) : raw !== null ? xmlText(raw) : null;
        break;
      }
      case 'str':
      case 'd':
        v = raw === null ? null : xmlText(raw);
        break;
      case 'b':
        if (raw !== null && raw.trim() !== '') v = raw.trim() === '1' || raw.trim() === 'true';
        break;
      case 'e':
        if (raw !== null && raw.trim() !== '') error = xmlText(raw.trim());
        break;
      default: {
        if (raw === null || raw === '') break;
        const n = Number(raw); // ignores surrounding whitespace; "" and "  " give 0
        if (n === 0 && raw.trim() === '') break;
        if (Number.isNaN(n)) v = xmlText(raw.trim());
        else {
          v = n;
          date = dateStyles[s] === true;
        }
      }
    }
    if (v === null && !formula && error === undefined) continue;
    const cell: Cell = { v };
    if (formula) cell.formula = true;
    if (date) cell.date = true;
    if (error !== undefined) cell.error = error;
    if (r !== rowMapRow) {
      rowMap = rows.get(r);
      if (!rowMap) rows.set(r, (rowMap = new Map()));
      rowMapRow = r;
    }
    const map = rowMap as Map<number, Cell>;
    if (!map.has(col) && ++st.cells > ctx.limits.maxCells) {
      throw fail(ctx, 'too-large', `có quá nhiều ô dữ liệu (hơn ${num(ctx.limits.maxCells)} ô)`);
    }
    map.set(col, cell);
    if (r > maxRow) maxRow = r;
    if (col > maxCol) maxCol = col;
  }

  const mre = tagRe(p, 'mergeCell');
  mre.lastIndex = sdEnd < 0 ? 0 : sdEnd;
  for (let m = mre.exec(xml); m; m = mre.exec(xml)) {
    const ref = attrs(m[2]).get('ref') ?? '';
    const [a, b = a] = ref.split(':');
    const from = refToRowCol(a);
    const to = refToRowCol(b);
    if (!from || !to) throw bad(`vùng gộp ô “${ref}” của trang “${sheetName}” không hợp lệ`);
    const merge = {
      top: Math.min(from.row, to.row),
      left: Math.min(from.col, to.col),
      bottom: Math.max(from.row, to.row),
      right: Math.max(from.col, to.col),
    };
    merges.push(merge);
    if (merge.bottom > maxRow) maxRow = merge.bottom;
    if (merge.right > maxCol) maxCol = merge.right;
  }
  return { rows, merges, maxRow, maxCol };
}