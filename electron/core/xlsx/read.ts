/**
 * Reads the .xlsx files that units send in (and .ods, through ./ods.ts): every value of every worksheet, without
 * evaluating anything.
 *
 * The files come from other offices on USB sticks and chat apps, so they are untrusted. Everything that can be
 * refused is refused before anything big is inflated: the size of the file, the kind of file (legacy .xls,
 * password-protected, Word, not a zip at all), the zip's own central directory (entry count, declared sizes,
 * compression ratio), then each part's inflated size is capped at what the directory declared. XML parts with a
 * DOCTYPE or ENTITY declaration are refused, and only the five predefined entities and numeric references are
 * expanded. Parsing is a hand-written scanner over the decoded text (no DOM), the approach docs/perf.md measures
 * as "floor-regex" (several times faster than exceljs or SheetJS on these files). Each part is decoded whole, so
 * Vietnamese text is never split mid-character, and every scan moves forward only, so hostile XML stays linear.
 */
import { Buffer } from 'node:buffer';
import { type Sheet, type Workbook } from './cells';
import { CFB_SIGNATURE, cfbKind } from './cfb';
import {
  ASK_RIGHT_FILE,
  type Ctx,
  DEFAULT_LIMITS,
  fail,
  mb,
  num,
  RATIO_FLOOR_BYTES,
  type ReadLimits,
  RESAVE,
  XlsxReadError,
} from './errors';
import {
  parseRels,
  parseSharedStrings,
  parseStyles,
  parseWorkbook,
  parseWorksheet,
  type Rel,
  type SheetState,
} from './parts';
import { parseOds } from './ods';
import { ByteXml, xmlPart } from './xml';
import { inflateEntry, readCentralDirectory, storedBytes, type ZipEntry } from './zip';

export {
  type Cell,
  type CellValue,
  type Sheet,
  type Workbook,
  cellRef,
  colName,
  getCell,
  mergedValue,
  packCell,
  parseRef,
} from './cells';
export { DEFAULT_LIMITS, RATIO_FLOOR_BYTES, type ReadErrorCode, type ReadLimits, XlsxReadError } from './errors';
export { isDateFormat } from './parts';
export { nfc } from './xml';

const latin1 = new TextDecoder('latin1');
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
/** Serial day 0 of the 1904 date system is serial day 1462 of the 1900 system. */
const DAYS_1900_TO_1904 = 1462;

// ---------------------------------------------------------------------------------------------------------------
// Entry point

/**
 * Reads every worksheet of an .xlsx file. Throws XlsxReadError (with a Vietnamese message naming `fileName`) for
 * anything that is not a readable, safe workbook. Formulas are never evaluated; external links are never followed.
 */
export function readXlsx(bytes: Uint8Array, fileName: string, limits?: Partial<ReadLimits>): Workbook {
  const ctx: Ctx = { file: fileName, limits: { ...DEFAULT_LIMITS } };
  for (const [k, v] of Object.entries(limits ?? {}) as [keyof ReadLimits, number | undefined][]) {
    if (typeof v === 'number' && !Number.isNaN(v)) ctx.limits[k] = v;
  }
  if (bytes.length === 0) throw fail(ctx, 'empty');
  if (bytes.length > ctx.limits.maxFileBytes) {
    throw fail(ctx, 'too-large', `quá lớn (${mb(bytes.length)}; tối đa ${mb(ctx.limits.maxFileBytes)})`);
  }
  if (startsWith(bytes, CFB_SIGNATURE)) throw fail(ctx, cfbKind(bytes));
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && !startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    throw fail(ctx, 'not-zip', notZipHint(bytes));
  }
  try {
    return readPackage(bytes, ctx);
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    throw fail(ctx, 'corrupt', 'nội dung không đọc được', e);
  }
}

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** Other things units send with an .xlsx name, so the message can say what the file really is. */
function notZipHint(b: Uint8Array): string {
  const head = latin1.decode(b.subarray(0, 512)).replace(/^\uFEFF|^ï»¿/, '').trimStart();
  if (head.startsWith('%PDF')) return ' mà là tệp PDF đổi đuôi';
  if (/^<\?xml[^>]*>\s*(<\?mso-application[^>]*>\s*)?<(ss:)?Workbook/i.test(head)) return ' mà là bảng tính XML 2003';
  if (head.startsWith('<')) return ' mà là trang HTML/XML đổi đuôi';
  if (startsWith(b, [0x52, 0x61, 0x72, 0x21])) return ' mà là tệp nén RAR';
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// Package: which parts, checked before inflating, then parsed

interface Part {
  path: string;
  entry: ZipEntry;
}

function readPackage(b: Uint8Array, ctx: Ctx): Workbook {
  const entries = readCentralDirectory(b, ctx);
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) {
    let key = e.name;
    if (key.includes('\\')) key = key.replace(/\\/g, '/');
    if (key.startsWith('/')) key = key.replace(/^\/+/, '');
    key = key.toLowerCase();
    if (!byName.has(key)) byName.set(key, e);
  }
  const find = (path: string): ZipEntry | undefined => byName.get(path.toLowerCase());
  const wbEntry = find('xl/workbook.xml');
  const odsContent = find('content.xml');
  const mimetype = find('mimetype');
  const mime = mimetype && mimetype.size < 200 ? latin1.decode(inflateEntry(b, mimetype, ctx)).trim() : '';
  if (!wbEntry && odsContent && mime === ODS_MIMETYPE) {
    const meta = find('meta.xml');
    const parts: Part[] = [{ path: 'content.xml', entry: odsContent }, ...(meta ? [{ path: 'meta.xml', entry: meta }] : [])];
    checkSizes(parts, ctx);
    return parseOds(xmlPart(inflateEntry(b, odsContent, ctx), 'content.xml', ctx), meta ? xmlPart(inflateEntry(b, meta, ctx), 'meta.xml', ctx) : null, ctx);
  }
  if (!wbEntry) {
    if (find('word/document.xml')) throw fail(ctx, 'docx');
    throw fail(ctx, 'not-xlsx', notXlsxHint(find, ctx.file, mime));
  }

  let budget = ctx.limits.maxUncompressedBytes;
  const take = (parts: Part[]): void => {
    budget = checkSizes(parts, ctx, budget);
  };
  const relsEntry = find('xl/_rels/workbook.xml.rels');
  const head: Part[] = [{ path: 'xl/workbook.xml', entry: wbEntry }];
  if (relsEntry) head.push({ path: 'xl/_rels/workbook.xml.rels', entry: relsEntry });
  take(head);
  const text = (p: Part): string => xmlPart(inflateEntry(b, p.entry, ctx), p.path, ctx);

  // The workbook, its relationships and the styles come the same in every return made from one template.
  const wb = sameInEveryReturn(b, head[0], ctx, (xml) => parseWorkbook(xml, ctx));
  const rels = relsEntry ? sameInEveryReturn(b, head[1], ctx, parseRels) : new Map<string, Rel>();
  const relOfType = (suffix: string, fallback: string): string =>
    [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback;

  // Without a rels part (never seen from real producers) fall back to the conventional sheet paths.
  const sheetPaths = wb.sheets.map((s, i) => {
    if (!relsEntry) return `xl/worksheets/sheet${i + 1}.xml`;
    const rel = s.rid === undefined ? undefined : rels.get(s.rid);
    if (!rel) throw fail(ctx, 'corrupt', `không tìm thấy nội dung của trang “${s.name}”`);
    return rel.type.endsWith('/worksheet') ? rel.target : null;
  });
  const sheetParts = new Map<string, Part>();
  for (const path of sheetPaths) {
    if (path === null || sheetParts.has(path)) continue;
    const entry = find(path);
    if (!entry) throw fail(ctx, 'corrupt', `thiếu trang tính ${path}`);
    sheetParts.set(path, { path, entry });
  }
  const optional = (path: string): Part | undefined => {
    const entry = find(path);
    return entry && { path, entry };
  };
  const sstPart = optional(relOfType('/sharedStrings', 'xl/sharedStrings.xml'));
  const stylesPart = optional(relOfType('/styles', 'xl/styles.xml'));
  const corePart = optional('docProps/core.xml');
  take([...sheetParts.values(), ...(sstPart ? [sstPart] : []), ...(stylesPart ? [stylesPart] : []), ...(corePart ? [corePart] : [])]);

  const sst = sstPart ? parseSharedStrings(text(sstPart), ctx) : [];
  const dateStyles = stylesPart ? sameInEveryReturn(b, stylesPart, ctx, parseStyles) : [];
  const state: SheetState = { ctx, sst, dateStyles, cells: 0 };
  const parsed = new Map<string, Omit<Sheet, 'name' | 'state'>>();
  const sheets: Sheet[] = [];
  wb.sheets.forEach((s, i) => {
    const path = sheetPaths[i];
    if (path === null) return;
    let data = parsed.get(path);
    if (!data) {
      const part = sheetParts.get(path) as Part;
      data = parseWorksheet(ByteXml.of(inflateEntry(b, part.entry, ctx), part.path, ctx), s.name, state);
      parsed.set(path, data);
    }
    sheets.push({ name: s.name, state: s.state, ...data });
  });
  // Dates of a 1904-system workbook (some Mac files) count from 1904-01-01: shifted here, every serial downstream
  // is of the 1900 system and no date comes out 1,462 days early.
  if (wb.date1904)
    for (const sheet of sheets)
      for (const row of sheet.rows.values())
        for (const cell of row.values()) if (cell.date && typeof cell.v === 'number') cell.v += DAYS_1900_TO_1904;
  const savedAt = corePart ? modifiedOf(text(corePart)) : null;
  return { sheets, ...(wb.date1904 ? { date1904: true } : {}), ...(savedAt ? { savedAt } : {}) };
}

/**
 * Parts that come byte for byte the same in many files (a template's workbook, relationships and styles) are
 * inflated and parsed once: a part whose stored bytes, compression method, CRC and size equal those of one parsed
 * before gives the very same text, so the same result, without inflating it again. Only parts that were read
 * without error are kept (a refusal is made again each time, with its own file name), and callers never change the
 * results. At most SAME_PARTS of them, for the last files read.
 */
const SAME_PARTS = 64;
const sameParts = new Map<string, { stored: Uint8Array; value: unknown }>();
function sameInEveryReturn<T>(b: Uint8Array, part: Part, ctx: Ctx, parse: (xml: string) => T): T {
  const { entry, path } = part;
  const stored = storedBytes(b, entry, ctx);
  const key = `${path}\n${entry.method}\n${entry.crc}\n${entry.size}`;
  const seen = sameParts.get(key);
  if (seen && Buffer.compare(seen.stored, stored) === 0) return seen.value as T;
  const value = parse(xmlPart(inflateEntry(b, entry, ctx), path, ctx));
  if (sameParts.size >= SAME_PARTS) sameParts.clear();
  sameParts.set(key, { stored: stored.slice(), value });
  return value;
}

/** dcterms:modified of the core properties, as an ISO timestamp, or null when absent or not a date. */
function modifiedOf(xml: string): string | null {
  const m = /<dcterms:modified\b[^>]*>([^<]{10,40})<\/dcterms:modified>/.exec(xml);
  const t = m ? Date.parse(m[1].trim()) : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** Refuses parts whose declared sizes or ratios are too large, before inflating; returns the budget left. */
function checkSizes(parts: Part[], ctx: Ctx, budget = ctx.limits.maxUncompressedBytes): number {
  for (const { path, entry } of parts) {
    if (entry.size > RATIO_FLOOR_BYTES && entry.size > entry.compSize * ctx.limits.maxRatio) {
      const ratio = entry.compSize === 0 ? '∞' : num(entry.size / entry.compSize);
      throw fail(ctx, 'zip-bomb', `phần ${path} nén với tỉ lệ ${ratio}:1, tối đa ${num(ctx.limits.maxRatio)}:1`);
    }
    budget -= entry.size;
  }
  if (budget < 0) throw fail(ctx, 'zip-bomb', `dung lượng sau giải nén vượt quá ${mb(ctx.limits.maxUncompressedBytes)}`);
  return budget;
}

function notXlsxHint(find: (path: string) => ZipEntry | undefined, fileName: string, mime: string): string {
  const renamed = (what: string) => (new RegExp(`\\.${what}$`, 'i').test(fileName) ? '' : ' đổi đuôi thành .xlsx');
  if (find('xl/workbook.bin')) {
    return `là sổ làm việc nhị phân Excel (.xlsb), ứng dụng chỉ đọc .xlsx. Hãy mở tệp bằng Excel, ${RESAVE} rồi nhập lại`;
  }
  if (find('ppt/presentation.xml')) return `là bản trình chiếu PowerPoint (.pptx)${renamed('pptx')}. ${ASK_RIGHT_FILE}`;
  if (find('content.xml') && mime.startsWith('application/vnd.oasis.opendocument.text')) {
    return `là văn bản OpenDocument (.odt)${renamed('odt')}, không phải bảng tính. ${ASK_RIGHT_FILE}`;
  }
  if (find('content.xml') && find('mimetype')) return `là tài liệu OpenDocument nhưng không phải bảng tính. ${ASK_RIGHT_FILE}`;
  return '';
}
