/**
 * Many units' forms from one model per kind. Building a workbook with exceljs costs tens of milliseconds, and the
 * forms of units of one kind differ only in the unit's name and code (text in cells, the meta sheet and the
 * document title) and in the height of the one instructions row that names the unit. So a model form is built once
 * per kind and row height, with stand-in names, and each unit's form is the model's parts with the stand-ins
 * replaced (XML-escaped) and zipped again. The result is the form `buildForm` writes for that unit, part for part
 * (tests/rpc/forms-clone.test.ts compares them).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import type { UnitDto } from '../../../shared/domain/records';
import { buildForm, unitLineHeight, type FormArgs } from './write';

/** Stand-ins that no template, setting or name contains, made of characters XML writes as they are. */
const NAME_TOKEN = 'ZQXNAMEOFUNITZQX';
const CODE_TOKEN = 'ZQXCODEOFUNITZQX';

type Unit = Pick<UnitDto, 'code' | 'name' | 'kind'>;

/** A zip entry ready to be written: deflated once for parts without a stand-in. */
interface Entry {
  name: Buffer;
  crc: number;
  size: number;
  data: Buffer;
  method: 0 | 8;
}

interface Model {
  /** Parts without a stand-in, compressed once; parts with one, as text to fill in. */
  parts: ({ entry: Entry } | { name: string; text: string })[];
}

function entry(name: string, raw: Uint8Array): Entry {
  // Folder entries (exceljs writes them) are stored; everything else deflated as Excel does.
  const method = raw.length === 0 ? 0 : 8;
  return { name: Buffer.from(name, 'utf8'), crc: crc32(raw), size: raw.length, data: method ? deflateRawSync(raw, { level: 6 }) : Buffer.alloc(0), method };
}

/** MS-DOS time and date of the entries (what every zip tool reads). */
function dosTime(d: Date): [number, number] {
  return [(d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1), ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate()];
}

/** A plain zip (no zip64: a form is far below 4 GB), names flagged UTF-8. */
function writeZip(entries: Entry[], mtime: Date): Buffer {
  const [time, date] = dosTime(mtime);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(e.method, 8);
    h.writeUInt16LE(time, 10);
    h.writeUInt16LE(date, 12);
    h.writeUInt32LE(e.crc, 14);
    h.writeUInt32LE(e.data.length, 18);
    h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(e.name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    h.copy(c, 8, 6, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, e.name, e.data);
    centrals.push(c, e.name);
    offset += 30 + e.name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Characters XML 1.0 cannot hold: a name carrying one is built directly (exceljs writes it its own way). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|^\s|\s$|_x[0-9a-fA-F]{4}_/;

async function buildModel(args: Omit<FormArgs, 'unit'>, unit: Unit): Promise<Model> {
  const bytes = await buildForm({ ...args, unit: { kind: unit.kind, name: NAME_TOKEN, code: CODE_TOKEN }, measureUnit: unit });
  const files = unzipSync(bytes);
  return {
    parts: Object.entries(files).map(([name, b]) => {
      const text = strFromU8(b);
      return text.includes(NAME_TOKEN) || text.includes(CODE_TOKEN) ? { name, text } : { entry: entry(name, b) };
    }),
  };
}

function fill(model: Model, unit: Unit, mtime: Date): Uint8Array {
  const name = escapeXml(unit.name);
  const code = escapeXml(unit.code);
  const entries = model.parts.map((p) =>
    'entry' in p ? p.entry : entry(p.name, Buffer.from(p.text.split(NAME_TOKEN).join(name).split(CODE_TOKEN).join(code), 'utf8')),
  );
  return writeZip(entries, mtime);
}

/**
 * The forms of `units`, in order, each as .xlsx bytes; `each` is called after every form (for progress) and may
 * be awaited (to let other work run between forms).
 */
export async function buildForms(
  args: Omit<FormArgs, 'unit' | 'measureUnit'>,
  units: Unit[],
  each: (index: number, bytes: Uint8Array) => void | Promise<void>,
): Promise<void> {
  const models = new Map<string, Model>();
  const mtime = new Date(args.generatedAt);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    let bytes: Uint8Array;
    if (UNSAFE.test(unit.name) || UNSAFE.test(unit.code)) bytes = await buildForm({ ...args, unit });
    else {
      const key = `${unit.kind}|${unitLineHeight(unit)}`;
      let model = models.get(key);
      if (!model) models.set(key, (model = await buildModel(args, unit)));
      bytes = fill(model, unit, mtime);
    }
    await each(i, bytes);
  }
}
