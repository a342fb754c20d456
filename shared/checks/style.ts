/**
 * Presentation per Nghị định 30/2020 and the house conventions of these reports: lettered points "a)", heading
 * numbering without gaps or repeats, the body ending "./.", one way of writing small counts and dates, the
 * capitals of Phụ lục II for the common cases, spacing and punctuation, balanced quotes and brackets, and no
 * instruction of the requesting body left inside a heading.
 *
 * Decisions:
 * - Count padding follows the year's setting when known, else the document's own majority; only the minority
 *   form is reported, so a document that is consistent is never flagged. Numbers after Điều/khoản/điểm/số/ngày,
 *   after a document type ("Chỉ thị 08"), and fixed periods ("6 tháng") are not counts.
 * - Dates in the body: day below 10 padded, month padded only for 1 and 2, unless the document pads every month
 *   (then that is its style).
 * - Capitals are reported only where the meaning is unambiguous ("của nhân dân", "Thủ tướng chính phủ",
 *   "Mặt trận tổ quốc", "của nhà nước"); "Ủy ban nhân dân", "cơ quan nhà nước" are left alone.
 * PURE.
 */
import { tokenize } from './tokens';
import type { Check, CheckInput, CheckParagraph, Finding } from './types';
import { excerptOf, overlaps, textLocation } from './where';

type Raw = Omit<Finding, 'id'>;

const body = (input: CheckInput) => input.document.paragraphs;

/** "a." instead of "a)" for a lettered point. */
export const pointLetter: Check = {
  name: 'point-letter',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      const m = /^([a-zđ])\.\s/.exec(p.text);
      if (p.kind !== 'heading' || !m) continue;
      out.push({
        code: 'point-letter',
        severity: 'warning',
        message: `Điểm “${m[1]}.” phải ghi là “${m[1]})” theo Nghị định 30/2020.`,
        excerpt: excerptOf(p.text, 0, Math.min(p.text.length, 40)),
        location: textLocation(p, 0, 2),
        expected: `${m[1]})`,
        fix: { before: `${m[1]}. `, after: `${m[1]}) ` },
      });
    }
    return out;
  },
};

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const LETTERS = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'];

function ordinal(level: number, number: string): { parent: string; n: number } | null {
  const t = number.replace(/[.)]$/, '');
  if (level === 1) {
    const i = ROMAN.indexOf(t);
    return i < 0 ? null : { parent: '', n: i + 1 };
  }
  if (level === 4) {
    const i = LETTERS.indexOf(t);
    return i < 0 ? null : { parent: '', n: i + 1 };
  }
  const parts = t.split('.').map(Number);
  if (parts.some((x) => !Number.isInteger(x))) return null;
  return { parent: parts.slice(0, -1).join('.'), n: parts[parts.length - 1] };
}

function show(level: number, n: number, parent: string): string {
  if (level === 1) return `${ROMAN[n - 1] ?? n}.`;
  if (level === 4) return `${LETTERS[n - 1] ?? '?'})`;
  return parent ? `${parent}.${n}.` : `${n}.`;
}

/** Heading numbering with gaps or repeats: I, II, IV; 1, 2, 4; 2.1, 2.3; a), c). */
export const headingNumbering: Check = {
  name: 'heading-numbering',
  run(input) {
    const out: Raw[] = [];
    // The last number seen at each level; a heading resets the levels below it.
    const last: ({ parent: string; n: number } | null)[] = [null, null, null, null, null];
    let list: { level: number; n: number } | null = null;
    for (const p of body(input)) {
      if (p.kind !== 'heading' || !p.level || !p.number) continue;
      const o = ordinal(p.level, p.number);
      if (!o) continue;
      const prev = last[p.level];
      const expectedN = prev && prev.parent === o.parent ? prev.n + 1 : 1;
      // "1. …" inside a sub-part ("2.3." or "b)") of an outside document starts a numbered list, not a new khoản;
      // its next items are skipped too, until a number that continues the outline.
      if (input.document.source === 'outside') {
        if (o.n === 1 && prev && last.slice(p.level + 1).some(Boolean)) {
          list = { level: p.level, n: 1 };
          continue;
        }
        if (list && list.level === p.level && o.n === list.n + 1 && o.n !== expectedN) {
          list.n++;
          continue;
        }
        list = null;
      }
      if (o.n !== expectedN && !(p.level === 3 && !prev)) {
        const what = o.n < expectedN ? 'bị lặp hoặc lùi lại' : 'bị nhảy cóc';
        out.push({
          code: 'heading-numbering',
          severity: 'warning',
          message: `Số thứ tự đề mục “${p.number}” ${what}: sau ${prev && prev.parent === o.parent ? `“${show(p.level, prev.n, prev.parent)}”` : 'đề mục cấp trên'} phải là “${show(p.level, expectedN, o.parent)}”.`,
          excerpt: excerptOf(p.text, 0, Math.min(p.text.length, 60)),
          location: textLocation(p, 0, p.number.length),
          expected: show(p.level, expectedN, o.parent),
        });
      }
      last[p.level] = o;
      for (let l = p.level + 1; l <= 4; l++) last[l] = null;
    }
    return out;
  },
};

/** The body ends "./." (Mẫu 1.4 of Phụ lục III). */
export const endMark: Check = {
  name: 'end-mark',
  run(input) {
    const ps = body(input).filter((p) => p.kind === 'paragraph');
    const closing = ps.filter((p) => p.closing);
    // An outside document with no closing part ("Trên đây là …") may be an appendix or an extract: say nothing.
    if (!closing.length && input.document.source === 'outside') return [];
    const lastP = (closing.length ? closing : ps)[(closing.length ? closing : ps).length - 1];
    if (!lastP || /\.\/\.\s*$/.test(lastP.text)) return [];
    const t = lastP.text.trimEnd();
    const after = t.endsWith('.') ? `${t}/.` : `${t}./.`;
    let cut = Math.max(0, t.length - 30);
    while (cut > 0 && /\S/.test(t[cut - 1])) cut--;
    const tail = t.slice(cut);
    return [
      {
        code: 'end-mark',
        severity: 'warning',
        message: 'Phần nội dung văn bản phải kết thúc bằng dấu “./.”.',
        excerpt: excerptOf(t, Math.max(0, t.length - 60), t.length),
        location: textLocation(lastP, t.length, t.length),
        expected: './.',
        fix: { before: tail, after: tail + after.slice(t.length) },
      },
    ];
  },
};

const NOT_COUNT_BEFORE =
  /(điều|khoản|điểm|mục|chương|phần|số|ngày|tháng|năm|lần thứ|loại|khóa|kỳ họp|quận|phường|phụ lục|nghị định|nghị quyết|quyết định|chỉ thị|thông tư|luật|kết luận|kế hoạch|công văn|báo cáo|tờ trình|hướng dẫn|thông báo|đề án|chương trình|quy định|cấp|nhóm|tổ|khu|thôn|đội|xóm|bản|ấp|giai đoạn|ngã|thứ|đợt|lần|vòng|kỳ|quý|tuần|lớp|khối|tập|trang|biểu|bảng|hình|mẫu|bước|tầng|tuyến|ô|câu)\s+$/;
/** Periods and amounts are not counts: "6 tháng", "2 tỷ đồng", "5 ha", "6 tuổi". */
const FIXED_PERIOD_AFTER = /^\s+(tháng|quý|tuần|giờ|phút|giây|tỷ|triệu|nghìn|ngàn|trăm|đồng|ha|km|m|m2|m²|kg|tấn|tạ|lít|tuổi|độ)(?=[\s,.;:)]|$)/;

interface CountUse {
  p: CheckParagraph;
  start: number;
  end: number;
  text: string;
  padded: boolean;
}

function countUses(input: CheckInput): CountUse[] {
  const out: CountUse[] = [];
  for (const p of body(input)) {
    const from = p.kind === 'heading' && p.number ? p.number.length : 0;
    for (const t of tokenize(p.text)) {
      if (t.kind !== 'number' || t.start < from || !/^0?[1-9]$/.test(t.text)) continue;
      const before = p.text.slice(Math.max(0, t.start - 20), t.start).toLocaleLowerCase('vi');
      const after = p.text.slice(t.end, t.end + 12);
      if (!/^\s+[\p{L}]/u.test(after) || NOT_COUNT_BEFORE.test(before) || FIXED_PERIOD_AFTER.test(after.toLocaleLowerCase('vi'))) continue;
      if (/[:(]\s*$/.test(before) && /^\s+[\p{Lu}]/u.test(after)) continue; // "(3 Phó Chủ tịch)" style lists of names
      out.push({ p, start: t.start, end: t.end, text: t.text, padded: t.padded });
    }
  }
  return out;
}

/** "03 năm" and "3 năm" in one report: counts below 10 written one way (the setting, or the document's majority). */
export const countPadding: Check = {
  name: 'count-padding',
  run(input) {
    const uses = countUses(input);
    const padded = uses.filter((u) => u.padded).length;
    const plain = uses.length - padded;
    const pad = input.padCounts ?? (padded === plain ? null : padded > plain);
    if (pad === null) return [];
    const rule = input.padCounts !== undefined ? 'theo cài đặt của năm' : 'như phần lớn văn bản';
    return uses
      .filter((u) => u.padded !== pad)
      .map((u) => {
        const expected = pad ? `0${u.text}` : u.text.replace(/^0/, '');
        const noun = /^\s+[\p{L}]+/u.exec(u.p.text.slice(u.end))?.[0] ?? '';
        return {
          code: 'count-padding',
          severity: 'warning' as const,
          message: `Số đếm “${u.text}${noun}” nên viết “${expected}${noun}” ${rule} (${pad ? 'số nhỏ hơn 10 có số 0 phía trước' : 'không thêm số 0 phía trước'}).`,
          excerpt: excerptOf(u.p.text, u.start, u.end + noun.length, 20),
          location: textLocation(u.p, u.start, u.end),
          expected: `${expected}${noun}`,
          fix: overlaps(u.p.generated, u.start, u.end) ? undefined : { before: `${u.text}${noun}`, after: `${expected}${noun}` },
        };
      });
  },
};

/** Body dates written in more than one way (17/04/2024 next to 25/5/2021), or a day below 10 without its 0. */
export const dateStyle: Check = {
  name: 'date-style',
  run(input) {
    const dates = body(input).flatMap((p) => tokenize(p.text).filter((t) => t.kind === 'date').map((t) => ({ p, t })));
    const months39 = dates.filter(({ t }) => t.date!.month >= 3 && t.date!.month <= 9);
    const padAll = months39.length > 0 && months39.filter(({ t }) => t.date!.monthText.length === 2).length > months39.length / 2;
    const out: Raw[] = [];
    for (const { p, t } of dates) {
      const d = t.date!;
      if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) continue;
      const day = d.day < 10 ? `0${d.day}` : String(d.day);
      const month = padAll || d.month <= 2 ? String(d.month).padStart(2, '0') : String(d.month);
      const expected = `${day}/${month}/${d.year}`;
      if (expected === t.text) continue;
      out.push({
        code: 'date-style',
        severity: 'warning',
        message: `Ngày “${t.text}” nên viết “${expected}” (${padAll ? 'văn bản ghi tháng có hai chữ số' : 'ngày dưới 10 và tháng 1, 2 có số 0 phía trước; các tháng khác không'}).`,
        excerpt: excerptOf(p.text, t.start, t.end, 20),
        location: textLocation(p, t.start, t.end),
        expected,
        fix: overlaps(p.generated, t.start, t.end) ? undefined : { before: t.text, after: expected },
      });
    }
    return out;
  },
};

const CAPITALS: { re: RegExp; right: (m: string) => string; why: string }[] = [
  {
    re: /(?<=\b(?:của|với|cho|đến|tới|để|cùng|kiến|toàn thể|vận động|tuyên truyền)\s)nhân dân(?!\s+(?:tỉnh|thành phố|huyện|xã|phường|quận|thị xã|các cấp))/gu,
    right: () => 'Nhân dân',
    why: '“Nhân dân” (chỉ toàn thể người dân) viết hoa chữ N theo Phụ lục II Nghị định 30/2020',
  },
  { re: /(?<=[\p{Ll},]\s)(?:Khoản|Điểm)(?=\s+(?:\d|[a-zđ]\s))/gu, right: (m) => m.toLocaleLowerCase('vi'), why: 'viện dẫn khoản, điểm viết thường (chỉ “Điều”, “Chương”, “Mục” viết hoa) theo Phụ lục II Nghị định 30/2020' },
  { re: /(?<=Thủ tướng\s)chính phủ/gu, right: () => 'Chính phủ', why: '“Thủ tướng Chính phủ” viết hoa chữ C' },
  { re: /(?<=Mặt trận\s)tổ quốc/gu, right: () => 'Tổ quốc', why: '“Mặt trận Tổ quốc” viết hoa chữ T' },
  { re: /(?<=\b(?:của|Đảng,|Đảng và)\s)nhà nước(?!\s+(?:các cấp|cấp))/gu, right: () => 'Nhà nước', why: '“Nhà nước” (danh từ riêng) viết hoa chữ N' },
];

/** Capitals of Phụ lục II for the common cases. */
export const capitals: Check = {
  name: 'capitals',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      for (const c of CAPITALS) {
        for (const m of p.text.matchAll(c.re)) {
          const start = m.index ?? 0;
          const end = start + m[0].length;
          const expected = c.right(m[0]);
          // The word before, whole, so the fix is found as written and only there.
          let from = Math.max(0, start - 12);
          while (from > 0 && /\S/.test(p.text[from - 1])) from--;
          const prev = p.text.slice(from, start);
          out.push({
            code: 'capitals',
            severity: 'warning',
            message: `Viết “${expected}” thay cho “${m[0]}”: ${c.why}.`,
            excerpt: excerptOf(p.text, start, end, 20),
            location: textLocation(p, start, end),
            expected,
            fix: { before: `${prev}${m[0]}`, after: `${prev}${expected}` },
          });
        }
      }
    }
    return out;
  },
};

const SPACING: { re: RegExp; message: string; after: (m: RegExpMatchArray) => string }[] = [
  // Not the blanks left for the văn thư ("Số:      /BC-UBND", "ngày      tháng      năm 2024"), nor empty table cells.
  { re: /(?<=[^\s|])(?<!Số:|ngày|tháng) {2,}(?=[^\s|/])(?!tháng|năm)/gu, message: 'Thừa dấu cách (hai dấu cách liền nhau).', after: () => ' ' },
  { re: /(?<=[\p{L}\d”")]) +(?=[,;:!?)])/gu, message: 'Thừa dấu cách trước dấu câu.', after: () => '' },
  { re: /(?<=[\p{L}\d]) +(?=\.(?![./]))/gu, message: 'Thừa dấu cách trước dấu chấm.', after: () => '' },
  { re: /(?<=\() +(?=\S)/gu, message: 'Thừa dấu cách sau dấu mở ngoặc.', after: () => '' },
];

/** Double spaces and a space before , . ; : ) or after (. */
export const spacing: Check = {
  name: 'spacing',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      for (const rule of SPACING) {
        for (const m of p.text.matchAll(rule.re)) {
          const start = m.index ?? 0;
          const end = start + m[0].length;
          // Whole words around the spaces, so the fix reads naturally and is unique in the paragraph.
          let a = Math.max(0, start - 1);
          while (a > 0 && !/\s/.test(p.text[a - 1])) a--;
          if (a > 0) a = Math.max(0, a - 1);
          while (a > 0 && !/\s/.test(p.text[a - 1])) a--;
          let b = Math.min(p.text.length, end + 1);
          while (b < p.text.length && !/\s/.test(p.text[b])) b++;
          const before = p.text.slice(a, b);
          const after = p.text.slice(a, start) + rule.after(m) + p.text.slice(end, b);
          out.push({
            code: 'spacing',
            severity: 'info',
            message: rule.message,
            excerpt: excerptOf(p.text, start, end, 15),
            location: textLocation(p, start, end),
            expected: after.trim(),
            fix: { before, after },
          });
        }
      }
    }
    return out;
  },
};

/** Unbalanced brackets and quotation marks in a paragraph. */
export const balance: Check = {
  name: 'balance',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      // A heading's own number ("a)") is not a bracket.
      const text = p.kind === 'heading' && p.number ? p.text.slice(p.number.length) : p.text;
      const count = (re: RegExp) => (text.match(re) ?? []).length;
      const problems: string[] = [];
      if (count(/\(/g) !== count(/\)/g)) problems.push('dấu ngoặc đơn “( )” không cân (mở và đóng không bằng nhau)');
      if (count(/“/g) !== count(/”/g)) problems.push('dấu ngoặc kép “ ” không cân');
      if (count(/"/g) % 2 === 1) problems.push('dấu ngoặc kép " lẻ');
      if (!problems.length) continue;
      out.push({
        code: 'balance',
        severity: 'warning',
        message: `Đoạn văn có ${problems.join('; ')}.`,
        excerpt: excerptOf(p.text, 0, Math.min(p.text.length, 80)),
        location: textLocation(p, 0, p.text.length),
      });
    }
    return out;
  },
};

const INSTRUCTION = /\((?:đề nghị\s+)?(?:nêu|ghi|báo cáo|đánh giá|liệt kê|thống kê|trình bày|phân tích|làm rõ)\s[^()]*\)\.?/giu;

/** "(nêu cụ thể …)" left from the requesting body's outline inside a heading. */
export const headingInstruction: Check = {
  name: 'heading-instruction',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      if (p.kind !== 'heading') continue;
      for (const m of p.text.matchAll(INSTRUCTION)) {
        const start = m.index ?? 0;
        out.push({
          code: 'heading-instruction',
          severity: 'warning',
          message: `Đề mục còn lời hướng dẫn của đề cương “${m[0].replace(/\.$/, '')}”: đây là yêu cầu cho người viết báo cáo, thường bỏ khi trình bày.`,
          excerpt: excerptOf(p.text, start, start + m[0].length, 20),
          location: textLocation(p, start, start + m[0].length),
          expected: `${p.text.slice(0, start).trimEnd()}${m[0].endsWith('.') ? '.' : ''}`,
        });
      }
    }
    return out;
  },
};

/** "3.848 đơn. trong đó …": a full stop followed by a lower-case word (a comma was meant, or a capital is missing). */
export const sentenceStart: Check = {
  name: 'sentence-start',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      for (const m of p.text.matchAll(/(?<=[\p{Ll}\d]{2})\. (?=[\p{Ll}])/gu)) {
        const start = m.index ?? 0;
        const before = p.text.slice(Math.max(0, start - 20), start);
        if (/\b(?:v\.v|tr|TP|Tp|tp|ThS|TS|PGS|GS|đ|St)$/.test(before)) continue;
        out.push({
          code: 'sentence-start',
          severity: 'warning',
          message: 'Sau dấu chấm, câu mới phải viết hoa; nếu câu chưa hết, hãy dùng dấu phẩy.',
          excerpt: excerptOf(p.text, start, start + 2, 20),
          location: textLocation(p, start, start + 1),
        });
      }
    }
    return out;
  },
};

/** "văn hóa – xã hội" next to "kinh tế - xã hội": one dash between words throughout (the document's majority). */
export const dashStyle: Check = {
  name: 'dash-style',
  run(input) {
    const uses: { p: CheckParagraph; at: number; dash: string }[] = [];
    for (const p of body(input))
      for (const m of p.text.matchAll(/(?<=[\p{L}\d)]) ([-–]) (?=[\p{L}\d(])/gu)) uses.push({ p, at: (m.index ?? 0) + 1, dash: m[1] });
    const en = uses.filter((u) => u.dash === '–').length;
    const hy = uses.length - en;
    if (!en || !hy || en === hy) return [];
    const want = hy > en ? '-' : '–';
    return uses
      .filter((u) => u.dash !== want)
      .map((u) => {
        const a = Math.max(0, u.p.text.lastIndexOf(' ', u.at - 2) + 1);
        const endWord = u.p.text.indexOf(' ', u.at + 2);
        const b = endWord < 0 ? u.p.text.length : endWord;
        const before = u.p.text.slice(a, b);
        return {
          code: 'dash-style',
          severity: 'info' as const,
          message: `Văn bản dùng hai loại gạch nối giữa các từ; phần lớn là “${want}”, chỗ này là “${u.dash}”.`,
          excerpt: excerptOf(u.p.text, u.at - 1, u.at + 2, 15),
          location: textLocation(u.p, u.at, u.at + 1),
          expected: before.replace(u.dash, want),
          fix: { before, after: before.replace(` ${u.dash} `, ` ${want} `) },
        };
      });
  },
};

const DANGLING = new Set(['và', 'của', 'các', 'những', 'với', 'cho', 'để', 'chưa', 'đã', 'được', 'là', 'hoặc', 'nhưng', 'mà', 'thì', 'nếu', 'tại', 'trong', 'về']);

/** "… các tổ chức chính trị - xã hội chưa.": a sentence that stops on a word that cannot end it (cut short). */
export const danglingWord: Check = {
  name: 'dangling-word',
  run(input) {
    const out: Raw[] = [];
    for (const p of body(input)) {
      if (p.kind !== 'paragraph') continue;
      for (const m of p.text.matchAll(/(?<=\s)([\p{Ll}]+)([.;])(?=\s|$)/gu)) {
        if (!DANGLING.has(m[1])) continue;
        const start = m.index ?? 0;
        out.push({
          code: 'dangling-word',
          severity: 'warning',
          message: `Câu kết thúc bằng “${m[1]}${m[2]}”: có thể câu văn bị thiếu ý (cắt ngang khi sửa); hãy đọc lại.`,
          excerpt: excerptOf(p.text, start, start + m[0].length, 40),
          location: textLocation(p, start, start + m[0].length),
        });
      }
    }
    return out;
  },
};

export const STYLE_CHECKS: Check[] = [sentenceStart, dashStyle, danglingWord, pointLetter, headingNumbering, endMark, countPadding, dateStyle, capitals, spacing, balance, headingInstruction];
