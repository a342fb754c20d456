/** Files that are not what their name says, built byte by byte for the refusal tests. */

/** A compound file (MS-CFB v3, 512-byte sectors): header, one FAT sector, one directory sector with these entries. */
export function compoundFile(names: string[]): Uint8Array {
  const b = new Uint8Array(512 * 3);
  const dv = new DataView(b.buffer);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  dv.setUint16(0x18, 0x3e, true);
  dv.setUint16(0x1a, 3, true);
  dv.setUint16(0x1c, 0xfffe, true);
  dv.setUint16(0x1e, 9, true);
  dv.setUint16(0x20, 6, true);
  dv.setUint32(0x2c, 1, true); // one FAT sector
  dv.setUint32(0x30, 1, true); // directory starts at sector 1
  dv.setUint32(0x38, 4096, true);
  dv.setUint32(0x3c, 0xfffffffe, true);
  dv.setUint32(0x44, 0xfffffffe, true);
  for (let i = 0; i < 109; i++) dv.setUint32(0x4c + i * 4, i === 0 ? 0 : 0xffffffff, true);
  const fat = 512;
  for (let i = 0; i < 128; i++) dv.setUint32(fat + i * 4, 0xffffffff, true);
  dv.setUint32(fat, 0xfffffffd, true); // sector 0 is the FAT
  dv.setUint32(fat + 4, 0xfffffffe, true); // sector 1 (directory) ends its chain
  names.slice(0, 4).forEach((name, i) => {
    const e = 1024 + i * 128;
    for (let j = 0; j < name.length; j++) dv.setUint16(e + j * 2, name.charCodeAt(j), true);
    dv.setUint16(e + 0x40, (name.length + 1) * 2, true);
    b[e + 0x42] = i === 0 ? 5 : 2; // root storage, then streams
    dv.setUint32(e + 0x44, 0xffffffff, true);
    dv.setUint32(e + 0x48, 0xffffffff, true);
    dv.setUint32(e + 0x4c, i === 0 && names.length > 1 ? 1 : 0xffffffff, true);
    dv.setUint32(e + 0x74, 0xfffffffe, true);
  });
  return b;
}
