/**
 * OLE compound files (MS-CFB). Units send two kinds under an .xlsx name: a password-protected .xlsx (an OLE file
 * holding "EncryptionInfo" and "EncryptedPackage") and a legacy Excel 97-2003 .xls. Only the directory entry names
 * are read, with every sector index bounds- and loop-checked, so the message can say which of the two it is.
 */
export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An encrypted .xlsx is an OLE file holding "EncryptionInfo" and "EncryptedPackage"; anything else OLE is .xls-like. */
export function cfbKind(b: Uint8Array): 'encrypted' | 'xls' {
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
