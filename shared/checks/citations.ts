/**
 * Legal citations: "Nghị định số 48/2013/NĐ-CP ngày 14/5/2013", "Quyết định số 436/QĐ-UBND ngày 11/6/2019",
 * "Chỉ thị số 08-CT/TU ngày 25/5/2021", "Luật … số 10/2022/QH15".
 *
 * Decisions:
 * - State documents write "số/ký hiệu" with "/" then "-" (436/QĐ-UBND, 48/2013/NĐ-CP); Party documents write
 *   "số-ký hiệu/cơ quan" (08-CT/TU, 114-KL/TW). The organ after the last separator tells which is which.
 * - The year inside a state document's number is the year it was issued: a different year in the date is a slip.
 * - The national list (resources/checks) is data; a document is checked against it only when cited with a date.
 * PURE.
 */
import { formatBodyDate, parseIsoDate } from '../format/date';
import type { Check, CheckParagraph, Finding, NationalDocument } from './types';
import { excerptOf, textLocation } from './where';

type Raw = Omit<Finding, 'id'>;

const TYPES = [
  'Nghị định', 'Nghị quyết', 'Quyết định', 'Chỉ thị', 'Thông tư liên tịch', 'Thông tư', 'Luật', 'Pháp lệnh', 'Kế hoạch',
  'Công văn', 'Báo cáo', 'Kết luận', 'Quy định', 'Hướng dẫn', 'Thông báo', 'Tờ trình', 'Chương trình', 'Đề án', 'Hiến pháp',
];
/** Organs of the Party: a symbol ending in one of these is written "08-CT/TU". */
const PARTY_ORGANS = new Set(['TW', 'TƯ', 'TU', 'HU', 'QU', 'TXU', 'ĐU', 'ĐUK', 'BCSĐ', 'BTGTW', 'BDVTW', 'BTCTW', 'UBKTTW', 'VPTW', 'BDV', 'BTG']);

export interface Citation {
  type: string;
  /** As written after "số": "48/2013/NĐ-CP", "08-CT/TU". */
  number: string;
  /** Number and symbol with spaces removed and upper case, for comparing. */
  key: string;
  date?: { day: number; month: number; year: number; text: string; start: number; end: number };
  start: number;
  end: number;
  numberStart: number;
}

const TYPE_RE = TYPES.map((t) => t.replace(/ /g, '\\s+')).join('|');
const CITATION_RE = new RegExp(
  `(${TYPE_RE})(?:\\s+[^\\s,;.()]+){0,10}?\\s+số:?\\s*(\\d+(?:[/-][0-9A-Za-zĐđƯư]+)+)(?:\\s*,)?(?:\\s+ngày\\s+(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4}))?`,
  'gu',
);

/** Every citation of a document by type and number in a text. */
export function findCitations(text: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(CITATION_RE)) {
    const start = m.index ?? 0;
    const number = m[2];
    if (!/\p{L}/u.test(number)) continue;
    const numberStart = start + m[0].indexOf(number, m[1].length);
    const c: Citation = { type: m[1].replace(/\s+/g, ' '), number, key: number.toUpperCase(), start, end: start + m[0].length, numberStart };
    if (m[3]) {
      const dateText = `${m[3]}/${m[4]}/${m[5]}`;
      const ds = start + m[0].lastIndexOf(dateText);
      c.date = { day: Number(m[3]), month: Number(m[4]), year: Number(m[5]), text: dateText, start: ds, end: ds + dateText.length };
    }
    out.push(c);
  }
  return out;
}

/** The organ (last group of the symbol) and whether the number is written the Party way. */
function shape(number: string): { organ: string; party: boolean; state: boolean; year?: number; rest: string[] } {
  const head = /^(\d+)/.exec(number)![1];
  const tail = number.slice(head.length);
  const groups = tail.split(/[/-]/).filter(Boolean);
  const organ = groups[groups.length - 1] ?? '';
  const party = /^-[^/]+\/[^/-]+$/.test(tail);
  const state = /^\//.test(tail);
  const year = /^\/(\d{4})\//.exec(tail)?.[1];
  return { organ, party, state, year: year ? Number(year) : undefined, rest: groups };
}

function paragraphsWithCitations(paragraphs: CheckParagraph[]): { p: CheckParagraph; c: Citation }[] {
  const out: { p: CheckParagraph; c: Citation }[] = [];
  for (const p of paragraphs) for (const c of findCitations(p.text)) out.push({ p, c });
  return out;
}

/** Party or state style of the number and symbol. */
export const citationForm: Check = {
  name: 'citation-form',
  run({ document }) {
    const out: Raw[] = [];
    for (const { p, c } of paragraphsWithCitations(document.paragraphs)) {
      const s = shape(c.number);
      const head = /^\d+/.exec(c.number)![0];
      const partyOrgan = PARTY_ORGANS.has(s.organ);
      let expected: string | null = null;
      if (partyOrgan && s.state && s.rest.length === 2) expected = `${head}-${s.rest[0]}/${s.rest[1]}`;
      else if (!partyOrgan && !s.state && s.rest.length >= 2) {
        // "436-QĐ-UBND" or "436-QĐ/UBND" for a state body: "436/QĐ-UBND".
        expected = `${head}/${s.rest.join('-')}`;
      }
      if (!expected || expected === c.number) continue;
      const kind = partyOrgan ? 'văn bản của Đảng' : 'văn bản của cơ quan nhà nước';
      out.push({
        code: 'citation-form',
        severity: 'error',
        message: `Số, ký hiệu “${c.number}” viết sai kiểu: ${kind} ghi là “${expected}”.`,
        excerpt: excerptOf(p.text, c.start, c.numberStart + c.number.length),
        location: textLocation(p, c.numberStart, c.numberStart + c.number.length),
        expected,
        fix: { before: `số ${c.number}`, after: `số ${expected}` },
      });
    }
    return out;
  },
};

/** "Nghị định số 48/2013/NĐ-CP ngày 14/5/2015": the year in the number is the year of issue. */
export const citationYear: Check = {
  name: 'citation-year',
  run({ document, nationalDocuments }) {
    const out: Raw[] = [];
    // A document of the national list is checked more precisely by citation-national.
    const known = new Set((nationalDocuments ?? []).map((d) => d.number.toUpperCase()));
    for (const { p, c } of paragraphsWithCitations(document.paragraphs)) {
      const s = shape(c.number);
      if (known.has(c.key)) continue;
      if (!c.date || s.year === undefined || s.year === c.date.year) continue;
      out.push({
        code: 'citation-year',
        severity: 'error',
        message: `${c.type} số ${c.number} ban hành năm ${s.year} nhưng ngày ghi là ${c.date.text} (năm ${c.date.year}). Kiểm tra lại ngày ban hành.`,
        excerpt: excerptOf(p.text, c.start, c.end),
        location: textLocation(p, c.date.start, c.date.end),
      });
    }
    return out;
  },
};

/** The same document cited with different dates in one report. */
export const citationConsistency: Check = {
  name: 'citation-consistency',
  run({ document }) {
    const out: Raw[] = [];
    const first = new Map<string, { p: CheckParagraph; c: Citation }>();
    for (const { p, c } of paragraphsWithCitations(document.paragraphs)) {
      if (!c.date) continue;
      const key = `${c.type}|${c.key}`;
      const seen = first.get(key);
      if (!seen) {
        first.set(key, { p, c });
        continue;
      }
      const a = seen.c.date!;
      if (a.day === c.date.day && a.month === c.date.month && a.year === c.date.year) continue;
      out.push({
        code: 'citation-consistency',
        severity: 'error',
        message: `${c.type} số ${c.number} được ghi hai ngày khác nhau trong văn bản: ${a.text} (mục ${seen.p.sectionTitle.slice(0, 40)}) và ${c.date.text}.`,
        excerpt: excerptOf(p.text, c.start, c.end),
        location: textLocation(p, c.date.start, c.date.end),
      });
    }
    return out;
  },
};

/** A national document cited with a date other than its true one (resources/checks/van-ban-quoc-gia.json). */
export const citationNational: Check = {
  name: 'citation-national',
  run({ document, nationalDocuments }) {
    if (!nationalDocuments?.length) return [];
    const byNumber = new Map(nationalDocuments.map((d) => [d.number.toUpperCase(), d]));
    const out: Raw[] = [];
    for (const { p, c } of paragraphsWithCitations(document.paragraphs)) {
      const d: NationalDocument | undefined = byNumber.get(c.key);
      const ymd = d ? parseIsoDate(d.date) : null;
      if (!d || !ymd || !c.date) continue;
      if (ymd.day === c.date.day && ymd.month === c.date.month && ymd.year === c.date.year) continue;
      const expected = formatBodyDate(d.date);
      const before = p.text.slice(c.numberStart, c.date.end);
      out.push({
        code: 'citation-national',
        severity: 'error',
        message: `${d.type} số ${d.number} ban hành ngày ${expected} (${d.title}), không phải ngày ${c.date.text}.`,
        excerpt: excerptOf(p.text, c.start, c.end),
        location: textLocation(p, c.date.start, c.date.end),
        expected,
        fix: { before, after: before.slice(0, before.length - c.date.text.length) + expected },
      });
    }
    return out;
  },
};

/** "Quyết định số 436/QĐ-UBND, ngày 11/6/2019": no comma between the number and the date of a citation. */
export const citationComma: Check = {
  name: 'citation-comma',
  run({ document }) {
    const out: Raw[] = [];
    for (const { p, c } of paragraphsWithCitations(document.paragraphs)) {
      if (!c.date) continue;
      const between = p.text.slice(c.numberStart + c.number.length, c.date.start);
      if (!/^\s*,\s*ngày\s+$/.test(between)) continue;
      const before = `${c.number}${between}`;
      out.push({
        code: 'citation-comma',
        severity: 'info',
        message: `Không đặt dấu phẩy giữa số, ký hiệu và ngày ban hành: “${c.number} ngày ${c.date.text}”.`,
        excerpt: excerptOf(p.text, c.start, c.end),
        location: textLocation(p, c.numberStart + c.number.length, c.date.start),
        expected: `${c.number} ngày ${c.date.text}`,
        fix: { before, after: `${c.number} ngày ` },
      });
    }
    return out;
  },
};

export const CITATION_CHECKS: Check[] = [citationForm, citationComma, citationYear, citationConsistency, citationNational];
