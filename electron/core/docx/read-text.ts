/**
 * Reads the text of a .docx for the consistency checks: paragraphs in order, Word's automatic numbering written
 * out ("a)", "2.1."), table rows as one paragraph with cells separated by " | ". A .docx comes from outside
 * (another office, a unit, last year's report), so it is refused the way a hostile .xlsx is: the same ZIP reader
 * checks the central directory, sizes and ratio before inflating, and the same XML decoder refuses DOCTYPE/ENTITY.
 * Scanning moves forward with indexOf only, so hostile markup stays linear.
 */
import { cfbKind, CFB_SIGNATURE } from '../xlsx/cfb';
import { type Ctx, DEFAULT_LIMITS, mb, num, RATIO_FLOOR_BYTES, type ReadErrorCode, XlsxReadError } from '../xlsx/errors';
import { xmlPart, xmlText } from '../xlsx/xml';
import { inflateEntry, readCentralDirectory, type ZipEntry } from '../xlsx/zip';

export type DocxErrorCode = ReadErrorCode | 'doc' | 'not-docx';

/** A document that cannot be read; `message` is Vietnamese, names the file and says what to do. */
export class DocxReadError extends Error {
  constructor(
    readonly code: DocxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocxReadError';
  }
}

const SAVE_AS = 'mở tệp bằng Word hoặc LibreOffice, lưu lại dưới dạng “Tài liệu Word (.docx)” rồi kiểm tra lại';

function docxMessage(code: DocxErrorCode, f: string, detail: string): string {
  const file = `Tệp “${f}”`;
  switch (code) {
    case 'empty':
      return `${file} trống (0 byte).`;
    case 'too-large':
      return `${file} ${detail}. Hãy bỏ bớt hình ảnh hoặc chỉ giữ phần văn bản cần kiểm tra.`;
    case 'doc':
    case 'xls':
      return `${file} là định dạng Word 97-2003 (.doc); ứng dụng chỉ đọc .docx. Hãy ${SAVE_AS}.`;
    case 'encrypted':
      return `${file} được đặt mật khẩu nên ứng dụng không đọc được. Hãy bỏ mật khẩu trong Word rồi kiểm tra lại.`;
    case 'not-zip':
    case 'not-docx':
    case 'not-xlsx':
    case 'docx':
      return `${file} không phải văn bản Word (.docx)${detail}. Hãy ${SAVE_AS}, hoặc dán nội dung văn bản vào ô kiểm tra.`;
    case 'truncated':
      return `${file} bị thiếu phần cuối (có thể bị cắt ngang khi tải về hoặc sao chép). Hãy tải hoặc chép lại tệp.`;
    case 'zip-bomb':
      return `${file} có nội dung nén bất thường (${detail}) nên ứng dụng không mở để bảo đảm an toàn; có thể là tệp độc hại.`;
    case 'unsafe-xml':
      return `${file} chứa khai báo DOCTYPE/ENTITY không được phép trong văn bản Word${detail}; có thể là tệp độc hại. Ứng dụng không mở tệp này.`;
    case 'corrupt':
      return `${file} bị hỏng (${detail}). Hãy thử ${SAVE_AS}.`;
  }
}

function refuse(ctx: Ctx, code: DocxErrorCode, detail = ''): DocxReadError {
  return new DocxReadError(code, docxMessage(code, ctx.file, detail));
}

export interface DocxLimits {
  maxFileBytes: number;
  maxEntries: number;
  maxUncompressedBytes: number;
  maxRatio: number;
}

const LIMITS: DocxLimits = {
  maxFileBytes: DEFAULT_LIMITS.maxFileBytes,
  maxEntries: DEFAULT_LIMITS.maxEntries,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxRatio: DEFAULT_LIMITS.maxRatio,
};

/** The paragraphs of a .docx as plain text (numbering written out, table rows joined with " | "). */
export function readDocxText(bytes: Uint8Array, fileName: string, limits: Partial<DocxLimits> = {}): string[] {
  const ctx: Ctx = { file: fileName, limits: { ...DEFAULT_LIMITS, ...LIMITS, ...limits } };
  if (bytes.length === 0) throw refuse(ctx, 'empty');
  if (bytes.length > ctx.limits.maxFileBytes) throw refuse(ctx, 'too-large', `quá lớn (${mb(bytes.length)}; tối đa ${mb(ctx.limits.maxFileBytes)})`);
  if (CFB_SIGNATURE.every((b, i) => bytes[i] === b)) throw refuse(ctx, cfbKind(bytes) === 'encrypted' ? 'encrypted' : 'doc');
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
    throw refuse(ctx, 'not-zip', head.startsWith('%PDF') ? ' mà là tệp PDF' : head.startsWith('{\\rtf') ? ' mà là tệp RTF' : '');
  }
  try {
    return readPackage(bytes, ctx);
  } catch (e) {
    if (e instanceof DocxReadError) throw e;
    if (e instanceof XlsxReadError) {
      const detail = /\(([^)]*)\)/.exec(e.message)?.[1] ?? '';
      throw refuse(ctx, e.code, e.code === 'unsafe-xml' || e.code === 'not-zip' ? '' : detail);
    }
    throw refuse(ctx, 'corrupt', 'nội dung không đọc được');
  }
}

function readPackage(b: Uint8Array, ctx: Ctx): string[] {
  const entries = readCentralDirectory(b, ctx);
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) byName.set(e.name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase(), e);
  const doc = byName.get('word/document.xml');
  if (!doc) throw refuse(ctx, 'not-docx', byName.has('xl/workbook.xml') ? ' mà là sổ làm việc Excel (.xlsx)' : '');
  const numbering = byName.get('word/numbering.xml');
  let budget = ctx.limits.maxUncompressedBytes;
  for (const [path, e] of [['word/document.xml', doc], ['word/numbering.xml', numbering]] as const) {
    if (!e) continue;
    if (e.size > RATIO_FLOOR_BYTES && e.size > e.compSize * ctx.limits.maxRatio) {
      throw refuse(ctx, 'zip-bomb', `phần ${path} nén với tỉ lệ ${e.compSize === 0 ? '∞' : num(e.size / e.compSize)}:1, tối đa ${num(ctx.limits.maxRatio)}:1`);
    }
    budget -= e.size;
  }
  if (budget < 0) throw refuse(ctx, 'zip-bomb', `dung lượng sau giải nén vượt quá ${mb(ctx.limits.maxUncompressedBytes)}`);
  const formats = numbering ? parseNumbering(xmlPart(inflateEntry(b, numbering, ctx), 'word/numbering.xml', ctx)) : new Map<string, Level[]>();
  return paragraphsOf(xmlPart(inflateEntry(b, doc, ctx), 'word/document.xml', ctx), formats);
}

interface Level {
  fmt: string;
  text: string;
  start: number;
}

/** numId → levels (format, text such as "%1.%2.", start). */
function parseNumbering(xml: string): Map<string, Level[]> {
  const abstract = new Map<string, Level[]>();
  for (let i = xml.indexOf('<w:abstractNum '); i >= 0; i = xml.indexOf('<w:abstractNum ', i + 1)) {
    const end = xml.indexOf('</w:abstractNum>', i);
    if (end < 0) break;
    const part = xml.slice(i, end);
    const id = /w:abstractNumId="(\d+)"/.exec(part)?.[1];
    if (id === undefined) continue;
    const levels: Level[] = [];
    for (let j = part.indexOf('<w:lvl '); j >= 0; j = part.indexOf('<w:lvl ', j + 1)) {
      const lend = part.indexOf('</w:lvl>', j);
      if (lend < 0) break;
      const lvl = part.slice(j, lend);
      const ilvl = Number(/w:ilvl="(\d+)"/.exec(lvl)?.[1] ?? levels.length);
      if (ilvl > 8) continue;
      levels[ilvl] = {
        fmt: /<w:numFmt w:val="([^"<>]*)"/.exec(lvl)?.[1] ?? 'decimal',
        text: xmlText(/<w:lvlText w:val="([^"<>]*)"/.exec(lvl)?.[1] ?? ''),
        start: Number(/<w:start w:val="(\d+)"/.exec(lvl)?.[1] ?? 1),
      };
    }
    abstract.set(id, levels);
  }
  const out = new Map<string, Level[]>();
  for (let i = xml.indexOf('<w:num '); i >= 0; i = xml.indexOf('<w:num ', i + 1)) {
    const end = xml.indexOf('</w:num>', i);
    if (end < 0) break;
    const part = xml.slice(i, end);
    const numId = /w:numId="(\d+)"/.exec(part)?.[1];
    const absId = /<w:abstractNumId w:val="(\d+)"/.exec(part)?.[1];
    if (numId !== undefined && absId !== undefined && abstract.has(absId)) out.set(numId, abstract.get(absId)!);
  }
  return out;
}

const ROMAN: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
function roman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

function formatLevel(fmt: string, n: number): string {
  switch (fmt) {
    case 'lowerLetter':
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case 'upperLetter':
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    default:
      return String(n);
  }
}

// Every class stops at the next "<", so a hostile run of unclosed tags cannot make a match scan far ahead.
const RUN_TEXT = /<w:t(?:\s[^<>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^<>]*\/>/g;

function paragraphText(p: string): string {
  let out = '';
  for (const m of p.matchAll(RUN_TEXT)) out += m[2] ? (m[2] === 'tab' ? '\t' : ' ') : xmlText(m[1]);
  return out;
}

/** Start of the next `<w:NAME` tag (followed by space, ">" or "/") at or after `from`, or -1. */
function nextTag(xml: string, name: string, from: number): number {
  const open = `<w:${name}`;
  for (let i = xml.indexOf(open, from); i >= 0; i = xml.indexOf(open, i + 1)) {
    const c = xml[i + open.length];
    if (c === ' ' || c === '>' || c === '/') return i;
  }
  return -1;
}

function paragraphsOf(xml: string, formats: Map<string, Level[]>): string[] {
  const out: string[] = [];
  const counters = new Map<string, number[]>();
  const numbered = (p: string): string => {
    const numId = /<w:numId w:val="(\d+)"/.exec(p)?.[1];
    if (!numId || numId === '0') return '';
    const levels = formats.get(numId);
    const ilvl = Number(/<w:ilvl w:val="(\d+)"/.exec(p)?.[1] ?? 0);
    const lvl = levels?.[ilvl];
    if (!levels || !lvl) return '';
    if (lvl.fmt === 'bullet' || lvl.fmt === 'none') return lvl.fmt === 'bullet' ? '- ' : '';
    const c = counters.get(numId) ?? [];
    for (let l = 0; l <= ilvl; l++) if (c[l] === undefined) c[l] = (levels[l]?.start ?? 1) - (l === ilvl ? 1 : 0);
    c[ilvl] += 1;
    c.length = ilvl + 1;
    counters.set(numId, c);
    const text = lvl.text.replace(/%(\d)/g, (_, d: string) => formatLevel(levels[Number(d) - 1]?.fmt ?? 'decimal', c[Number(d) - 1] ?? 1));
    return `${text} `;
  };
  let pos = 0;
  for (;;) {
    const p = nextTag(xml, 'p', pos);
    const t = nextTag(xml, 'tbl', pos);
    if (p < 0 && t < 0) break;
    if (t >= 0 && (p < 0 || t < p)) {
      const end = xml.indexOf('</w:tbl>', t);
      const stop = end < 0 ? xml.length : end;
      for (let r = nextTag(xml, 'tr', t); r >= 0 && r < stop; r = nextTag(xml, 'tr', r + 1)) {
        const rend = xml.indexOf('</w:tr>', r);
        if (rend < 0 || rend > stop) break;
        const row = xml.slice(r, rend);
        const cells: string[] = [];
        for (let c = nextTag(row, 'tc', 0); c >= 0; c = nextTag(row, 'tc', c + 1)) {
          const cend = row.indexOf('</w:tc>', c);
          if (cend < 0) break;
          cells.push(paragraphText(row.slice(c, cend)).trim());
        }
        if (cells.some(Boolean)) out.push(cells.join(' | '));
      }
      pos = stop + 1;
      continue;
    }
    const selfClosing = xml.indexOf('>', p);
    if (selfClosing >= 0 && xml[selfClosing - 1] === '/') {
      pos = selfClosing + 1;
      continue;
    }
    const end = xml.indexOf('</w:p>', p);
    if (end < 0) break;
    const para = xml.slice(p, end);
    const text = paragraphText(para);
    const prefix = para.includes('<w:numPr>') ? numbered(para) : '';
    if (text.trim() || prefix.trim()) out.push(`${prefix}${text}`);
    pos = end + 6;
  }
  return out;
}
