/**
 * The review's state machine, exhaustively: for every state, action and role, the step is allowed exactly where the
 * rules say (Đang soạn → Trình lãnh đạo → Trả lại / Đã duyệt → Đã phát hành; unlock back to Đang soạn), with a
 * Vietnamese refusal everywhere else; notes required where they must be; and the comparison of two versions.
 */
import { describe, expect, it } from 'vitest';
import { availableActions, nextState, outputNames, refusal, REVIEW_ACTIONS, REVIEW_STATES, ROLES, type ReviewAction, type ReviewState, type Role } from '../../shared/review/workflow';
import { anchorOfBlock, diffFigures } from '../../shared/review/compare';
import type { ReportDocument } from '../../shared/report/model';

const ALLOWED: [ReviewAction, ReviewState, Role][] = [
  ['submit', 'draft', 'chuyen-vien'],
  ['submit', 'returned', 'chuyen-vien'],
  ['return', 'submitted', 'lanh-dao'],
  ['approve', 'submitted', 'lanh-dao'],
  ['unlock', 'approved', 'lanh-dao'],
  ['unlock', 'approved', 'chuyen-vien'],
  ['issue', 'approved', 'van-thu'],
];

describe('the review state machine', () => {
  it('allows exactly the listed steps and refuses every other one in Vietnamese, saying nothing was saved', () => {
    for (const action of REVIEW_ACTIONS)
      for (const state of REVIEW_STATES)
        for (const role of ROLES) {
          const why = refusal(action, state, { name: 'Người thử', role }, 'ghi chú');
          const allowed = ALLOWED.some(([a, s, r]) => a === action && s === state && r === role);
          expect(why === null, `${action} from ${state} as ${role}: ${why}`).toBe(allowed);
          if (why) expect(why).toMatch(/chưa lưu gì\.$/i);
        }
  });

  it('goes where the issue says', () => {
    expect(REVIEW_ACTIONS.map((a) => [a, nextState(a)])).toEqual([
      ['submit', 'submitted'],
      ['return', 'returned'],
      ['approve', 'approved'],
      ['unlock', 'draft'],
      ['issue', 'issued'],
    ]);
  });

  it('refuses without a name and role, and without the note a return or an unlock needs', () => {
    expect(refusal('submit', 'draft', null)).toBe('Không thể “Trình lãnh đạo”: chưa chọn tên và vai trò của người dùng trên máy này; chưa lưu gì.');
    expect(refusal('return', 'submitted', { name: 'A', role: 'lanh-dao' }, '  ')).toBe('Trả lại cần ghi rõ nội dung cần sửa. Chưa lưu gì.');
    expect(refusal('unlock', 'approved', { name: 'A', role: 'lanh-dao' })).toBe('Mở khóa để sửa cần ghi lý do. Chưa lưu gì.');
    expect(refusal('approve', 'submitted', { name: 'A', role: 'chuyen-vien' })).toBe('Không thể “Duyệt”: việc này do lãnh đạo làm, A đang là chuyên viên; chưa lưu gì.');
    expect(refusal('unlock', 'issued', { name: 'A', role: 'lanh-dao' }, 'x')).toMatch(/đã phát hành \(đã có số và ngày\) nên không mở khóa được/);
  });

  it('offers each desk its own buttons', () => {
    expect(availableActions('submitted', { name: 'A', role: 'lanh-dao' })).toEqual(['return', 'approve']);
    expect(availableActions('submitted', { name: 'A', role: 'chuyen-vien' })).toEqual([]);
    expect(availableActions('approved', { name: 'A', role: 'van-thu' })).toEqual(['issue']);
  });

  it('names drafts by number and keeps the final name for the issue', () => {
    expect(outputNames(2024, 3).report).toBe('Bao-cao-2024-du-thao-3.docx');
    expect(outputNames(2024, 'working').appendicesXlsx).toBe('Phu-luc-2024-du-thao.xlsx');
    expect(outputNames(2024)).toEqual({ report: 'Bao-cao-2024.docx', appendicesDocx: 'Phu-luc-2024.docx', appendicesXlsx: 'Phu-luc-2024.xlsx' });
  });
});

describe('figures old → new', () => {
  it('lists only what changed, added or removed', () => {
    const f = (code: string, text: string) => ({ code, label: code, unit: 'vụ', text });
    expect(diffFigures([f('A', '755'), f('B', '1'), f('C', '2')], [f('A', '1.737'), f('B', '1'), f('D', '3')])).toEqual([
      { code: 'A', label: 'A', unit: 'vụ', from: '755', to: '1.737' },
      { code: 'D', label: 'D', unit: 'vụ', from: null, to: '3' },
      { code: 'C', label: 'C', unit: 'vụ', from: '2', to: null },
    ]);
  });
});

describe('where a clicked block of the report lies', () => {
  it('numbers paragraphs inside their section as the checks do; a heading is its whole section; then the closing', () => {
    const p = (text: string) => ({ kind: 'paragraph' as const, style: 'p' as const, runs: [{ text }] });
    const h = (sectionId: string) => ({ kind: 'heading' as const, level: 1 as const, sectionId, runs: [{ text: sectionId }] });
    const doc = { body: [p('mở đầu'), h('i'), p('a'), p('b'), h('ii'), p('c')], closing: [p('kết')] } as unknown as ReportDocument;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => anchorOfBlock(doc, i))).toEqual([
      { sectionId: 'opening', paragraph: 0 },
      { sectionId: 'i', paragraph: null },
      { sectionId: 'i', paragraph: 0 },
      { sectionId: 'i', paragraph: 1 },
      { sectionId: 'ii', paragraph: null },
      { sectionId: 'ii', paragraph: 0 },
      { sectionId: 'closing', paragraph: 0 },
      null,
    ]);
  });
});
