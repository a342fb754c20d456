/**
 * Contracts for the review of a year's report: who is at this machine, the state with its history, the versions
 * submitted to the leader, their comparison, comments, each transition (submit, return, approve, unlock, issue),
 * PDF and the signed scan. Transitions write; unlock, issue and the scan are allowed on an approved (locked) year
 * by the review service itself, which checks the state machine first.
 */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { OutputFileDto } from './report';
import { REVIEW_ACTIONS, REVIEW_STATES, ROLES } from '../review/workflow';

export const RoleDto = z.enum(ROLES);
export const IdentityDto = z.object({ name: z.string(), role: RoleDto });
export type IdentityDto = z.infer<typeof IdentityDto>;

const Name = z.string().trim().min(2, 'Họ tên cần ít nhất 2 ký tự.').max(80, 'Họ tên dài quá 80 ký tự.');
const Note = z.string().trim().max(2000, 'Ghi chú dài quá 2.000 ký tự.');

export const TransitionDto = z.object({
  id: z.number().int(),
  action: z.enum(REVIEW_ACTIONS),
  fromState: z.enum(REVIEW_STATES),
  toState: z.enum(REVIEW_STATES),
  version: z.number().int().nullable(),
  note: z.string().nullable(),
  /** Issue number and date; the reason for approving over open errors. */
  detail: z.object({ number: z.number().int().optional(), date: z.string().optional(), override: z.string().optional(), openErrors: z.number().int().optional() }).nullable(),
  byName: z.string(),
  byRole: RoleDto,
  at: z.string(),
});
export type TransitionDto = z.infer<typeof TransitionDto>;

export const VersionFileDto = z.object({ name: z.string(), size: z.number().int(), sha256: z.string() });
export const VersionDto = z.object({
  number: z.number().int(),
  kind: z.enum(['draft', 'final']),
  createdAt: z.string(),
  createdBy: z.string(),
  files: z.array(VersionFileDto),
});
export type VersionDto = z.infer<typeof VersionDto>;

export const CommentDto = z.object({
  id: z.number().int(),
  version: z.number().int(),
  sectionId: z.string(),
  /** null: the whole section. */
  paragraph: z.number().int().nullable(),
  excerpt: z.string(),
  text: z.string(),
  byName: z.string(),
  byRole: RoleDto,
  at: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type CommentDto = z.infer<typeof CommentDto>;

export const ScanDto = z.object({ id: z.number().int(), name: z.string(), storedName: z.string(), mime: z.string(), size: z.number().int(), sha256: z.string(), at: z.string(), byName: z.string() });
export type ScanDto = z.infer<typeof ScanDto>;

export const ReviewStatusDto = z.object({
  year: z.number().int(),
  state: z.enum(REVIEW_STATES),
  /** The latest version submitted (0: none yet). */
  version: z.number().int(),
  lock: z.object({ state: z.string(), by: z.string(), at: z.string(), reason: z.string().optional(), unlock: z.string() }).nullable(),
  issued: z.object({ number: z.number().int(), documentNumber: z.string(), date: z.string(), by: z.string(), at: z.string() }).nullable(),
  transitions: z.array(TransitionDto),
  versions: z.array(VersionDto),
  comments: z.array(CommentDto),
  scans: z.array(ScanDto),
});
export type ReviewStatusDto = z.infer<typeof ReviewStatusDto>;

export const DiffDto = z.object({
  from: z.number().int(),
  to: z.number().int(),
  sections: z.array(
    z.object({
      sectionId: z.string(),
      title: z.string(),
      changed: z.boolean(),
      parts: z.array(z.object({ text: z.string(), op: z.enum(['same', 'added', 'removed']) })),
    }),
  ),
  figures: z.array(z.object({ code: z.string(), label: z.string(), unit: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
});
export type DiffDto = z.infer<typeof DiffDto>;

const Y = z.object({ year: YearNumber });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày cần có dạng năm-tháng-ngày, ví dụ 2024-05-08.');
const FileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Tên tệp không hợp lệ');

export const reviewRpc = {
  /** The display name and role chosen on this machine for this workspace; null until chosen. */
  identity: contract({ channel: 'review:identity', writes: false, input: z.object({}), output: IdentityDto.nullable() }),
  /** Chooses (or changes) the name and role of this machine; written to the workspace, not to a year file. */
  setIdentity: contract({ channel: 'review:set-identity', writes: true, input: z.object({ name: Name, role: RoleDto }), output: IdentityDto }),
  status: contract({ channel: 'review:status', writes: false, input: Y, output: ReviewStatusDto }),
  /** Chuyên viên: stores version n (model, figures, settings, draft files "…-du-thao-n") and hands it to the leader. */
  submit: contract({ channel: 'review:submit', writes: true, input: Y.extend({ note: Note.optional() }), output: ReviewStatusDto }),
  /** Lãnh đạo: sends the version back; the note is required. */
  return: contract({ channel: 'review:return', writes: true, input: Y.extend({ note: Note }), output: ReviewStatusDto }),
  /** Lãnh đạo: approves and locks the year; open errors of the checks need `override` (the reason). */
  approve: contract({ channel: 'review:approve', writes: true, input: Y.extend({ note: Note.optional(), override: Note.optional() }), output: ReviewStatusDto }),
  /** Unlocks an approved year for editing, back to draft; the reason is required. */
  unlock: contract({ channel: 'review:unlock', writes: true, input: Y.extend({ reason: Note }), output: ReviewStatusDto }),
  /** Văn thư: number and date; writes the final report and appendices. */
  issue: contract({
    channel: 'review:issue',
    writes: true,
    input: Y.extend({ number: z.number().int().min(1, 'Số văn bản phải từ 1 trở lên.').max(99999, 'Số văn bản quá lớn.'), date: IsoDate }),
    output: ReviewStatusDto,
  }),
  comment: contract({
    channel: 'review:comment',
    writes: true,
    input: Y.extend({ sectionId: z.string().min(1), paragraph: z.number().int().min(0).nullable(), text: z.string().trim().min(1, 'Góp ý không được để trống.').max(2000, 'Góp ý dài quá 2.000 ký tự.') }),
    output: CommentDto,
  }),
  resolveComment: contract({ channel: 'review:resolve-comment', writes: true, input: Y.extend({ id: z.number().int() }), output: CommentDto }),
  diff: contract({ channel: 'review:diff', writes: false, input: Y.extend({ from: z.number().int(), to: z.number().int() }), output: DiffDto }),
  /** A .docx of the report folder as PDF through LibreOffice (kept beside it; made once). */
  pdf: contract({ channel: 'review:pdf', writes: false, input: Y.extend({ name: FileName }), output: OutputFileDto }),
  /** Văn thư: the scan of the signed paper (PDF, PNG or JPEG, at most 20 MB). */
  attachSigned: contract({
    channel: 'review:attach-signed',
    writes: true,
    input: Y.extend({ name: z.string().min(1).max(200), base64: z.string() }),
    output: ScanDto,
  }),
  readScan: contract({ channel: 'review:read-scan', writes: false, input: Y.extend({ id: z.number().int() }), output: z.object({ name: z.string(), mime: z.string(), base64: z.string() }) }),
};
