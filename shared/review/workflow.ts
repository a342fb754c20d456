/**
 * The review of a year's report as a state machine: who may do what from which state, and the Vietnamese words
 * for states, roles and refusals. Used by the review service (the rules), the CLI and the renderer (labels).
 *
 *   draft ──submit──▶ submitted ──return──▶ returned ──submit──▶ submitted (next version)
 *                        └──approve──▶ approved ──issue──▶ issued
 *                                        └──unlock──▶ draft
 *
 * Roles are not security (the year files are on the clerk's machine); they keep each record's name and role right
 * and stop a step being taken by the wrong desk by mistake.
 * PURE.
 */

export const REVIEW_STATES = ['draft', 'submitted', 'returned', 'approved', 'issued'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const ROLES = ['chuyen-vien', 'lanh-dao', 'van-thu'] as const;
export type Role = (typeof ROLES)[number];

export const REVIEW_ACTIONS = ['submit', 'return', 'approve', 'unlock', 'issue'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const STATE_LABEL: Record<ReviewState, string> = {
  draft: 'Đang soạn',
  submitted: 'Trình lãnh đạo',
  returned: 'Trả lại',
  approved: 'Đã duyệt',
  issued: 'Đã phát hành',
};

export const ROLE_LABEL: Record<Role, string> = {
  'chuyen-vien': 'Chuyên viên',
  'lanh-dao': 'Lãnh đạo',
  'van-thu': 'Văn thư',
};

export const ACTION_LABEL: Record<ReviewAction, string> = {
  submit: 'Trình lãnh đạo',
  return: 'Trả lại',
  approve: 'Duyệt',
  unlock: 'Mở khóa để sửa',
  issue: 'Phát hành',
};

interface Rule {
  from: ReviewState[];
  to: ReviewState;
  roles: Role[];
  /** A note is required (send back: what to fix; unlock: why). */
  needsNote?: string;
}

export const RULES: Record<ReviewAction, Rule> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['chuyen-vien'] },
  return: { from: ['submitted'], to: 'returned', roles: ['lanh-dao'], needsNote: 'Trả lại cần ghi rõ nội dung cần sửa.' },
  approve: { from: ['submitted'], to: 'approved', roles: ['lanh-dao'] },
  unlock: { from: ['approved'], to: 'draft', roles: ['lanh-dao', 'chuyen-vien'], needsNote: 'Mở khóa để sửa cần ghi lý do.' },
  issue: { from: ['approved'], to: 'issued', roles: ['van-thu'] },
};

const WHY_NOT_FROM: Record<ReviewAction, Partial<Record<ReviewState, string>>> = {
  submit: {
    submitted: 'báo cáo đang chờ lãnh đạo xem (đã trình)',
    approved: 'báo cáo đã được duyệt; muốn sửa phải “Mở khóa để sửa”',
    issued: 'báo cáo đã phát hành',
  },
  return: { draft: 'báo cáo chưa được trình', returned: 'báo cáo đã được trả lại', approved: 'báo cáo đã được duyệt', issued: 'báo cáo đã phát hành' },
  approve: { draft: 'báo cáo chưa được trình', returned: 'báo cáo đã được trả lại, cần trình lại', approved: 'báo cáo đã được duyệt', issued: 'báo cáo đã phát hành' },
  unlock: {
    draft: 'báo cáo đang soạn, không bị khóa',
    submitted: 'báo cáo chưa được duyệt nên không bị khóa',
    returned: 'báo cáo chưa được duyệt nên không bị khóa',
    issued: 'báo cáo đã phát hành (đã có số và ngày) nên không mở khóa được',
  },
  issue: { draft: 'báo cáo chưa được duyệt', submitted: 'báo cáo chưa được duyệt', returned: 'báo cáo chưa được duyệt', issued: 'báo cáo đã phát hành' },
};

export interface Actor {
  name: string;
  role: Role;
}

/** Why `action` cannot be taken now (Vietnamese, ends with "; chưa lưu gì."), or null when it can. */
export function refusal(action: ReviewAction, state: ReviewState, actor: Actor | null, note?: string | null): string | null {
  const rule = RULES[action];
  const label = ACTION_LABEL[action];
  if (!rule.from.includes(state)) return `Không thể “${label}”: ${WHY_NOT_FROM[action][state] ?? `báo cáo đang ở trạng thái ${STATE_LABEL[state]}`}; chưa lưu gì.`;
  if (!actor) return `Không thể “${label}”: chưa chọn tên và vai trò của người dùng trên máy này; chưa lưu gì.`;
  if (!rule.roles.includes(actor.role))
    return `Không thể “${label}”: việc này do ${rule.roles.map((r) => ROLE_LABEL[r].toLocaleLowerCase('vi')).join(' hoặc ')} làm, ${actor.name} đang là ${ROLE_LABEL[actor.role].toLocaleLowerCase('vi')}; chưa lưu gì.`;
  if (rule.needsNote && !(note ?? '').trim()) return `${rule.needsNote} Chưa lưu gì.`;
  return null;
}

/** The state after `action` (the rule's target). */
export function nextState(action: ReviewAction): ReviewState {
  return RULES[action].to;
}

/** Actions the actor could take from `state` (for buttons). */
export function availableActions(state: ReviewState, actor: Actor | null): ReviewAction[] {
  return REVIEW_ACTIONS.filter((a) => RULES[a].from.includes(state) && (!actor || RULES[a].roles.includes(actor.role)));
}

/** "Nguyễn Văn A (Lãnh đạo)" — how a record names who did it. */
export function actorText(a: Actor): string {
  return `${a.name} (${ROLE_LABEL[a.role]})`;
}

/**
 * File names of the report's outputs: drafts are numbered and never overwritten; the final one only at issue;
 * 'working' is the clerk's working draft ("Tạo báo cáo"), rewritten at each click.
 */
export function outputNames(year: number, draft?: number | 'working'): { report: string; appendicesDocx: string; appendicesXlsx: string } {
  const tail = draft === undefined ? '' : draft === 'working' ? '-du-thao' : `-du-thao-${draft}`;
  return { report: `Bao-cao-${year}${tail}.docx`, appendicesDocx: `Phu-luc-${year}${tail}.docx`, appendicesXlsx: `Phu-luc-${year}${tail}.xlsx` };
}

/** The words every draft carries on every page. */
export const DRAFT_MARK = 'DỰ THẢO';
export function draftLabel(n: number): string {
  return `Dự thảo lần ${n}`;
}
