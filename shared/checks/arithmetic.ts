/**
 * Arithmetic inside the text itself, with or without data: a ratio and its percentage ("162/163 … 99,4%"),
 * "tiếp nhận A …, thành công B …, đạt z%", "A …, trong đó B … (chiếm z%)", "tăng/giảm z% so với … (A …)", and
 * wholes split into parts ("N …, gồm a …, b … và c …"; "N mô hình (Kinh tế: a mô hình; …)").
 *
 * Decisions:
 * - A pairing that is not clear-cut says nothing: exactly the expected numbers, in the expected order, with the
 *   expected cue words, inside one sentence. A false alarm on a correct sentence is a bug.
 * - A percentage is compared at the precision it is written with: "57%" for 4/7 is right, "57,2%" is not.
 * - "trong đó" never announces a partition; "gồm"/"bao gồm" do, up to the item joined by "và".
 * PURE.
 */
import { compare, sub, sum } from '../domain/decimal';
import { formatNumber } from '../format/number';
import { percent, plainNumbers, sentences, tokenize, writePercent, type NumToken } from './tokens';
import type { Check, CheckParagraph, Finding } from './types';
import { excerptOf, textLocation } from './where';

type Raw = Omit<Finding, 'id'>;

interface Sentence {
  p: CheckParagraph;
  start: number;
  end: number;
  tokens: NumToken[];
}

function eachSentence(paragraphs: CheckParagraph[], fn: (s: Sentence) => void): void {
  for (const p of paragraphs) {
    const all = tokenize(p.text);
    for (const [start, end] of sentences(p.text)) fn({ p, start, end, tokens: all.filter((t) => t.start >= start && t.end <= end) });
  }
}

const fold = (s: string) => s.toLocaleLowerCase('vi');

function percentFinding(s: Sentence, from: number, pct: NumToken, expected: string, code: string, why: string): Raw {
  const text = s.p.text;
  const shown = writePercent(expected, pct.decimals);
  // The percentage alone when it is unique in the paragraph: the numbers before it may come from placeholders.
  const unique = text.indexOf(pct.text) === text.lastIndexOf(pct.text);
  const before = unique ? pct.text : text.slice(from, pct.end);
  const after = unique ? shown : text.slice(from, pct.start) + shown;
  return {
    code,
    severity: 'error',
    message: `Tỷ lệ ${pct.text} không khớp: ${why} = ${shown}.`,
    excerpt: excerptOf(text, from, pct.end),
    location: textLocation(s.p, pct.start, pct.end),
    expected: shown,
    fix: { before, after },
  };
}

/** "162/163 đơn khiếu nại (đạt 99,4%)": the percentage of a ratio written just before it. */
export const ratioPercent: Check = {
  name: 'ratio-percent',
  run({ document }) {
    const out: Raw[] = [];
    eachSentence(document.paragraphs, (s) => {
      s.tokens.forEach((t, i) => {
        const next = s.tokens[i + 1];
        if (t.kind !== 'ratio' || !next || next.kind !== 'percent') return;
        if (next.start - t.end > 80 || /[;:]/.test(s.p.text.slice(t.end, next.start))) return;
        const exp = percent(t.value, t.denominator!, next.decimals);
        if (exp === null || compare(exp, next.value) === 0) return;
        out.push(percentFinding(s, t.start, next, exp, 'ratio-percent', `${t.text} tính ra`));
      });
    });
    return out;
  },
};

const BASE_CUES = /(tiếp nhận|nhận được|đã nhận|nhận|tổng số|tổng cộng|thụ lý|kế hoạch|đăng ký)\s*$/;
const RESULT_CUES = /(thành công|giải quyết xong|giải quyết|hoàn thành|đã xử lý|xử lý xong|đạt yêu cầu|công nhận)/;

/** "tiếp nhận 755 vụ, hòa giải thành công 630 vụ, đạt 83,4%": B/A from the two counts before "đạt". */
export const resultPercent: Check = {
  name: 'result-percent',
  run({ document }) {
    const out: Raw[] = [];
    eachSentence(document.paragraphs, (s) => {
      const text = s.p.text;
      s.tokens.forEach((pct, i) => {
        if (pct.kind !== 'percent') return;
        const lead = fold(text.slice(Math.max(s.start, pct.start - 14), pct.start));
        if (!/(đạt|đạt tỷ lệ|đạt tỉ lệ)\s*$/.test(lead)) return;
        // The counts since the previous percentage or ratio in this sentence.
        let j = i - 1;
        while (j >= 0 && s.tokens[j].kind !== 'percent' && s.tokens[j].kind !== 'ratio') j--;
        const window = s.tokens.slice(j + 1, i);
        if (window.some((t) => t.kind === 'ratio')) return;
        // "Trong 6 tháng đầu năm, tiếp nhận …": a length of time is not one of the two counts.
        const nums = plainNumbers(window).filter((t) => !/^\s+(tháng|năm|quý|tuần|ngày)(?=[\s,.;:)]|$)/.test(text.slice(t.end, t.end + 8)));
        if (nums.length !== 2) return;
        const [a, b] = nums;
        const beforeA = fold(text.slice(Math.max(s.start, a.start - 30), a.start));
        const between = fold(text.slice(a.end, b.start));
        if (!BASE_CUES.test(beforeA) || !RESULT_CUES.test(between) || /trong đó|gồm/.test(between)) return;
        const exp = percent(b.value, a.value, pct.decimals);
        if (exp === null || compare(exp, pct.value) === 0) return;
        out.push(percentFinding(s, a.start, pct, exp, 'result-percent', `${b.text}/${a.text}`));
      });
    });
    return out;
  },
};

/** "tiếp nhận 3.848 đơn, trong đó 2.932 đơn đủ điều kiện (chiếm 76,2% …)": the share of the whole named before "trong đó". */
export const sharePercent: Check = {
  name: 'share-percent',
  run({ document }) {
    const out: Raw[] = [];
    eachSentence(document.paragraphs, (s) => {
      const text = s.p.text;
      const low = fold(text);
      s.tokens.forEach((pct, i) => {
        if (pct.kind !== 'percent') return;
        if (!/chiếm(\s+tỷ lệ|\s+tỉ lệ)?\s*$/.test(low.slice(Math.max(s.start, pct.start - 16), pct.start))) return;
        const inner = low.lastIndexOf('trong đó', pct.start);
        if (inner < s.start) return;
        const before = s.tokens.slice(0, i).filter((t) => t.end <= inner);
        const after = s.tokens.slice(0, i).filter((t) => t.start >= inner);
        const whole = before[before.length - 1];
        if (!whole || whole.kind !== 'number' || after.length !== 1 || after[0].kind !== 'number') return;
        if (/[;:]/.test(text.slice(whole.end, inner))) return;
        const part = after[0];
        const exp = percent(part.value, whole.value, pct.decimals);
        if (exp === null || compare(exp, pct.value) === 0) return;
        out.push(percentFinding(s, whole.start, pct, exp, 'share-percent', `${part.text}/${whole.text}`));
      });
    });
    return out;
  },
};

/** "đạt 180 mô hình, tăng 20% so với năm 2022 (150 mô hình)": the change from the figure in brackets. */
export const changePercent: Check = {
  name: 'change-percent',
  run({ document }) {
    const out: Raw[] = [];
    eachSentence(document.paragraphs, (s) => {
      const text = s.p.text;
      const low = fold(text);
      s.tokens.forEach((pct, i) => {
        if (pct.kind !== 'percent') return;
        const m = /(tăng|giảm)\s*$/.exec(low.slice(Math.max(s.start, pct.start - 8), pct.start));
        if (!m) return;
        const rest = low.slice(pct.end, s.end);
        const so = /^\s*so với[^()]{0,40}\(/.exec(rest);
        if (!so) return;
        const open = pct.end + so[0].length;
        const close = text.indexOf(')', open);
        if (close < 0) return;
        const inBr = s.tokens.filter((t) => t.start >= open && t.end <= close);
        const prev = s.tokens.slice(0, i);
        const cur = prev[prev.length - 1];
        if (inBr.length !== 1 || inBr[0].kind !== 'number' || !cur || cur.kind !== 'number' || pct.start - cur.end > 40) return;
        const base = inBr[0];
        const up = m[1] === 'tăng';
        const diff = up ? sub(cur.value, base.value) : sub(base.value, cur.value);
        const exp = percent(diff, base.value, pct.decimals);
        if (exp === null) return;
        if (exp.startsWith('-')) {
          out.push({
            code: 'change-percent',
            severity: 'error',
            message: `Câu ghi “${m[1]} ${pct.text}” nhưng ${formatNumber(cur.value)} so với ${formatNumber(base.value)} là ${up ? 'giảm' : 'tăng'}.`,
            excerpt: excerptOf(text, cur.start, close + 1),
            location: textLocation(s.p, pct.start, pct.end),
          });
          return;
        }
        if (compare(exp, pct.value) === 0) return;
        const why = up ? `(${cur.text} − ${base.text})/${base.text}` : `(${base.text} − ${cur.text})/${base.text}`;
        out.push(percentFinding(s, cur.start, pct, exp, 'change-percent', why));
      });
    });
    return out;
  },
};

function partitionFinding(p: CheckParagraph, whole: NumToken, parts: NumToken[], end: number): Raw | null {
  const total = sum(parts.map((t) => t.value));
  if (compare(total, whole.value) === 0) return null;
  return {
    code: 'partition-sum',
    severity: 'error',
    message: `Tổng ${formatNumber(whole.value)} không bằng tổng các phần: ${parts.map((t) => t.text).join(' + ')} = ${formatNumber(total)}.`,
    excerpt: excerptOf(p.text, whole.start, end),
    location: textLocation(p, whole.start, end),
    expected: formatNumber(total),
  };
}

/** "12 lượt TTHC, gồm: … 06 TTHC, … 03 TTHC và … 03 TTHC": the parts of a whole add up to it. */
export const partitionSum: Check = {
  name: 'partition-sum',
  run({ document }) {
    const out: Raw[] = [];
    eachSentence(document.paragraphs, (s) => {
      const text = s.p.text;
      const low = fold(text);
      for (const m of low.slice(s.start, s.end).matchAll(/(?:bao )?gồm:?\s/g)) {
        const at = s.start + (m.index ?? 0);
        const prev = s.tokens.filter((t) => t.end <= at);
        const whole = prev[prev.length - 1];
        if (!whole || whole.kind !== 'number' || at - whole.end > 60) continue;
        // Items after "gồm", up to the end of the bracket or clause; the item after " và " is the last one.
        const from = at + m[0].length;
        let stop = s.end;
        const closers = [text.indexOf(')', from), text.indexOf(';', from), text.indexOf('(', from)].filter((x) => x >= 0 && x < stop);
        if (closers.length) stop = Math.min(...closers);
        const seg = low.slice(from, stop);
        const items: [number, number][] = [];
        let pos = 0;
        let last = false;
        for (const sep of seg.matchAll(/,\s+|\s+và\s+/g)) {
          items.push([from + pos, from + (sep.index ?? 0)]);
          pos = (sep.index ?? 0) + sep[0].length;
          if (sep[0].includes('và')) {
            last = true;
            break;
          }
        }
        if (last) {
          const rest = seg.slice(pos);
          const cut = rest.search(/,\s/);
          items.push([from + pos, from + pos + (cut < 0 ? rest.length : cut)]);
        } else items.push([from + pos, stop]);
        const parts: NumToken[] = [];
        let clear = items.length >= 2;
        for (const [a, b] of items) {
          const inItem = s.tokens.filter((t) => t.start >= a && t.end <= b);
          if (inItem.length !== 1 || inItem[0].kind !== 'number') clear = false;
          else parts.push(inItem[0]);
        }
        if (!clear) continue;
        const f = partitionFinding(s.p, whole, parts, items[items.length - 1][1]);
        if (f) out.push(f);
      }
    });
    // "18 mô hình (Kinh tế: 01 mô hình; Văn hóa - xã hội: 11 mô hình; …)": the items are split by ";", so the whole paragraph is read.
    for (const p of document.paragraphs) {
      const text = p.text;
      const tokens = tokenize(text);
        for (const t of tokens) {
          if (t.kind !== 'number') continue;
          const noun = /^\s+([\p{L}]+(?:\s[\p{L}]+)?)\s*\(/u.exec(text.slice(t.end, t.end + 40));
          if (!noun) continue;
          const open = t.end + noun[0].length;
          const close = text.indexOf(')', open);
          if (close < 0) continue;
          const items = text.slice(open, close).split(';');
          if (items.length < 2) continue;
          const unit = fold(noun[1]);
          const parts: NumToken[] = [];
          let pos = open;
          let clear = true;
          for (const item of items) {
            const m = /^\s*[^:()]+:\s*(\S+)\s+(.+?)\s*$/u.exec(item);
            const inItem = tokens.filter((x) => x.start >= pos && x.end <= pos + item.length);
            if (!m || fold(m[2]) !== unit || inItem.length !== 1 || inItem[0].kind !== 'number') clear = false;
            else parts.push(inItem[0]);
            pos += item.length + 1;
          }
          if (!clear) continue;
          const f = partitionFinding(p, t, parts, close + 1);
          if (f) out.push(f);
        }
    }
    return out;
  },
};

export const ARITHMETIC_CHECKS: Check[] = [ratioPercent, resultPercent, sharePercent, changePercent, partitionSum];
