/**
 * Parts of the package, each parsed from its decoded text: the workbook (sheet names, states, relationship ids,
 * the 1904 date system), its relationships, the shared strings and the styles (which cell formats show dates); and
 * the worksheets (cell values, formulas' cached values, errors and merged ranges), scanned as latin1 byte text
 * (ByteXml) with only the text taken out decoded. Nothing is evaluated.
 */
import { type Cell, type CellValue, type Sheet } from './cells';
import * as cells from './cells';
import { type Ctx, fail, num, type XlsxReadError } from './errors';
import { type ByteXml, type CellAttrs } from './xml';
import * as scan from './xml';

// tsx runs this code as CommonJS, where every use of an imported binding is a property getter call. The worksheet
// loop calls these helpers for each cell, so they are bound once here (reads measured 5–10% slower otherwise).
const { cellRef, colOf, MAX_COL, MAX_ROW, refAt, rowOf } = cells;
const { attr, attrs, ATTRS, cellAttrs, childText, digitsAt, eachTag, isSpace, nfc, richText, rootPrefix, tagRe, xmlText } = scan;

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
  const tOpen = '<' + p + 't';
  const plainEnd = '</' + p + 't>' + close;
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
    // Most strings are plain, <si><t>text</t></si> (or <t xml:space="preserve">): read in place, as richText would.
    const text = plainText(xml, gt + 1, tOpen, plainEnd);
    if (text >= 0) {
      const end = xml.indexOf('<', text);
      out.push(xmlText(xml.substring(text, end)));
      pos = end + plainEnd.length;
      continue;
    }
    const end = xml.indexOf(close, gt);
    if (end < 0) throw fail(ctx, 'corrupt', 'bảng chuỗi dùng chung không hoàn chỉnh');
    out.push(richText(xml.substring(gt + 1, end), p));
    pos = end + close.length;
  }
  return out;
}

/**
 * Where the text starts when xml at i is `<t…>text</t></si>` (prefixes as given) with no markup in the text; else -1.
 */
function plainText(xml: string, i: number, tOpen: string, plainEnd: string): number {
  if (!xml.startsWith(tOpen, i)) return -1;
  const c = xml.charCodeAt(i + tOpen.length);
  if (c !== 62 && !isSpace(c)) return -1;
  const gt = xml.indexOf('>', i);
  const next = xml.indexOf('<', i + 1);
  if (gt < 0 || (next >= 0 && next < gt) || xml.charCodeAt(gt - 1) === 47) return -1;
  return next >= 0 && xml.startsWith(plainEnd, next) ? gt + 1 : -1;
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
  eachTag(xml, p, 'numFmt', 0, xml.length, (a) => custom.set(Number(attr(a, 'numFmtId')), attr(a, 'formatCode') ?? ''));
  const start = xml.indexOf('<' + p + 'cellXfs');
  if (start < 0) return [];
  const end = xml.indexOf('</' + p + 'cellXfs>', start);
  const out: boolean[] = [];
  eachTag(xml, p, 'xf', start, end < 0 ? xml.length : end, (a) => {
    const id = Number(attr(a, 'numFmtId') ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  });
  return out;
}

const ROW_NUMBER = /(?:^|\s)r\s*=\s*["'](\d+)["']/;

export interface SheetState {
  ctx: Ctx;
  sst: string[];
  dateStyles: boolean[];
  /** Cells stored so far, across sheets. */
  cells: number;
}

/**
 * The row number of a `<row>` tag whose attributes start with ` r="123"`, as producers write it, without a regex;
 * undefined for any other form (then ROW_NUMBER reads it, with the same result for this form).
 */
function rowNumber(text: string, start: number, end: number): number | undefined {
  if (text.charCodeAt(start) !== 32 || text.charCodeAt(start + 1) !== 114 || text.charCodeAt(start + 2) !== 61) return undefined;
  if (text.charCodeAt(start + 3) !== 34) return undefined;
  let n = 0;
  let i = start + 4;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57 && i < start + 13; c = text.charCodeAt(++i)) n = n * 10 + c - 48;
  return i > start + 4 && i < end && text.charCodeAt(i) === 34 ? n : undefined;
}
const numberOrNext = (m: RegExpExecArray | null, row: number): number => (m ? Number(m[1]) : row + 1);

/** s is in text at i (charCodeAt by charCodeAt: for the short markup strings here, faster than startsWith). */
function isAt(text: string, i: number, s: string): boolean {
  const n = s.length;
  if (i + n > text.length) return false;
  for (let k = 0; k < n; k++) if (text.charCodeAt(i + k) !== s.charCodeAt(k)) return false;
  return true;
}

const NO_TAG = 0;
const ROW_TAG = 1;
const CELL_TAG = 2;

/**
 * Finds the worksheet's `<row …>` and `<c …>` start tags in order, as the regex `<p(row|c)(?=[\s/>])[^<>]*?(/?)>`
 * would (p the root's prefix), with indexOf instead of match arrays. A '<' that does not start such a tag is stepped
 * over. The searches for '<' and '>' are remembered while they lie ahead, so each stretch of the text is searched a
 * bounded number of times and hostile input stays linear.
 */
class TagScanner {
  /** Of the last tag found: where its '<' is, its attribute text start…end (without a closing '/'), its end after '>'. */
  start = 0;
  attrStart = 0;
  attrEnd = 0;
  end = 0;
  /** The tag ends with "/>" (for a cell: a style only, no value). */
  selfClosing = false;
  /** Step over self-closing cells (style only) instead of returning them. */
  skipStyleOnly = false;
  /** Where the scan stopped at `stopAt`, or -1. */
  stoppedAt = -1;
  private readonly text: string;
  /** The first '<' at or after the last tag's end, and the first '>' at or after where it was last looked for. */
  private nextLt = -1;
  private nextGt = -1;

  constructor(
    private readonly xml: ByteXml,
    /** The root's namespace prefix ("" or "x:"). */
    private readonly prefix: string,
    /** Tags start before this. */
    private readonly limit: number,
    /** The scan stops where this is (`</sheetData>`), when given. */
    private readonly stopAt: string | null,
  ) {
    this.text = xml.text;
  }

  /** The kind of the next tag that starts at or after pos (NO_TAG when there is none). */
  next(pos: number): number {
    const { text, prefix, limit } = this;
    let lt = this.nextLt >= pos ? this.nextLt : text.indexOf('<', pos);
    while (lt >= 0 && lt < limit) {
      let j = lt + 1;
      let kind = NO_TAG;
      if (prefix === '' || text.startsWith(prefix, j)) {
        j += prefix.length;
        const c = text.charCodeAt(j);
        if (c === 99) {
          kind = CELL_TAG; // c
          j += 1;
        } else if (c === 114 && text.charCodeAt(j + 1) === 111 && text.charCodeAt(j + 2) === 119) {
          kind = ROW_TAG; // row
          j += 3;
        }
      }
      const d = text.charCodeAt(j);
      if (kind === NO_TAG || !(d === 62 || d === 47 || d === 32 || (d >= 9 && d <= 13) || (d > 127 && this.xml.isSpaceAt(j)))) {
        if (this.stopAt !== null && text.charCodeAt(lt + 1) === 47 && text.startsWith(this.stopAt, lt)) {
          this.stoppedAt = lt;
          this.nextLt = -1;
          return NO_TAG;
        }
        lt = text.indexOf('<', lt + 1);
        continue;
      }
      // The attributes run to the first '>'; a '<' before it means this was no tag, and the search goes on there.
      if (this.nextGt < j) this.nextGt = text.indexOf('>', j);
      const gt = this.nextGt;
      if (gt < 0) break; // no '>' at all any more, so no tag either
      const after = text.indexOf('<', j);
      if (after >= 0 && after < gt) {
        lt = after;
        continue;
      }
      const selfClosing = gt > j && text.charCodeAt(gt - 1) === 47;
      if (selfClosing && kind === CELL_TAG && this.skipStyleOnly) {
        lt = after;
        continue;
      }
      this.start = lt;
      this.attrStart = j;
      this.selfClosing = selfClosing;
      this.attrEnd = selfClosing ? gt - 1 : gt;
      this.end = gt + 1;
      this.nextLt = after;
      return kind;
    }
    this.nextLt = -1;
    this.stoppedAt = -1;
    return NO_TAG;
  }
}

/**
 * Cells and merged ranges of one worksheet. The scan reads each `<row>` and each cell with a value; cells that only
 * carry a style (`<c r="B5" s="3"/>`, most of a form's cells) are stepped over without reading their attributes.
 * Their column only matters to a following cell written without `r` (rare producers): it is worked out then, by
 * reading the skipped tags since the last cell whose column is known. So a bad `r` on a style-only cell is an error
 * only when such a cell depends on it; on a cell with a value it always is.
 */
export function parseWorksheet(xml: ByteXml, sheetName: string, st: SheetState): Omit<Sheet, 'name' | 'state'> {
  const { ctx, sst, dateStyles } = st;
  const text = xml.text;
  const p = rootPrefix(text);
  const rows = new Map<number, Map<number, Cell>>();
  const merges: Sheet['merges'] = [];
  let maxRow = 0;
  let maxCol = 0;
  const where = (r: number, c: number): string => `ô ${cellRef(r, c)} của trang “${sheetName}”`;
  const bad = (detail: string): XlsxReadError => fail(ctx, 'corrupt', detail);

  // The sheet data runs from <sheetData> to the last </sheetData>. The scan below stops at the first one, and only
  // the rest of the part is searched for a later one (and for merged ranges, which follow the sheet data).
  const closeData = '</' + p + 'sheetData>';
  const sdStart = text.indexOf('<' + p + 'sheetData');
  const tags = new TagScanner(xml, p, text.length, closeData);
  const slice = (start: number, end: number): string => xml.slice(start, end);
  const closeC = '</' + p + 'c>';
  const vTag = p + 'v';
  const fTag = '<' + p + 'f';
  const vOpen = '<' + p + 'v>';
  const vClose = '</' + p + 'v>';
  const vcClose = vClose + closeC;
  const ca: CellAttrs = { src: text, rStart: -1, rEnd: -1, t: undefined, s: 0 };
  let row = 0;
  let col = 0;
  /** Where `col` is known: just after the last row tag or cell read (style-only cells after it were skipped). */
  let colKnownAt = sdStart;
  let rowMap: Map<number, Cell> | undefined;
  let rowMapRow = -1;
  /** The highest column in rowMap when all its cells were set here in one run (Infinity when not known). */
  let rowMapLast = 0;

  // <mergeCell> tags after the last </sheetData> (anywhere when there is none).
  const mOpen = '<' + p + 'mergeCell';
  let mergeTags: number[] = [];
  const mergeTagsFrom = (from: number): number[] => {
    const at: number[] = [];
    for (let i = text.indexOf(mOpen, from); i >= 0; i = text.indexOf(mOpen, i + mOpen.length)) at.push(i);
    return at;
  };
  // With the only </sheetData> before <sheetData> (a broken part) there is no sheet data, and merged ranges count
  // from there; without any </sheetData>, from the start.
  const closeBefore = sdStart > 0 && text.substring(0, sdStart).includes(closeData) ? text.lastIndexOf(closeData, sdStart) : -1;
  const noData = closeBefore >= 0 && text.lastIndexOf(closeData) === closeBefore;
  let pos = noData ? -1 : sdStart;
  let last = -1;
  // The part may end with the same bytes as an earlier return's sheet of this name, from a row on after which that
  // sheet had no cell with a value (see SheetTail): then the scan stops at that row and takes its merged ranges.
  const tailKey = sheetName + '\n' + p;
  const bytes = xml.bytes;
  const reuse = pos < 0 ? undefined : tailLike(tailKey, bytes, sdStart);
  const reuseAt = reuse ? bytes.length - reuse.bytes.length : -1;
  /** Where this part's own tail would start: the first row tag after the last cell read, when it gives its number. */
  let tailRow = -1;
  let firstStop = -1;
  let dataEnd: SheetTail | undefined;
  // The rows and cells up to the first </sheetData>; then once over the rest of the part for a later </sheetData>
  // (never written by real producers: the cells up to it are sheet data too) and the merged ranges.
  while (pos >= 0) {
    for (let kind = tags.next(pos); kind !== NO_TAG; kind = tags.next(pos)) {
      if (reuseAt >= 0 && last < 0 && tags.start >= reuseAt) {
        // The first tag at or after the shared tail's start: the same row tag the earlier sheet read there, and
        // nothing of this part ran over it, so the rest reads as it did there (rows only, then the merged ranges).
        if (tags.start === reuseAt && kind === ROW_TAG) return reused(reuse as SheetTail, rows, maxRow, maxCol);
      }
      pos = tags.end;
      if (kind === ROW_TAG) {
        let n = rowNumber(text, tags.attrStart, tags.attrEnd);
        let numbered = true;
        if (n === undefined) {
          const m = ROW_NUMBER.exec(slice(tags.attrStart, tags.attrEnd));
          n = numberOrNext(m, row);
          numbered = m !== null;
        }
        // A tail starts at a row tag with its own number; one numbered from the row before ends any tail so far.
        if (!numbered) tailRow = -1;
        else if (tailRow < 0) tailRow = tags.start;
        row = n;
        if (row < 1 || row > MAX_ROW) throw bad(`số hàng ${row} của trang “${sheetName}” không hợp lệ`);
        col = 0;
        colKnownAt = pos;
        // From the first row on, style-only cells are skipped (one before any row is read: it moves the row to 1).
        tags.skipStyleOnly = true;
        continue;
      }
      tailRow = -1;
      cellAttrs(text, tags.attrStart, tags.attrEnd, ca, slice);
      const { t, s } = ca;
      let r = row;
      if (ca.rStart >= 0) {
        const rc = refAt(text, ca.rStart, ca.rEnd);
        if (rc < 0) throw badRef(ctx, sheetName, slice(ca.rStart, ca.rEnd));
        r = rowOf(rc);
        col = colOf(rc);
      } else {
        col = colKnownAt < tags.start ? columnBefore(xml, p, col, colKnownAt, tags.start, ctx, sheetName) + 1 : col + 1;
        if (r < 1) r = row = 1;
        if (col > MAX_COL) throw tooManyColumns(ctx, sheetName);
      }
      colKnownAt = pos;
      if (tags.selfClosing) continue; // style only
      const innerStart = pos;
      // Most cells are just <v>…</v>: then the first '<' after the value starts "</v></c>".
      const vStart = innerStart + vOpen.length;
      const vEnd = isAt(text, innerStart, vOpen) ? text.indexOf('<', vStart) : -1;
      const onlyV = vEnd >= 0 && isAt(text, vEnd, vcClose);
      const innerEnd = onlyV ? vEnd + vClose.length : text.indexOf(closeC, innerStart);
      if (innerEnd < 0) throw bad(`${where(r, col)} không hoàn chỉnh`);
      pos = colKnownAt = innerEnd + closeC.length;

      let v: CellValue | null;
      let formula = false;
      let error: string | undefined;
      let date = false;
      const n = onlyV ? digitsAt(text, vStart, vEnd) : -1;
      if (n >= 0 && t === 's') {
        // A shared string's index or a whole number, read without taking any text out.
        const str = sst[n];
        if (str === undefined) throw bad(`${where(r, col)} trỏ tới chuỗi không tồn tại`);
        v = str;
      } else if (n >= 0 && t === undefined) {
        v = n;
        date = dateStyles[s] === true;
      } else {
        let raw: string | null;
        let inner: string | undefined;
        if (onlyV) {
          raw = slice(vStart, vEnd);
        } else {
          inner = slice(innerStart, innerEnd);
          const fi = inner.indexOf(fTag);
          if (fi >= 0) {
            const c = inner.charCodeAt(fi + fTag.length);
            formula = c === 62 || c === 47 || isSpace(c);
          }
          raw = childText(inner, vTag);
        }
        otherValue(raw, inner, t, s, p, sst, dateStyles);
        if (other.missing) throw bad(`${where(r, col)} trỏ tới chuỗi không tồn tại`);
        v = other.v;
        error = other.error;
        date = other.date;
      }
      if (v === null && !formula && error === undefined) continue;
      const cell: Cell = { v };
      if (formula) cell.formula = true;
      if (date) cell.date = true;
      if (error !== undefined) cell.error = error;
      if (r !== rowMapRow) {
        rowMap = rows.get(r);
        rowMapLast = rowMap ? Infinity : 0;
        if (!rowMap) rows.set(r, (rowMap = new Map()));
        rowMapRow = r;
      }
      const map = rowMap as Map<number, Cell>;
      // Cells come left to right, so a column past the last one set is new without asking the map.
      const isNew = col > rowMapLast || !map.has(col);
      if (col > rowMapLast) rowMapLast = col;
      if (isNew && ++st.cells > ctx.limits.maxCells) {
        throw fail(ctx, 'too-large', `có quá nhiều ô dữ liệu (hơn ${num(ctx.limits.maxCells)} ô)`);
      }
      map.set(col, cell);
      if (r > maxRow) maxRow = r;
      if (col > maxCol) maxCol = col;
    }
    const stop = tags.stoppedAt;
    if (stop < 0) break;
    if (last < 0) firstStop = stop;
    // From its first </sheetData> on, a part usually ends like the last one read of this name (data validations,
    // page set-up, merged ranges of a form): then that one's merged ranges are taken, and it had no later </sheetData>.
    if (last < 0 && (dataEnd = endLike(dataEnds.get(tailKey), bytes, stop)) !== undefined) last = stop;
    if (last < 0) last = lastClose(text, stop, closeData, mOpen, mergeTags);
    pos = stop < last ? stop + 1 : -1;
  }
  if (last < 0) mergeTags = mergeTagsFrom(noData ? closeBefore : 0);

  if (dataEnd) sheetTailReuse.dataEnds++;
  for (const m of dataEnd ? dataEnd.merges : []) merges.push(copyMerge(m));
  readMerges(xml, p, mergeTags, merges, ctx, sheetName);
  for (const m of merges) {
    if (m.bottom > maxRow) maxRow = m.bottom;
    if (m.right > maxCol) maxCol = m.right;
  }
  if (tailRow >= 0 && last > tailRow) keepTail(tailKey, bytes, tailRow, merges);
  if (!dataEnd && firstStop >= 0 && firstStop === last) keepDataEnd(tailKey, bytes, firstStop, merges);
  return { rows, merges, maxRow, maxCol };
}

/**
 * The end of a worksheet part, from a row tag on, after which the sheet had no cell with a value and every row tag
 * gave its own number; then one </sheetData> and the merged ranges after it. Another part that ends with the same
 * bytes reads the same from there: the scan finds only row tags (each numbered as written, so valid as before), no
 * cell, the same </sheetData> and merged ranges; what came before cannot change that, as long as the scan arrives
 * at that row tag (no cell ran over it). Returns of one province fill the same forms, whose long lists end in the
 * same empty formatted rows, so most parts end like the one read before.
 */
interface SheetTail {
  bytes: Buffer;
  merges: Sheet['merges'];
}
/** Per sheet name and prefix: the shortest tail seen, and the latest. */
const sheetTails = new Map<string, SheetTail[]>();
/** All kept tails together stay under this (real ones are a few tens of KB each); past it they are all forgotten. */
const MAX_TAILS_BYTES = 8 << 20;
let tailsBytes = 0;
/** How often a tail was reused, and an end from </sheetData> on (tests read them). */
export const sheetTailReuse = { count: 0, dataEnds: 0 };
/** Forgets every kept tail (tests). */
export function forgetSheetTails(): void {
  sheetTails.clear();
  dataEnds.clear();
  tailsBytes = 0;
}

/**
 * The bytes of parts from their only </sheetData> on, and their merged ranges, per sheet name and prefix: the last
 * one read. A part that is the same from its first </sheetData> on finds no later one there and the same merged ranges.
 */
const dataEnds = new Map<string, SheetTail>();

/** `kept` when bytes from `from` on are its bytes. */
function endLike(kept: SheetTail | undefined, bytes: Buffer, from: number): SheetTail | undefined {
  const n = kept ? kept.bytes.length : -1;
  return kept && bytes.length - from === n && bytes.compare(kept.bytes, 0, n, from) === 0 ? kept : undefined;
}

/** A copy of bytes from `from` on with the merged ranges, within the bound on all kept bytes (else null). */
function tailOf(bytes: Buffer, from: number, merges: Sheet['merges']): SheetTail | null {
  const size = bytes.length - from;
  if (size > MAX_TAILS_BYTES / 4) return null;
  if (tailsBytes + size > MAX_TAILS_BYTES) forgetSheetTails();
  tailsBytes += size;
  return { bytes: Buffer.from(bytes.subarray(from)), merges: merges.map(copyMerge) };
}

function keepDataEnd(key: string, bytes: Buffer, from: number, merges: Sheet['merges']): void {
  const tail = tailOf(bytes, from, merges);
  if (!tail) return;
  const old = dataEnds.get(key);
  if (old) tailsBytes -= old.bytes.length;
  dataEnds.set(key, tail);
}

function keepTail(key: string, bytes: Buffer, from: number, merges: Sheet['merges']): void {
  const tail = tailOf(bytes, from, merges);
  if (!tail) return;
  const size = tail.bytes.length;
  const kept = sheetTails.get(key) ?? [];
  const next = kept.length === 0 || size < kept[0].bytes.length ? [tail] : [kept[0], tail];
  for (const t of kept) if (!next.includes(t)) tailsBytes -= t.bytes.length;
  sheetTails.set(key, next);
}

function reused(tail: SheetTail, rows: Sheet['rows'], maxRow: number, maxCol: number): Omit<Sheet, 'name' | 'state'> {
  sheetTailReuse.count++;
  const merges = tail.merges.map(copyMerge);
  for (const m of merges) {
    if (m.bottom > maxRow) maxRow = m.bottom;
    if (m.right > maxCol) maxCol = m.right;
  }
  return { rows, merges, maxRow, maxCol };
}

const badRef = (ctx: Ctx, sheetName: string, ref: string): XlsxReadError =>
  fail(ctx, 'corrupt', `địa chỉ ô “${ref}” của trang “${sheetName}” không hợp lệ`);
const tooManyColumns = (ctx: Ctx, sheetName: string): XlsxReadError => fail(ctx, 'corrupt', `trang “${sheetName}” có quá nhiều cột`);

/**
 * The column of the last cell before `end`: `col` (known at colKnownAt), moved on over the style-only cells skipped
 * since. Only style-only cells lie there: every row tag and every other cell was read where it stood.
 */
function columnBefore(xml: ByteXml, p: string, col: number, colKnownAt: number, end: number, ctx: Ctx, sheetName: string): number {
  const text = xml.text;
  const skipped = new TagScanner(xml, p, end, null);
  const a: CellAttrs = { src: text, rStart: -1, rEnd: -1, t: undefined, s: 0 };
  const slice = (start: number, stop: number): string => xml.slice(start, stop);
  let c = col;
  for (let kind = skipped.next(colKnownAt); kind !== NO_TAG; kind = skipped.next(skipped.end)) {
    cellAttrs(text, skipped.attrStart, skipped.attrEnd, a, slice);
    if (a.rStart < 0) {
      if (++c > MAX_COL) throw tooManyColumns(ctx, sheetName);
    } else {
      const rc = refAt(text, a.rStart, a.rEnd);
      if (rc < 0) throw badRef(ctx, sheetName, slice(a.rStart, a.rEnd));
      c = colOf(rc);
    }
  }
  return c;
}

/** The last </sheetData> from the first one (at stop) on; the <mergeCell> tags after it go into mergeTags. */
function lastClose(text: string, stop: number, closeData: string, mOpen: string, mergeTags: number[]): number {
  let last = stop;
  for (let i = text.indexOf('<', stop + 1); i >= 0; i = text.indexOf('<', i + 1)) {
    if (text.charCodeAt(i + 1) === 47) {
      if (isAt(text, i, closeData)) {
        last = i;
        mergeTags.length = 0;
      }
    } else if (isAt(text, i, mOpen)) mergeTags.push(i);
  }
  return last;
}

/** The merged ranges of the <mergeCell> tags at mergeTags, added to merges. */
function readMerges(xml: ByteXml, p: string, mergeTags: number[], merges: Sheet['merges'], ctx: Ctx, sheetName: string): void {
  const text = xml.text;
  const slice = (start: number, end: number): string => xml.slice(start, end);
  // Each <mergeCell> tag ends before the next '<', so only that stretch is decoded (the rest after sheetData, such
  // as data validations with Vietnamese messages, is never decoded).
  const mre = mergeCellRe(p);
  for (const i of mergeTags) {
    const next = text.indexOf('<', i + 1);
    const m = mre.exec(slice(i, next < 0 ? text.length : next));
    if (!m) continue;
    const ref = attrs(m[1]).get('ref') ?? '';
    const colon = ref.indexOf(':');
    const from = refAt(ref, 0, colon < 0 ? ref.length : colon);
    const to = colon < 0 ? from : refAt(ref, colon + 1, nextColon(ref, colon + 1));
    if (from < 0 || to < 0) throw fail(ctx, 'corrupt', `vùng gộp ô “${ref}” của trang “${sheetName}” không hợp lệ`);
    const merge = {
      top: Math.min(rowOf(from), rowOf(to)),
      left: Math.min(colOf(from), colOf(to)),
      bottom: Math.max(rowOf(from), rowOf(to)),
      right: Math.max(colOf(from), colOf(to)),
    };
    merges.push(merge);
  }
}

/**
 * A copy of a merged range built like readMerges builds them (not with a spread, which makes another hidden class):
 * every merged range of every sheet then has one shape, and code reading them is not compiled again for a second.
 */
function copyMerge(m: Sheet['merges'][number]): Sheet['merges'][number] {
  return { top: m.top, left: m.left, bottom: m.bottom, right: m.right };
}

/** The kept tail of this name that this part ends with, after its <sheetData>. */
function tailLike(key: string, bytes: Buffer, sdStart: number): SheetTail | undefined {
  for (const tail of sheetTails.get(key) ?? []) {
    const from = bytes.length - tail.bytes.length;
    if (from > sdStart && bytes.compare(tail.bytes, 0, tail.bytes.length, from) === 0) return tail;
  }
  return undefined;
}

/** Where the part of ref that starts at i ends: at the next ':' (ref.split(':') keeps only the first two parts). */
const nextColon = (ref: string, i: number): number => {
  const c = ref.indexOf(':', i);
  return c < 0 ? ref.length : c;
};

/** What otherValue read (one object, reused: the worksheet loop reads it at once). */
const other: { v: CellValue | null; error: string | undefined; date: boolean; missing: boolean } = {
  v: null,
  error: undefined,
  date: false,
  missing: false,
};
/**
 * The value of a cell that is not just <v>digits</v> of a number or a shared string: by its type t, from the text of
 * its <v> (raw) or, for inline strings, its inner markup. Kept out of the worksheet loop, which stays small.
 */
function otherValue(
  raw: string | null,
  inner: string | undefined,
  t: string | undefined,
  s: number,
  p: string,
  sst: string[],
  dateStyles: boolean[],
): void {
  other.v = null;
  other.error = undefined;
  other.date = false;
  other.missing = false;
  switch (t) {
    case 's': {
      if (raw === null || raw.trim() === '') break;
      const str = sst[Number(raw)];
      if (str === undefined) other.missing = true;
      else other.v = str;
      break;
    }
    case 'inlineStr': {
      const is = inner === undefined ? null : childText(inner, p + 'is');
      other.v = is !== null ? richText(is, p) : raw !== null ? xmlText(raw) : null;
      break;
    }
    case 'str':
    case 'd':
      other.v = raw === null ? null : xmlText(raw);
      break;
    case 'b':
      if (raw !== null && raw.trim() !== '') other.v = raw.trim() === '1' || raw.trim() === 'true';
      break;
    case 'e':
      if (raw !== null && raw.trim() !== '') other.error = xmlText(raw.trim());
      break;
    default: {
      if (raw === null || raw === '') break;
      const n = Number(raw); // ignores surrounding whitespace; "" and "  " give 0
      if (n === 0 && raw.trim() === '') break;
      if (Number.isNaN(n)) other.v = xmlText(raw.trim());
      else {
        other.v = n;
        other.date = dateStyles[s] === true;
      }
    }
  }
}

const mergeCellRes = new Map<string, RegExp>();
/** `<p:mergeCell …>` at the start of a string; group 1 is its attribute text. */
function mergeCellRe(p: string): RegExp {
  let re = mergeCellRes.get(p);
  if (!re) mergeCellRes.set(p, (re = new RegExp(`^<${p.replace(/\./g, '\\.')}mergeCell${ATTRS}`)));
  return re;
}
