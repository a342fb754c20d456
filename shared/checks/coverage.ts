/**
 * Outline coverage: sections left empty, appendices mentioned but missing or present but never mentioned, the
 * numbering of a single appendix, "[chưa có số liệu: …]" markers and sentences that report a zero.
 * PURE.
 */
import { tokenize } from './tokens';
import type { Check, Finding } from './types';
import { excerptOf, textLocation } from './where';

type Raw = Omit<Finding, 'id'>;

/** A heading followed by no paragraph and no sub-heading. */
export const emptySection: Check = {
  name: 'empty-section',
  run({ document }) {
    const ps = document.paragraphs;
    const out: Raw[] = [];
    ps.forEach((p, i) => {
      if (p.kind !== 'heading') return;
      const next = ps[i + 1];
      if (next && (next.kind === 'paragraph' ? !next.closing : (next.level ?? 0) > (p.level ?? 0))) return;
      out.push({
        code: 'empty-section',
        severity: 'warning',
        message: `Mục “${p.text.slice(0, 80)}” chưa có nội dung.`,
        excerpt: excerptOf(p.text, 0, Math.min(p.text.length, 80)),
        location: textLocation(p, 0, p.text.length),
      });
    });
    return out;
  },
};

const MENTION = /\b[Pp]hụ lục(?:\s+(?:số\s+)?([IVXLC]+|\d+)\b)?/gu;

/** Every appendix is mentioned in the text; every appendix mentioned exists; one appendix alone is "Phụ lục". */
export const appendixMentions: Check = {
  name: 'appendix-mentions',
  run({ document }) {
    const out: Raw[] = [];
    const mentioned = new Set<string>();
    let generic = false;
    const numerals = new Set(document.appendices.map((a) => a.numeral));
    for (const p of document.paragraphs) {
      if (p.kind === 'heading') continue;
      for (const m of p.text.matchAll(MENTION)) {
        if (!m[1]) {
          generic = true;
          continue;
        }
        mentioned.add(m[1]);
        if (document.source === 'report' && !numerals.has(m[1]) && !(numerals.size === 1 && m[1] === 'I')) {
          const start = m.index ?? 0;
          out.push({
            code: 'appendix-mentions',
            severity: 'error',
            message: `Văn bản nhắc tới “${m[0]}” nhưng báo cáo ${numerals.size ? `chỉ có ${[...numerals].map((n) => `Phụ lục ${n}`).join(', ')}` : 'không có phụ lục nào'}.`,
            excerpt: excerptOf(p.text, start, start + m[0].length, 20),
            location: textLocation(p, start, start + m[0].length),
          });
        }
      }
    }
    const single = document.appendices.length === 1;
    for (const a of document.appendices) {
      if (mentioned.has(a.numeral) || (single && generic)) continue;
      out.push({
        code: 'appendix-mentions',
        severity: 'warning',
        message: `${a.label} (${a.title.slice(0, 80)}) không được nhắc tới trong nội dung báo cáo; Nghị định 30/2020 yêu cầu văn bản có phụ lục phải có chỉ dẫn về phụ lục đó.`,
        excerpt: `${a.label}. ${a.title}`,
        location: { kind: 'appendix', appendixId: a.id, label: a.label },
        expected: `(chi tiết tại ${a.label} kèm theo)`,
      });
    }
    if (single && document.appendices[0].label !== 'Phụ lục') {
      const a = document.appendices[0];
      out.push({
        code: 'appendix-mentions',
        severity: 'warning',
        message: `Báo cáo chỉ có một phụ lục nên ghi “Phụ lục”, không đánh số “${a.label}” (Nghị định 30/2020 chỉ đánh số La Mã khi có từ hai phụ lục).`,
        excerpt: a.label,
        location: { kind: 'appendix', appendixId: a.id, label: a.label },
        expected: 'Phụ lục',
      });
    }
    return out;
  },
};

/** "[chưa có số liệu: …]" printed in place of a figure. */
export const missingFigures: Check = {
  name: 'missing-figures',
  run({ document }) {
    const out: Raw[] = [];
    for (const p of document.paragraphs)
      for (const [a, b] of p.missing)
        out.push({
          code: 'missing-figures',
          severity: 'error',
          message: `Báo cáo sẽ in “${p.text.slice(a, b)}”: hãy nhập số liệu này hoặc sửa câu văn.`,
          excerpt: excerptOf(p.text, a, b, 20),
          location: textLocation(p, a, b),
        });
    for (const a of document.appendices)
      a.rows.forEach((r, ri) =>
        r.cells.forEach((c, ci) => {
          if (!c.text.startsWith('[chưa có số liệu')) return;
          out.push({
            code: 'missing-figures',
            severity: 'error',
            message: `${a.label}, cột “${a.columns[ci]?.label ?? ''}”: ${c.text}.`,
            excerpt: c.text,
            location: { kind: 'appendix', appendixId: a.id, label: a.label, row: ri, column: ci },
          });
        }),
      );
    return out;
  },
};

/** "Kinh tế: 0 mô hình": a zero is usually better written "không có" or left out. */
export const zeroValues: Check = {
  name: 'zero-values',
  run({ document }) {
    const out: Raw[] = [];
    for (const p of document.paragraphs) {
      for (const t of tokenize(p.text)) {
        if (t.kind !== 'number' || !/^0+$/.test(t.text)) continue;
        const noun = /^\s+([\p{L}]+(?:\s[\p{L}]+)?)/u.exec(p.text.slice(t.end));
        if (!noun) continue;
        out.push({
          code: 'zero-values',
          severity: 'info',
          message: `Câu văn ghi số 0 (“${t.text}${noun[0]}”): cân nhắc viết “không có …” hoặc bỏ ý này.`,
          excerpt: excerptOf(p.text, t.start, t.end + noun[0].length, 25),
          location: textLocation(p, t.start, t.end),
        });
      }
    }
    return out;
  },
};

export const COVERAGE_CHECKS: Check[] = [emptySection, appendixMentions, missingFigures, zeroValues];
