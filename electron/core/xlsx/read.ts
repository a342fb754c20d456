/**
 * Reads the .xlsx files that units send in: every value of every worksheet, without evaluating anything.
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
import { crc32 } from 'node:zlib';
import { Inflate, inflateSync } from 'fflate';

export type CellValue = string | number | boolean;
export interface Cell {
  /** The value: shared/inline/rich strings joined as text, numbers as JS numbers, booleans; for a formula the cached value; null when the cell has no value (e.g. a formula with no cached result, or only a style). */
  v: CellValue | null;
  /** The cell holds a formula (its cached value, if any, is in v; formulas are never evaluated). */
  formula?: boolean;
  /** The number is formatted as a date/time by its style (built-in date numFmt ids 14–22, 45–47 or a custom format code containing d/m/y/h/s outside quotes and brackets). */
  date?: boolean;
  /** Error value like "#DIV/0!" (then v is null). */
  error?: string;
}
export interface Sheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** rows.get(row)?.get(col), both 1-based. Cells with neither a value, a formula nor an error are left out. */
  rows: Map<number, Map<number, Cell>>;
  /** Merged ranges, 1-based inclusive. */
  merges: { top: number; left: number; bottom: number; right: number }[];
  /** The last row and column holding a cell or covered by a merged range; 0 for an empty sheet. */
  maxRow: number;
  maxCol: number;
}
export interface Workbook {
  /** Worksheets in tab order (chart sheets and macro sheets are left out). */
  sheets: Sheet[];
  /** Dates are counted from 1904-01-01 (some Mac files) instead of 1899-12-30. */
  date1904?: boolean;
}
export type ReadErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-zip'
  | 'truncated'
  | 'encrypted'
  | 'xls'
  | 'docx'
  | 'not-xlsx'
  | 'zip-bomb'
  | 'unsafe-xml'
  | 'corrupt';

/** A file that cannot be read; `message` is Vietnamese, names the file and says what to do. */
export class XlsxReadError extends Error {
  constructor(
    readonly code: ReadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XlsxReadError';
  }
}

export interface ReadLimits {
  maxFileBytes: number;
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of the parts that are read (workbook, rels, strings, styles, sheets). */
  maxUncompressedBytes: number;
  /** Uncompressed/compressed, checked for parts larger than RATIO_FLOOR_BYTES uncompressed. */
  maxRatio: number;
  maxCells: number;
}
const MB = 1024 * 1024;
export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxFileBytes: 20 * MB,
  maxEntries: 2000,
  maxUncompressedBytes: 100 * MB,
  maxRatio: 200,
  maxCells: 2_000_000,
});
/** Small parts may compress very well (a sheet of empty styled cells); only large ones are held to maxRatio. */
export const RATIO_FLOOR_BYTES = 1 * MB;
/** Parts are decoded whole, never in chunks, so no character is split; invalid UTF-8 is an error, not U+FFFD. */
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
/** Excel's own grid limits. */
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

// ---------------------------------------------------------------------------------------------------------------
// Helpers for callers

export function getCell(sheet: Sheet, row: number, col: number): Cell | undefined {
  return sheet.rows.get(row)?.get(col);
}

/** Value of the cell, or of the top-left cell of the merged range that covers it. */
export function mergedValue(sheet: Sheet, row: number, col: number): CellValue | null {
  for (const m of sheet.merges) {
    if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right) {
      return getCell(sheet, m.top, m.left)?.v ?? null;
    }
  }
  return getCell(sheet, row, col)?.v ?? null;
}

/** 1 -> "A", 28 -> "AB". */
export function colName(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`Số cột không hợp lệ: ${col}.`);
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** (5, 3) -> "C5". */
export function cellRef(row: number, col: number): string {
  if (!Number.isInteger(row) || row < 1) throw new RangeError(`Số hàng không hợp lệ: ${row}.`);
  return colName(col) + row;
}

/** "AB12" (also "$AB$12", "ab12") -> { row: 12, col: 28 }. */
export function parseRef(ref: string): { row: number; col: number } {
  const p = refToRowCol(ref);
  if (!p) throw new RangeError(`Địa chỉ ô “${ref}” không hợp lệ.`);
  return p;
}

/** Parses a cell reference without allocating; null when it is not one. */
function refToRowCol(ref: string): { row: number; col: number } | null {
  let i = 0;
  const n = ref.length;
  if (ref.charCodeAt(i) === 36) i++;
  let col = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i) | 32; // lower-case letters
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  if (ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digits = i;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + (c - 48);
  }
  if (col < 1 || col > MAX_COL || i === digits || row < 1 || row > MAX_ROW) return null;
  return { row, col };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

function num(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
function mb(bytes: number): string {
  const v = bytes / MB;
  return `${Number.isInteger(v) ? v : v.toFixed(1).replace('.', ',')} MB`;
}

const RESAVE = 'lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)”';
const ASK_RIGHT_FILE = 'Hãy xin đơn vị gửi đúng tệp Excel (.xlsx) của biểu mẫu báo cáo';

function message(code: ReadErrorCode, f: string, detail: string): string {
  const file = `Tệp “${f}”`;
  switch (code) {
    case 'empty':
      return `${file} trống (0 byte). Hãy xin đơn vị gửi lại tệp.`;
    case 'too-large':
      return `${file} ${detail}. Hãy xin đơn vị chỉ giữ các trang tính của biểu mẫu báo cáo, xóa dữ liệu và hình ảnh thừa rồi gửi lại.`;
    case 'xls':
      return `${file} là định dạng Excel 97-2003 (.xls), ứng dụng chỉ đọc .xlsx. Hãy mở tệp bằng Excel hoặc LibreOffice và ${RESAVE} rồi nhập lại.`;
    case 'encrypted':
      return `${file} được đặt mật khẩu nên ứng dụng không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu rồi lưu) rồi gửi lại, hoặc xin đơn vị gửi lại tệp không đặt mật khẩu.`;
    case 'not-zip':
      return `${file} không phải tệp Excel (.xlsx)${detail}. Hãy mở tệp bằng Excel hoặc LibreOffice và ${RESAVE} rồi nhập lại, hoặc xin đơn vị gửi lại đúng tệp Excel.`;
    case 'truncated':
      return `${file} bị thiếu phần cuối (có thể bị cắt ngang khi tải về hoặc sao chép)${detail}. Hãy tải hoặc chép lại tệp, hoặc xin đơn vị gửi lại.`;
    case 'docx':
      return `${file} là văn bản Word (.docx) đổi đuôi thành .xlsx, không phải sổ làm việc Excel. Hãy xin đơn vị gửi đúng tệp Excel của biểu mẫu báo cáo.`;
    case 'not-xlsx':
      return `${file} ${detail || `là tệp nén (ZIP) nhưng không phải sổ làm việc Excel (.xlsx). ${ASK_RIGHT_FILE}`}.`;
    case 'zip-bomb':
      return `${file} có nội dung nén bất thường (${detail}) nên ứng dụng không mở để bảo đảm an toàn; có thể là tệp độc hại. Hãy xin đơn vị kiểm tra và gửi lại tệp.`;
    case 'unsafe-xml':
      return `${file} chứa khai báo DOCTYPE/ENTITY không được phép trong tệp Excel${detail}; có thể là tệp độc hại. Ứng dụng không mở tệp này; hãy xin đơn vị kiểm tra và gửi lại.`;
    case 'corrupt':
      return `${file} bị hỏng (${detail}). Hãy thử mở tệp bằng Excel hoặc LibreOffice: nếu mở được, ${RESAVE} rồi nhập lại; nếu không, hãy xin đơn vị gửi lại.`;
  }
}

interface Ctx {
  file: string;
  limits: ReadLimits;
}
function fail(ctx: Ctx, code: ReadErrorCode, detail = '', cause?: unknown): XlsxReadError {
  return new XlsxReadError(code, message(code, ctx.file, detail), cause === undefined ? undefined : { cause });
}

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
// OLE compound files (.xls and password-protected .xlsx)

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An encrypted .xlsx is an OLE file holding "EncryptionInfo" and "EncryptedPackage"; anything else OLE is .xls-like. */
function cfbKind(b: Uint8Array): 'encrypted' | 'xls' {
  let names: string[] | null;
  try {
    names = cfbNames(b);
  } catch {
    names = null;
  }
  if (names) return names.some((n) => n === 'EncryptedPackage' || n === 'EncryptionInfo') ? 'encrypted' : 'xls';
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  return buf.indexOf(Buffer.from('EncryptedPackage', 'utf16le')) >= 0 ? 'encrypted' : 'xls';
}

/** Names of all directory entries of a compound file (MS-CFB); throws on anything malformed. */
function cfbNames(b: Uint8Array): string[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u32 = (o: number): number => {
    if (o < 0 || o + 4 > b.length) throw new Error('cfb: out of bounds');
    return dv.getUint32(o, true);
  };
  if (b.length < 512) throw new Error('cfb: short');
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) throw new Error('cfb: sector size');
  const ss = 1 << shift;
  const perSector = ss / 4;
  const sectorCount = Math.floor((b.length - ss) / ss) + 1;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = u32(0x4c + i * 4);
    if (s >= 0xfffffffa) break;
    fatSectors.push(s);
  }
  let difat = u32(0x44);
  for (let k = 0; difat < 0xfffffffa; k++) {
    if (k > sectorCount) throw new Error('cfb: DIFAT loop');
    const off = (difat + 1) * ss;
    for (let j = 0; j < perSector - 1; j++) {
      const s = u32(off + j * 4);
      if (s < 0xfffffffa) fatSectors.push(s);
    }
    difat = u32(off + ss - 4);
  }
  const next = (s: number): number => {
    const fs = fatSectors[Math.floor(s / perSector)];
    if (fs === undefined) throw new Error('cfb: FAT');
    return u32((fs + 1) * ss + (s % perSector) * 4);
  };
  const names: string[] = [];
  const utf16 = new TextDecoder('utf-16le');
  let s = u32(0x30);
  for (let k = 0; s < 0xfffffffa; k++) {
    if (k > sectorCount) throw new Error('cfb: directory loop');
    const off = (s + 1) * ss;
    if (off + ss > b.length) throw new Error('cfb: directory out of bounds');
    for (let e = off; e < off + ss; e += 128) {
      const len = dv.getUint16(e + 0x40, true);
      const type = b[e + 0x42];
      if ((type === 1 || type === 2 || type === 5) && len >= 2 && len <= 64) {
        names.push(utf16.decode(b.subarray(e, e + len - 2)));
      }
    }
    s = next(s);
  }
  if (names.length === 0) throw new Error('cfb: no entries');
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// ZIP: our own central directory reader, so every check happens before inflating

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SEARCH = 65_557; // 22-byte record + the longest comment
/** Parts compressed to at most this are inflated in one call; larger ones in chunks so a lie is caught early. */
const ONE_SHOT_MAX = 64 * 1024;
const CHUNK = 16 * 1024;

function readCentralDirectory(b: Uint8Array, ctx: Ctx): ZipEntry[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  const u64 = (o: number): number => {
    const hi = u32(o + 4);
    if (hi > 0x1fffff) throw fail(ctx, 'corrupt', 'kích thước trong tệp nén không hợp lệ');
    return hi * 0x1_0000_0000 + u32(o);
  };
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - EOCD_SEARCH); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail(ctx, 'truncated');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw fail(ctx, 'corrupt', 'tệp nén nhiều phần không được hỗ trợ');
  let count = u16(eocd + 10);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || u32(eocd + 12) === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== 0x07064b50) throw fail(ctx, 'corrupt', 'thiếu thư mục ZIP64');
    const z = u64(loc + 8);
    if (z + 56 > b.length || u32(z) !== 0x06064b50) throw fail(ctx, 'corrupt', 'thư mục ZIP64 không hợp lệ');
    count = u64(z + 32);
    cdOffset = u64(z + 48);
  }
  if (count > ctx.limits.maxEntries) {
    throw fail(ctx, 'zip-bomb', `${num(count)} thành phần, tối đa ${num(ctx.limits.maxEntries)}`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length) throw fail(ctx, 'truncated');
    if (u32(p) !== 0x02014b50) throw fail(ctx, 'corrupt', 'thư mục của tệp nén không hợp lệ');
    const flags = u16(p + 8);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const end = p + 46 + nameLen + extraLen + u16(p + 32);
    if (end > b.length) throw fail(ctx, 'truncated');
    const rawName = b.subarray(p + 46, p + 46 + nameLen);
    const e: ZipEntry = {
      // Part names we look for are ASCII; non-UTF-8 names (CP437) only need to not collide with them.
      name: (flags & 0x800 ? utf8Lenient : latin1).decode(rawName),
      method: u16(p + 10),
      flags,
      crc: u32(p + 16),
      compSize: u32(p + 20),
      size: u32(p + 24),
      localOffset: u32(p + 42),
    };
    if (e.size === 0xffffffff || e.compSize === 0xffffffff || e.localOffset === 0xffffffff) {
      readZip64Extra(e, p + 46 + nameLen, extraLen, u16, u64, ctx);
    }
    entries.push(e);
    p = end;
  }
  return entries;
}

function readZip64Extra(
  e: ZipEntry,
  start: number,
  len: number,
  u16: (o: number) => number,
  u64: (o: number) => number,
  ctx: Ctx,
): void {
  for (let x = start; x + 4 <= start + len; ) {
    const id = u16(x);
    const size = u16(x + 2);
    if (id === 0x0001) {
      let q = x + 4;
      const take = (): number => {
        if (q + 8 > x + 4 + size) throw fail(ctx, 'corrupt', 'thông tin ZIP64 không hợp lệ');
        const v = u64(q);
        q += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = take();
      if (e.compSize === 0xffffffff) e.compSize = take();
      if (e.localOffset === 0xffffffff) e.localOffset = take();
      return;
    }
    x += 4 + size;
  }
  throw fail(ctx, 'corrupt', 'thiếu thông tin ZIP64');
}

class OutputTooLarge extends Error {}

/** Inflates one entry, never producing more than its declared size, and checks its CRC. */
function inflateEntry(b: Uint8Array, e: ZipEntry, ctx: Ctx): Uint8Array {
  const h = e.localOffset;
  if (h + 30 > b.length) throw fail(ctx, 'truncated');
  if (b[h] !== 0x50 || b[h + 1] !== 0x4b || b[h + 2] !== 0x03 || b[h + 3] !== 0x04) {
    throw fail(ctx, 'corrupt', `không tìm thấy phần ${e.name}`);
  }
  if (e.flags & 1) throw fail(ctx, 'encrypted');
  const start = h + 30 + (b[h + 26] | (b[h + 27] << 8)) + (b[h + 28] | (b[h + 29] << 8));
  const end = start + e.compSize;
  if (end > b.length) throw fail(ctx, 'truncated');
  const src = b.subarray(start, end);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.compSize !== e.size) throw fail(ctx, 'corrupt', `kích thước phần ${e.name} không khớp`);
    out = src;
  } else if (e.method === 8) {
    if (e.compSize === 0) throw fail(ctx, 'corrupt', `phần ${e.name} rỗng`);
    try {
      out = e.compSize <= ONE_SHOT_MAX ? inflateOneShot(src, e.size) : inflateChunked(src, e.size);
    } catch (err) {
      if (err instanceof OutputTooLarge) throw fail(ctx, 'zip-bomb', `phần ${e.name} lớn hơn kích thước khai báo`);
      throw fail(ctx, 'corrupt', `không giải nén được phần ${e.name}`, err);
    }
  } else {
    throw fail(ctx, 'corrupt', `phần ${e.name} dùng kiểu nén không được hỗ trợ`);
  }
  if (out.length !== e.size) throw fail(ctx, 'corrupt', `kích thước phần ${e.name} không khớp`);
  if (crc32(out) >>> 0 !== e.crc) throw fail(ctx, 'corrupt', `phần ${e.name} sai mã kiểm tra CRC`);
  return out;
}

function inflateOneShot(src: Uint8Array, size: number): Uint8Array {
  // One spare byte: output that fills it is larger than declared. fflate stops writing at the end of the buffer
  // (stored blocks throw a RangeError instead), so memory stays bounded; the compressed input is ≤ ONE_SHOT_MAX.
  let out: Uint8Array;
  try {
    out = inflateSync(src, { out: new Uint8Array(size + 1) });
  } catch (err) {
    if (err instanceof RangeError) throw new OutputTooLarge();
    throw err;
  }
  if (out.length > size) throw new OutputTooLarge();
  return out;
}

function inflateChunked(src: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let n = 0;
  const inflater = new Inflate((chunk) => {
    if (n + chunk.length > size) throw new OutputTooLarge();
    out.set(chunk, n);
    n += chunk.length;
  });
  for (let i = 0; i < src.length; i += CHUNK) {
    inflater.push(src.subarray(i, i + CHUNK), i + CHUNK >= src.length);
  }
  return out.subarray(0, n);
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
    const key = e.name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
    if (!byName.has(key)) byName.set(key, e);
  }
  const find = (path: string): ZipEntry | undefined => byName.get(path.toLowerCase());
  const wbEntry = find('xl/workbook.xml');
  if (!wbEntry) {
    if (find('word/document.xml')) throw fail(ctx, 'docx');
    throw fail(ctx, 'not-xlsx', notXlsxHint(find));
  }

  let budget = ctx.limits.maxUncompressedBytes;
  const take = (parts: Part[]): void => {
    for (const { path, entry } of parts) {
      if (entry.size > RATIO_FLOOR_BYTES && entry.size > entry.compSize * ctx.limits.maxRatio) {
        const ratio = entry.compSize === 0 ? '∞' : num(entry.size / entry.compSize);
        throw fail(ctx, 'zip-bomb', `phần ${path} nén với tỉ lệ ${ratio}:1, tối đa ${num(ctx.limits.maxRatio)}:1`);
      }
      budget -= entry.size;
    }
    if (budget < 0) {
      throw fail(ctx, 'zip-bomb', `dung lượng sau giải nén vượt quá ${mb(ctx.limits.maxUncompressedBytes)}`);
    }
  };
  const relsEntry = find('xl/_rels/workbook.xml.rels');
  const head: Part[] = [{ path: 'xl/workbook.xml', entry: wbEntry }];
  if (relsEntry) head.push({ path: 'xl/_rels/workbook.xml.rels', entry: relsEntry });
  take(head);
  const text = (p: Part): string => xmlPart(inflateEntry(b, p.entry, ctx), p.path, ctx);

  const wb = parseWorkbook(text(head[0]), ctx);
  const rels = relsEntry ? parseRels(text(head[1])) : new Map<string, Rel>();
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
  take([...sheetParts.values(), ...(sstPart ? [sstPart] : []), ...(stylesPart ? [stylesPart] : [])]);

  const sst = sstPart ? parseSharedStrings(text(sstPart), ctx) : [];
  const dateStyles = stylesPart ? parseStyles(text(stylesPart)) : [];
  const state: SheetState = { ctx, sst, dateStyles, cells: 0 };
  const parsed = new Map<string, Omit<Sheet, 'name' | 'state'>>();
  const sheets: Sheet[] = [];
  wb.sheets.forEach((s, i) => {
    const path = sheetPaths[i];
    if (path === null) return;
    let data = parsed.get(path);
    if (!data) {
      const part = sheetParts.get(path) as Part;
      data = parseWorksheet(text(part), s.name, state);
      parsed.set(path, data);
    }
    sheets.push({ name: s.name, state: s.state, ...data });
  });
  return wb.date1904 ? { sheets, date1904: true } : { sheets };
}

function notXlsxHint(find: (path: string) => ZipEntry | undefined): string {
  if (find('xl/workbook.bin')) {
    return `là sổ làm việc nhị phân Excel (.xlsb), ứng dụng chỉ đọc .xlsx. Hãy mở tệp bằng Excel, ${RESAVE} rồi nhập lại`;
  }
  if (find('ppt/presentation.xml')) return `là bản trình chiếu PowerPoint (.pptx) đổi đuôi thành .xlsx. ${ASK_RIGHT_FILE}`;
  if (find('content.xml') && find('mimetype')) {
    return `là bảng tính OpenDocument (.ods) đổi đuôi thành .xlsx. Hãy mở tệp bằng LibreOffice, ${RESAVE} rồi nhập lại`;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// XML text


/** Decodes a whole part and refuses DOCTYPE/ENTITY declarations (no entity expansion, no external fetches). */
function xmlPart(bytes: Uint8Array, path: string, ctx: Ctx): string {
  let xml: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) xml = new TextDecoder('utf-16le').decode(bytes);
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) xml = new TextDecoder('utf-16be').decode(bytes);
    else xml = utf8Fatal.decode(bytes);
  } catch (err) {
    throw fail(ctx, 'corrupt', `phần ${path} không đúng mã UTF-8`, err);
  }
  let hasComment = false;
  let cdataEnd = -1;
  for (let i = xml.indexOf('<!'); i >= 0; i = xml.indexOf('<!', i + 2)) {
    const word = xml.substring(i + 2, i + 9).toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) throw fail(ctx, 'unsafe-xml', ` (phần ${path})`);
    if (word.startsWith('--')) hasComment = true;
    // Every CDATA section must close, so the scanners' searches for "]]>" stay linear.
    if (word === '[CDATA[' && cdataEnd < i && (cdataEnd = xml.indexOf(']]>', i)) < 0) {
      throw fail(ctx, 'corrupt', `phần ${path} có đoạn CDATA không đóng`);
    }
  }
  // A comment could hide markup from the scanner; real producers write none, so this is rarely paid for.
  return hasComment ? xml.replace(/<!--[\s\S]*?-->/g, '') : xml;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NUMERIC_REF = /^#(?:[0-9]{1,7}|x[0-9a-fA-F]{1,6})$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const NON_LATIN = /[\u0300-\uffff]/;

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
}

/**
 * Entity references are only the five predefined ones and numeric ones; anything else stays as written.
 * A scan, not a regex replace with a callback: a hostile cell can hold millions of references.
 */
function decodeEntities(s: string): string {
  let i = s.indexOf('&');
  if (i < 0) return s;
  let out = '';
  let last = 0;
  let semi = -1;
  for (; i >= 0; i = s.indexOf('&', i + 1)) {
    if (semi <= i) semi = s.indexOf(';', i + 2); // reused while ahead, so many '&' before one ';' stay linear
    if (semi < 0) break;
    if (semi - i > 9) continue; // longer than "&#x10FFFF;"
    const name = s.substring(i + 1, semi);
    let ch = PREDEFINED[name];
    if (ch === undefined) {
      if (!NUMERIC_REF.test(name)) continue;
      ch = codePoint(name.charCodeAt(1) === 120 ? parseInt(name.substring(2), 16) : parseInt(name.substring(1), 10));
    }
    out += s.substring(last, i) + ch;
    last = semi + 1;
    i = semi;
  }
  return last === 0 ? s : out + s.substring(last);
}

/** Excel's `_xHHHH_` escapes (control characters such as _x000D_; "_x005F_" is a literal underscore). */
function decodeEscapes(s: string): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf('_x'); i >= 0; i = s.indexOf('_x', i + 1)) {
    if (s.charCodeAt(i + 6) !== 95 || !HEX4.test(s.substring(i + 2, i + 6))) continue;
    out += s.substring(last, i) + String.fromCharCode(parseInt(s.substring(i + 2, i + 6), 16));
    last = i + 7;
    i += 6;
  }
  return last === 0 ? s : out + s.substring(last);
}

/** Text content of an element as a cell would show it: entities, _xHHHH_ escapes, line ends, NFC. */
function xmlText(raw: string): string {
  let s: string;
  if (raw.indexOf('<![CDATA[') >= 0) {
    s = '';
    let pos = 0;
    for (let i = raw.indexOf('<![CDATA['); i >= 0; i = raw.indexOf('<![CDATA[', pos)) {
      const end = raw.indexOf(']]>', i);
      s += decodeEntities(raw.substring(pos, i).replace(/\r\n?/g, '\n')) + raw.substring(i + 9, end < 0 ? raw.length : end);
      pos = end < 0 ? raw.length : end + 3;
    }
    s += decodeEntities(raw.substring(pos).replace(/\r\n?/g, '\n'));
  } else {
    s = decodeEntities(raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw);
  }
  if (s.indexOf('_x') >= 0) s = decodeEscapes(s);
  return nfc(s);
}

/** NFC, skipping the work for text that has nothing a normalization could change. */
function nfc(s: string): string {
  return NON_LATIN.test(s) ? s.normalize('NFC') : s;
}

/** `name="value"` pairs; values are entity-decoded. Names keep their prefix ("r:id"). */
const ATTR_RE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
function attrs(s: string): Map<string, string> {
  const m = new Map<string, string>();
  ATTR_RE.lastIndex = 0;
  for (let a = ATTR_RE.exec(s); a; a = ATTR_RE.exec(s)) m.set(a[1], decodeEntities(a[2] ?? a[3]));
  return m;
}

/** Attribute list of a start tag: '<' is never inside a value, which keeps every regex scan linear. */
const ATTRS = `((?:\\s+[^\\s=<>/"']+\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`;
const tagReCache = new Map<string, RegExp>();
/** A global regex for start tags `<prefix:name …>`; callers set lastIndex before scanning. */
function tagRe(prefix: string, names: string): RegExp {
  const key = prefix + ' ' + names;
  let re = tagReCache.get(key);
  if (!re) tagReCache.set(key, (re = new RegExp(`<${prefix}(${names})${ATTRS}`, 'g')));
  re.lastIndex = 0;
  return re;
}

/** Namespace prefix of the root element ("" or "x:"), so `<x:c>` reads like `<c>`. */
function rootPrefix(xml: string): string {
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    const c = xml.charCodeAt(i + 1);
    if (c === 63 || c === 33) continue; // <?xml …?> and <!-- … -->
    return /^<([A-Za-z_][\w.-]*:)?/.exec(xml.substring(i, i + 100))?.[1] ?? '';
  }
  return '';
}

/** Content between `<tag …>` and `</tag>` of the first such element in s; '' if self-closed; null if absent. */
function childText(s: string, tag: string): string | null {
  const open = '<' + tag;
  for (let i = s.indexOf(open); i >= 0; i = s.indexOf(open, i + 1)) {
    const c = s.charCodeAt(i + open.length);
    if (c !== 62 && c !== 47 && c !== 32 && c !== 9 && c !== 10 && c !== 13) continue; // > / whitespace
    const gt = s.indexOf('>', i);
    if (gt < 0) return null;
    if (s.charCodeAt(gt - 1) === 47) return '';
    const end = s.indexOf('</' + tag + '>', gt);
    return end < 0 ? null : s.substring(gt + 1, end);
  }
  return null;
}

/** Plain or rich text of `<si>`/`<is>`: all `<t>` runs joined, phonetic runs (`<rPh>`) left out. */
function richText(inner: string, p: string): string {
  if (inner.indexOf('<' + p + 'r') < 0) return xmlText(childText(inner, p + 't') ?? '');
  // One forward scan (never revisiting text, so hostile input stays linear): take each <t>, skip each <rPh>.
  const tOpen = '<' + p + 't';
  const tClose = '</' + p + 't>';
  const phOpen = '<' + p + 'rPh';
  const phClose = '</' + p + 'rPh>';
  const n = inner.length;
  let out = '';
  let pos = 0;
  while (pos < n) {
    const lt = inner.indexOf('<', pos);
    if (lt < 0) break;
    pos = lt + 1;
    if (isTag(inner, lt, phOpen)) {
      const end = inner.indexOf(phClose, lt);
      pos = end < 0 ? n : end + phClose.length;
    } else if (isTag(inner, lt, tOpen)) {
      const gt = inner.indexOf('>', lt);
      if (gt < 0) break;
      pos = gt + 1;
      if (inner.charCodeAt(gt - 1) === 47) continue; // <t/>
      // The text runs to </t>, stepping over CDATA sections (which may hold '<').
      for (let j = gt + 1; ; ) {
        const next = inner.indexOf('<', j);
        if (next < 0) return xmlText(out);
        if (inner.startsWith('<![CDATA[', next)) {
          const end = inner.indexOf(']]>', next);
          j = end < 0 ? n : end + 3;
          continue;
        }
        if (inner.startsWith(tClose, next)) out += inner.substring(gt + 1, next);
        pos = next;
        break;
      }
    }
  }
  return xmlText(out);
}

/** `<name` at i, followed by '>', '/' or whitespace (so "<t" does not match "<tab"). */
function isTag(s: string, i: number, open: string): boolean {
  if (!s.startsWith(open, i)) return false;
  const c = s.charCodeAt(i + open.length);
  return c === 62 || c === 47 || isSpace(c);
}

// ---------------------------------------------------------------------------------------------------------------
// Parts

interface WorkbookInfo {
  sheets: { name: string; state: Sheet['state']; rid?: string }[];
  date1904: boolean;
}

function parseWorkbook(xml: string, ctx: Ctx): WorkbookInfo {
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

interface Rel {
  type: string;
  target: string;
}

/** Relationships of xl/workbook.xml, targets resolved to zip paths; external targets are dropped. */
function parseRels(xml: string): Map<string, Rel> {
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

function parseSharedStrings(xml: string, ctx: Ctx): string[] {
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
function parseStyles(xml: string): boolean[] {
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

interface SheetState {
  ctx: Ctx;
  sst: string[];
  dateStyles: boolean[];
  /** Cells stored so far, across sheets. */
  cells: number;
}

/** r, t and s of a `<c>` start tag's attribute text (the hot path: no regex, no match arrays). */
interface CellAttrs {
  r: string | undefined;
  t: string | undefined;
  s: number;
}
function cellAttrs(a: string, out: CellAttrs): void {
  out.r = undefined;
  out.t = undefined;
  out.s = 0;
  const n = a.length;
  let i = 0;
  while (i < n) {
    const eq = a.indexOf('=', i);
    if (eq < 0) return;
    let nameStart = i;
    while (nameStart < eq && isSpace(a.charCodeAt(nameStart))) nameStart++;
    let nameEnd = eq;
    while (nameEnd > nameStart && isSpace(a.charCodeAt(nameEnd - 1))) nameEnd--;
    let q = eq + 1;
    while (q < n && isSpace(a.charCodeAt(q))) q++;
    const quote = a.charCodeAt(q);
    if (quote !== 34 && quote !== 39) return;
    const end = a.indexOf(a[q], q + 1);
    if (end < 0) return;
    if (nameEnd - nameStart === 1) {
      const c = a.charCodeAt(nameStart);
      if (c === 114) out.r = a.substring(q + 1, end); // r
      else if (c === 116) out.t = a.substring(q + 1, end); // t
      else if (c === 115) out.s = Number(a.substring(q + 1, end)); // s
    }
    i = end + 1;
  }
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function parseWorksheet(xml: string, sheetName: string, st: SheetState): Omit<Sheet, 'name' | 'state'> {
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
