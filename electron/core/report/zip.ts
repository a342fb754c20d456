/**
 * A plain ZIP writer over Node's zlib (deflate and CRC-32 in native code; several times faster than a JavaScript
 * deflate for the appendices of 400 units). Entries keep the order given; times are fixed (1980-01-01), so equal
 * contents give equal bytes. No ZIP64: an output never nears 4 GB.
 *
 * Text parts are given as strings (or as pieces of one part, in order) and encoded as UTF-8 into one buffer kept
 * from call to call: Phụ lục II of a province is a 3,8 MB document.xml, and a fresh buffer of that size per output
 * cost more than encoding it. Parts of a megabyte or more (such long tables) are deflated at level 1: four times
 * faster than level 6 there, for a file a few tens of kilobytes larger; what the parts hold is the same either way.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** 1980-01-01 00:00 in MS-DOS date and time. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** Parts at least this long are deflated at the fastest level. */
const LARGE_PART = 1 << 20;

/** A part's bytes, its text, or its text in pieces (each of whole characters: a surrogate pair is never split). */
export type ZipData = Uint8Array | string | readonly string[];

let scratch = Buffer.allocUnsafeSlow(1 << 16);

/** Text as UTF-8 in the reused buffer: valid until the next call. */
function utf8(text: string | readonly string[]): Buffer {
  let n = 0;
  for (const piece of typeof text === 'string' ? [text] : text) {
    let written = scratch.write(piece, n);
    // Fewer than 4 bytes left: the piece may have been cut short (write stops before a character that does not fit).
    if (scratch.length - n - written < 4) {
      const need = n + Buffer.byteLength(piece);
      if (need > scratch.length) {
        const bigger = Buffer.allocUnsafeSlow(Math.max(need + 4, scratch.length * 2));
        scratch.copy(bigger, 0, 0, n);
        scratch = bigger;
        written = scratch.write(piece, n);
      }
    }
    n += written;
  }
  return scratch.subarray(0, n);
}

export function zipEntries(entries: Iterable<[string, ZipData]>, level = 6): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    // Encoded, deflated and summed before the next part reuses the buffer.
    const data = content instanceof Uint8Array ? content : utf8(content);
    const packed = deflateRawSync(data, { level: data.length >= LARGE_PART ? 1 : level });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk number, internal and external attributes: 0
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
    count += 1;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
