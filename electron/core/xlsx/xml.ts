/**
 * XML text: decoding a whole part (UTF-8, or UTF-16 with a BOM) and refusing DOCTYPE/ENTITY declarations, then the
 * small scanners the part parsers share: attributes, start tags, the root's namespace prefix, child text and rich
 * text. Only the five predefined entities and numeric references are expanded. Every scan moves forward only and
 * no regex can backtrack across '<', so hostile XML stays linear.
 *
 * Worksheets, the bulk of every file, are not decoded to text at all: see ByteXml.
 */
import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { type Ctx, fail } from './errors';

/** Parts are decoded whole, never in chunks, so no character is split; invalid UTF-8 is an error, not U+FFFD. */
export function xmlPart(bytes: Uint8Array, path: string, ctx: Ctx): string {
  const b = utf8Bytes(bytes, path, ctx);
  const xml = isAscii(b) ? b.toString('latin1') : b.toString('utf8');
  return checkMarkup(xml, path, ctx, null) ? stripComments(xml) : xml;
}

/**
 * A part read one character per byte (latin1) instead of decoded, with its bytes: the worksheet scanner's input.
 *
 * Markup is ASCII and no byte of a multi-byte UTF-8 character is below 0x80, so every '<', '>', '"', '=' and tag
 * name stands at the same place in `text` as in the bytes, and scanning `text` finds exactly the tags that scanning
 * the decoded part would. Only the text taken out of it (values, attributes) must be decoded: `slice` does that.
 * A worksheet's sheetData is usually pure ASCII (its Vietnamese is in the shared strings), so reading it this way
 * skips decoding megabytes of UTF-8 into two-byte strings; the bytes are still checked to be valid UTF-8 first.
 */
export class ByteXml {
  private constructor(
    /** The part's bytes (after a UTF-8 BOM; UTF-16 parts re-encoded as UTF-8). */
    readonly bytes: Buffer,
    /** bytes as latin1: text.charCodeAt(i) === bytes[i]. */
    readonly text: string,
  ) {}

  /** Checks the part like xmlPart (valid UTF-8, no DOCTYPE/ENTITY, every CDATA closed) and drops its comments. */
  static of(bytes: Uint8Array, path: string, ctx: Ctx): ByteXml {
    const b = utf8Bytes(bytes, path, ctx);
    const text = b.toString('latin1');
    if (!checkMarkup(text, path, ctx, b)) return new ByteXml(b, text);
    const stripped = stripComments(text);
    return new ByteXml(Buffer.from(stripped, 'latin1'), stripped);
  }

  /** The decoded text between two markup (ASCII) positions. */
  slice(start: number, end: number): string {
    const s = this.text.substring(start, end);
    return NON_ASCII.test(s) ? this.bytes.toString('utf8', start, end) : s;
  }

  /** Is the character that starts at byte i white space as a regex's \s sees it (U+00A0 and U+3000 too)? */
  isSpaceAt(i: number): boolean {
    const c = this.bytes[i];
    if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
    return LEADING_SPACE.test(this.bytes.toString('utf8', i, Math.min(i + 4, this.bytes.length)));
  }
}

const NON_ASCII = /[\u0080-\uffff]/;
const LEADING_SPACE = /^\s/;

/** The bytes of a part as UTF-8 (a BOM dropped as TextDecoder drops it; UTF-16 with a BOM re-encoded), or refused. */
function utf8Bytes(bytes: Uint8Array, path: string, ctx: Ctx): Buffer {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return Buffer.from(new TextDecoder('utf-16le').decode(b), 'utf8');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(new TextDecoder('utf-16be').decode(b), 'utf8');
  if (!isUtf8(b)) throw fail(ctx, 'corrupt', `phần ${path} không đúng mã UTF-8`);
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/**
 * Refuses DOCTYPE/ENTITY declarations (no entity expansion, no external fetches) and CDATA sections that never
 * close; says whether there are comments. `bytes` is given when `text` is the part read as latin1 (ByteXml): a
 * declaration word with non-ASCII in it is then decoded first, so both readings refuse exactly the same parts.
 */
function checkMarkup(text: string, path: string, ctx: Ctx, bytes: Buffer | null): boolean {
  let hasComment = false;
  let cdataEnd = -1;
  // Each "<!" is found by its '!', which is rare in XML while '<' is everywhere: a search for '!' is several times
  // faster than one for "<!".
  for (let bang = text.indexOf('!', 1); bang >= 0; bang = text.indexOf('!', bang + 1)) {
    if (text.charCodeAt(bang - 1) !== 60) continue;
    const i = bang - 1;
    let word = text.substring(i + 2, i + 9);
    // Seven UTF-16 units never take more than 21 bytes of UTF-8, so 28 bytes hold them whole.
    if (bytes && NON_ASCII.test(word)) word = bytes.toString('utf8', i + 2, Math.min(i + 30, bytes.length)).substring(0, 7);
    word = word.toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) throw fail(ctx, 'unsafe-xml', ` (phần ${path})`);
    if (word.startsWith('--')) hasComment = true;
    // Every CDATA section must close, so the scanners' searches for "]]>" stay linear.
    if (word === '[CDATA[' && cdataEnd < i && (cdataEnd = text.indexOf(']]>', i)) < 0) {
      throw fail(ctx, 'corrupt', `phần ${path} có đoạn CDATA không đóng`);
    }
  }
  return hasComment;
}

/** A comment could hide markup from the scanner; real producers write none, so this is rarely paid for. */
function stripComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, '');
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NUMERIC_REF = /^#(?:[0-9]{1,7}|x[0-9a-fA-F]{1,6})$/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
/**
 * Characters outside Latin (U+0000–U+02FF), Latin Extended Additional (U+1E00–U+1EFF, Vietnamese's precomposed
 * letters), general punctuation and currency signs. Text made only of those is already NFC: none of them decomposes,
 * reorders or composes with another of them (checked for every single character and every pair in xlsx-read.test.ts).
 */
export const NFC_MAY_CHANGE = /[\u0300-\u1dff\u1f00-\u200f\u2028-\u202f\u205f-\u209f\u20c1-\uffff]/;

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
export function xmlText(raw: string): string {
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

/** NFC, skipping the work for text that has nothing a normalization could change (Vietnamese text included). */
export function nfc(s: string): string {
  return NFC_MAY_CHANGE.test(s) ? s.normalize('NFC') : s;
}

/** `name="value"` pairs; values are entity-decoded. Names keep their prefix ("r:id"). */
const ATTR_RE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
export function attrs(s: string): Map<string, string> {
  const m = new Map<string, string>();
  ATTR_RE.lastIndex = 0;
  for (let a = ATTR_RE.exec(s); a; a = ATTR_RE.exec(s)) m.set(a[1], decodeEntities(a[2] ?? a[3]));
  return m;
}

/**
 * attrs(s).get(name) for an attribute list as ATTRS matches it (eachTag passes such lists): the last such attribute's
 * value, entity-decoded, read without a regex or a map.
 */
export function attr(s: string, name: string): string | undefined {
  if (s.indexOf(name) < 0) return undefined;
  let value: string | undefined;
  const n = s.length;
  for (let i = 0; i < n; ) {
    while (i < n && isWhite(s.charCodeAt(i))) i++;
    if (i >= n) break;
    let e = i;
    while (e < n && s.charCodeAt(e) !== 61 && !isWhite(s.charCodeAt(e))) e++;
    let q = e;
    while (q < n && s.charCodeAt(q) !== 34 && s.charCodeAt(q) !== 39) q++; // past white space and '='
    const close = s.indexOf(s[q], q + 1);
    if (q >= n || close < 0) break;
    if (e - i === name.length && s.startsWith(name, i)) value = s.substring(q + 1, close);
    i = close + 1;
  }
  return value === undefined ? undefined : decodeEntities(value);
}
/** White space as a regex's \s sees it. */
function isWhite(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/** Attribute list of a start tag: '<' is never inside a value, which keeps every regex scan linear. */
export const ATTRS = `((?:\\s+[^\\s=<>/"']+\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`;
const tagReCache = new Map<string, RegExp>();
/** A global regex for start tags `<prefix:name …>`; callers set lastIndex before scanning. */
export function tagRe(prefix: string, names: string): RegExp {
  const key = prefix + ' ' + names;
  let re = tagReCache.get(key);
  if (!re) tagReCache.set(key, (re = new RegExp(`<${prefix}(${names})${ATTRS}`, 'g')));
  re.lastIndex = 0;
  return re;
}

const stickyTagRes = new Map<string, RegExp>();
/**
 * Calls `each` with the attribute text of every start tag `<prefix:name …>` that starts in from…to, in order: the
 * matches tagRe(prefix, name) finds, but each tried only where indexOf finds its literal start (a regex scan of a
 * whole part is several times slower). No match holds a '<' after its first, so none hides another.
 */
export function eachTag(xml: string, prefix: string, name: string, from: number, to: number, each: (attrText: string) => void): void {
  const open = '<' + prefix + name;
  let re = stickyTagRes.get(open);
  if (!re) stickyTagRes.set(open, (re = new RegExp(`${open.replace(/\./g, '\\.')}${ATTRS}`, 'y')));
  for (let i = xml.indexOf(open, from); i >= 0 && i < to; i = xml.indexOf(open, i + open.length)) {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (m) each(m[1]);
  }
}

/** Namespace prefix of the root element ("" or "x:"), so `<x:c>` reads like `<c>`. */
export function rootPrefix(xml: string): string {
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    const c = xml.charCodeAt(i + 1);
    if (c === 63 || c === 33) continue; // <?xml …?> and <!-- … -->
    return /^<([A-Za-z_][\w.-]*:)?/.exec(xml.substring(i, i + 100))?.[1] ?? '';
  }
  return '';
}

/** Content between `<tag …>` and `</tag>` of the first such element in s; '' if self-closed; null if absent. */
export function childText(s: string, tag: string): string | null {
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
export function richText(inner: string, p: string): string {
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

/** r, t and s of a `<c>` start tag: where r's value is (no substring for it), t, and s as a number. */
export interface CellAttrs {
  /** The text that rStart and rEnd are positions in. */
  src: string;
  /** r's value is src.substring(rStart, rEnd); rStart is -1 when the tag has no r. */
  rStart: number;
  rEnd: number;
  t: string | undefined;
  s: number;
}
/**
 * Reads the attributes of a `<c>` start tag, src from start to end (the hot path: no regex, no match arrays, every
 * loop bounded by end). An attribute list it cannot follow ends the reading, keeping what was read before. `textOf`
 * takes a value's text out of src when src is a part read as latin1 (ByteXml.slice), so s="…" with non-ASCII in it
 * reads as the decoded text would; t needs no decoding (only its ASCII values mean anything) and r is read in place.
 */
export function cellAttrs(src: string, start: number, end: number, out: CellAttrs, textOf?: (start: number, end: number) => string): void {
  out.src = src;
  out.rStart = -1;
  out.rEnd = -1;
  out.t = undefined;
  out.s = 0;
  let i = start;
  while (i < end) {
    let eq = i;
    while (eq < end && src.charCodeAt(eq) !== 61) eq++; // '='
    if (eq >= end) return;
    let nameStart = i;
    while (nameStart < eq && isSpace(src.charCodeAt(nameStart))) nameStart++;
    let nameEnd = eq;
    while (nameEnd > nameStart && isSpace(src.charCodeAt(nameEnd - 1))) nameEnd--;
    let q = eq + 1;
    while (q < end && isSpace(src.charCodeAt(q))) q++;
    const quote = src.charCodeAt(q);
    if (q >= end || (quote !== 34 && quote !== 39)) return;
    let close = q + 1;
    while (close < end && src.charCodeAt(close) !== quote) close++;
    if (close >= end) return;
    if (nameEnd - nameStart === 1) {
      const c = src.charCodeAt(nameStart);
      if (c === 114) {
        out.rStart = q + 1; // r
        out.rEnd = close;
      } else if (c === 116) {
        out.t = close === q + 2 && src.charCodeAt(q + 1) === 115 ? 's' : src.substring(q + 1, close); // t
      } else if (c === 115) {
        const n = digitsAt(src, q + 1, close); // s
        out.s = n >= 0 ? n : Number(textOf ? textOf(q + 1, close) : src.substring(q + 1, close));
      }
    }
    i = close + 1;
  }
}

/** The number written in s from start to end when it is 1 to 15 ASCII digits (so exact, as Number gives it); else -1. */
export function digitsAt(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
