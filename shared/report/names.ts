/**
 * Names of bodies as running text, per Nghị định 30/2020, Phụ lục II (viết hoa): an administrative unit keeps its
 * generic noun in lower case and capitalises the proper name ("thành phố Quảng Ngãi"), unless the proper name is
 * a number ("Phường 1"); an organisation capitalises its first word and the first word of its function
 * and each of its functions ("Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch", "Phòng Tài chính - Kế hoạch").
 *
 * The settings hold the header lines in capitals; every mention of the issuer, its short form, its locality, its
 * superior and its party committee in a report comes from here (or from a setting that overrides it), never from
 * a template. PURE.
 */
import type { Settings } from '../domain/settings';

const lower = (s: string) => s.toLocaleLowerCase('vi');
const cap = (w: string) => (w ? w[0].toLocaleUpperCase('vi') + w.slice(1) : w);

/** Generic nouns of administrative units, longest first. */
export const ADMIN_NOUNS = ['thành phố', 'thị trấn', 'thị xã', 'đặc khu', 'phường', 'huyện', 'quận', 'tỉnh', 'xã'];
/** First words of organisation names after which the function word is capitalised. */
const ORG_TYPES = [
  'ủy ban nhân dân', 'hội đồng nhân dân', 'văn phòng', 'trung tâm', 'ban quản lý', 'chi cục', 'bệnh viện', 'sở', 'phòng', 'ban',
  'cục', 'trường', 'đài', 'viện', 'hội', 'quỹ', 'đội', 'thanh tra',
];
/** Abbreviations kept in capitals inside names. */
const ABBREVIATIONS = new Set(['ubnd', 'hđnd', 'mttq', 'vn', 'tp', 'ct-xh', 'tthc', 'qp-an', 'vh-xh']);
/** Abbreviations of Phụ lục III written out in running text. */
const EXPAND: [RegExp, string][] = [
  [/^UBND\b/i, 'ỦY BAN NHÂN DÂN'],
  [/^HĐND\b/i, 'HỘI ĐỒNG NHÂN DÂN'],
];

function startsWithWords(words: string[], phrase: string): number {
  const p = phrase.split(' ');
  return p.every((w, i) => words[i] === w) ? p.length : 0;
}

/** One name (any case) as written mid-sentence. */
export function nameInText(name: string): string {
  let n = name.trim().replace(/\s+/g, ' ');
  if (!n) return '';
  for (const [re, full] of EXPAND) n = n.replace(re, full);
  const words = lower(n).split(' ');
  const out: string[] = [];
  let i: number;
  const keep = (w: string) => (ABBREVIATIONS.has(lower(w)) ? w.toLocaleUpperCase('vi') : w);
  const admin = (at: number): number => {
    for (const noun of ADMIN_NOUNS) {
      const len = startsWithWords(words.slice(at), noun);
      // "xã hội" is a word, not a commune: "Lao động - Thương binh và Xã hội".
      if (len && at + len < words.length && !(noun === 'xã' && words[at + 1] === 'hội')) return len;
    }
    return 0;
  };
  const properName = (from: number) => {
    const rest = words.slice(from);
    return rest.map((w) => (ABBREVIATIONS.has(w) ? w.toLocaleUpperCase('vi') : cap(w)));
  };
  // An administrative unit on its own: "THÀNH PHỐ QUẢNG NGÃI", "PHƯỜNG 1".
  const a0 = admin(0);
  if (a0) {
    const noun = words.slice(0, a0).join(' ');
    const rest = properName(a0);
    return `${/^\d/.test(rest[0] ?? '') ? cap(noun) : noun} ${rest.join(' ')}`;
  }
  const type = ORG_TYPES.map((t) => startsWithWords(words, t)).find((len) => len > 0) ?? 0;
  if (type) {
    out.push(cap(words.slice(0, type).join(' ')));
    i = type;
    // "ủy ban nhân dân thành phố …": the unit follows directly.
    if (!admin(i) && i < words.length) out.push(keep(cap(words[i++])));
  } else {
    out.push(keep(cap(words[0])));
    i = 1;
  }
  while (i < words.length) {
    const a = admin(i);
    if (a) {
      const noun = words.slice(i, i + a).join(' ');
      const rest = properName(i + a);
      out.push(/^\d/.test(rest[0] ?? '') ? cap(noun) : noun, ...rest);
      break;
    }
    const w = words[i];
    // Each function or field of an organisation is capitalised: "Văn hóa, Thể thao và Du lịch", "Tài chính - Kế hoạch".
    const prev = words[i - 1];
    const startsFunction = type > 0 && (prev === '-' || prev === 'và' || prev.endsWith(','));
    out.push(keep(startsFunction && w !== '-' ? cap(w) : w));
    i++;
  }
  return out.join(' ');
}

/**
 * The issuer as written in running text: ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ QUẢNG NGÃI"] →
 * "Ủy ban nhân dân thành phố Quảng Ngãi"; ["SỞ NỘI VỤ"] → "Sở Nội vụ".
 */
export function issuerNameInText(lines: string[]): string {
  return nameInText(lines.map((l) => l.trim()).filter(Boolean).join(' '));
}

/** A unit's name mid-sentence: "Phường Nguyễn Nghiêm" → "phường Nguyễn Nghiêm"; "Phường 1" stays. */
export function unitNameInText(name: string): string {
  const n = name.trim();
  const l = lower(n);
  for (const noun of ADMIN_NOUNS)
    if (l.startsWith(`${noun} `)) {
      const rest = n.slice(noun.length + 1);
      return /^\d/.test(rest) ? n : `${noun} ${rest}`;
    }
  return n;
}

export interface IssuerNames {
  /** Full name mid-sentence: "Ủy ban nhân dân thành phố Quảng Ngãi". */
  name: string;
  /** After the first mention: "UBND thành phố", "Sở". */
  short: string;
  /** The locality in "trên địa bàn …": "thành phố", "xã", "tỉnh". */
  area: string;
  /** The body above: "Ủy ban nhân dân tỉnh". */
  superior: string;
  superiorShort: string;
  /** The party committee of the same level: "Thành ủy", "Đảng ủy xã". */
  party: string;
  /** The head as the text names the office holder: "Chủ tịch UBND thành phố", "Giám đốc Sở". */
  head: string;
}

const PARTY_OF: Record<string, string> = {
  'thành phố': 'Thành ủy',
  'thị xã': 'Thị ủy',
  huyện: 'Huyện ủy',
  quận: 'Quận ủy',
  tỉnh: 'Tỉnh ủy',
  xã: 'Đảng ủy xã',
  phường: 'Đảng ủy phường',
  'thị trấn': 'Đảng ủy thị trấn',
  'đặc khu': 'Đảng ủy đặc khu',
};

/** The locality noun of a name ("Ủy ban nhân dân thành phố Quảng Ngãi" → "thành phố"), or null. */
function localityOf(nameText: string): string | null {
  const l = lower(nameText);
  for (const noun of ADMIN_NOUNS) if (l.includes(` ${noun} `) || l.startsWith(`${noun} `)) return noun;
  return null;
}

/** Every mention of the issuer in running text, from the settings (explicit settings win over derivations). */
export function issuerNames(s: Settings): IssuerNames {
  const name = s.issuerInText?.trim() || issuerNameInText(s.issuerLines);
  const isUbnd = /^ủy ban nhân dân\b/i.test(name);
  const locality = localityOf(name);
  const superiorHeader = s.superiorBody.trim();
  const superiorLocality = superiorHeader ? localityOf(nameInText(superiorHeader)) : null;
  const type = ORG_TYPES.find((t) => lower(name).startsWith(`${t} `));
  const derivedShort = isUbnd && locality ? `UBND ${locality}` : type ? cap(type) : name;
  const derivedArea = isUbnd && locality ? locality : (superiorLocality ?? locality ?? 'địa phương');
  let superior: string;
  let superiorShort: string;
  if (superiorHeader) {
    const full = nameInText(superiorHeader);
    const loc = localityOf(full);
    // The superior mid-sentence is named by its level, as offices write it: "Ủy ban nhân dân tỉnh".
    superior = /^ủy ban nhân dân\b/i.test(full) && loc ? `Ủy ban nhân dân ${loc}` : full;
    superiorShort = /^ủy ban nhân dân\b/i.test(full) && loc ? `UBND ${loc}` : superior;
  } else {
    superior = 'Ủy ban nhân dân tỉnh';
    superiorShort = 'UBND tỉnh';
  }
  const party = isUbnd && locality ? (PARTY_OF[locality] ?? 'Đảng ủy') : 'Đảng ủy';
  const short = s.issuerShort?.trim() || derivedShort;
  const head = isUbnd ? `Chủ tịch ${short}` : type === 'sở' ? `Giám đốc ${short}` : `Thủ trưởng ${short}`;
  return {
    name,
    head,
    short,
    area: s.localityNoun?.trim() || derivedArea,
    superior: s.superiorInText?.trim() || superior,
    superiorShort: s.superiorShort?.trim() || (s.superiorInText?.trim() ? s.superiorInText.trim() : superiorShort),
    party: s.partyCommittee?.trim() || party,
  };
}
