/**
 * ZIP: our own central directory reader, so every check happens before inflating. Entry count and declared sizes
 * (ZIP64 included) come from the central directory; each part is then inflated by Node's zlib, stopped as soon as
 * it passes its declared size (so a lying size is caught early), and its CRC is checked. Encrypted entries, unknown compression methods and multi-part archives are refused.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { type Ctx, fail, MB, num } from './errors';

const utf8Lenient = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SEARCH = 65_557; // 22-byte record + the longest comment

export function readCentralDirectory(b: Uint8Array, ctx: Ctx): ZipEntry[] {
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

/** An entry's bytes as stored in the file (compressed), after its local header is checked; refuses encrypted ones. */
export function storedBytes(b: Uint8Array, e: ZipEntry, ctx: Ctx): Uint8Array {
  const h = e.localOffset;
  if (h + 30 > b.length) throw fail(ctx, 'truncated');
  if (b[h] !== 0x50 || b[h + 1] !== 0x4b || b[h + 2] !== 0x03 || b[h + 3] !== 0x04) {
    throw fail(ctx, 'corrupt', `không tìm thấy phần ${e.name}`);
  }
  if (e.flags & 1) throw fail(ctx, 'encrypted');
  const start = h + 30 + (b[h + 26] | (b[h + 27] << 8)) + (b[h + 28] | (b[h + 29] << 8));
  const end = start + e.compSize;
  if (end > b.length) throw fail(ctx, 'truncated');
  return b.subarray(start, end);
}

/** Inflates one entry, never producing more than its declared size, and checks its CRC. */
export function inflateEntry(b: Uint8Array, e: ZipEntry, ctx: Ctx): Uint8Array {
  const src = storedBytes(b, e, ctx);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.compSize !== e.size) throw fail(ctx, 'corrupt', `kích thước phần ${e.name} không khớp`);
    out = src;
  } else if (e.method === 8) {
    if (e.compSize === 0) throw fail(ctx, 'corrupt', `phần ${e.name} rỗng`);
    try {
      out = inflateBounded(src, e.size);
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

/**
 * Node's zlib (native; several times faster than a JavaScript inflate on 400 returns), told to stop one byte past
 * the declared size: output that reaches it is larger than declared and is refused then, so memory stays bounded
 * by the declared size (itself capped by the limits) whatever the data claims.
 */
function inflateBounded(src: Uint8Array, size: number): Uint8Array {
  let out: Buffer;
  try {
    // One output buffer of the declared size (and the byte that shows a lie) instead of 16 KB chunks joined after;
    // parts over 1 MB still grow chunk by chunk, so a lying size costs no memory before the data is there.
    out = inflateRawSync(src, { maxOutputLength: size + 1, chunkSize: Math.min(Math.max(64, size + 1), MB) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OutputTooLarge();
    throw err;
  }
  if (out.length > size) throw new OutputTooLarge();
  return out;
}
