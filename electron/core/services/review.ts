/**
 * The review of a year's report: draft → submitted (version n) → returned / approved → issued, and unlock back to
 * draft. Each transition checks the state machine (shared/review/workflow) and the actor's role, and is recorded
 * with who, when and a note. Approval locks the year through the write gate (year-lock); unlock clears the lock.
 *
 * The write gate and the review: submit, return, approve, comments reach the year through `ensureYear` like any
 * write (refused while locked). Unlock, issue and the signed scan are the only writes allowed on a locked year:
 * they open the writable connection through `approvedOrOpen`, which lets through an approval lock only (never a
 * sealed one), and only after the state machine said the step is allowed from the current state.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewStatusDto, CommentDto, DiffDto, ScanDto, TransitionDto } from '../../../shared/rpc/review';
import { AppError } from '../../../shared/rpc/envelope';
import { actorText, nextState, refusal, REVIEW_STATES, ROLES, type Actor, type ReviewAction, type ReviewState } from '../../../shared/review/workflow';
import { diffFigures, diffText, sectionsOf, type FigureUsed } from '../../../shared/review/compare';
import type { ReportDocument } from '../../../shared/report/model';
import { formatDocumentNumber } from '../../../shared/format/number';
import { formatHeaderDate, isValidIsoDate } from '../../../shared/format/date';
import { requireWorkspace, type CoreContext } from '../context';
import { currentAccess, withAccess } from '../access';
import { inTransaction, type Db } from '../db/client';
import { readSettings } from '../db/repos/settings';
import * as repo from '../db/repos/review';
import { ensureYear } from './years';
import { lockedError, setYearLock, yearLock } from './year-lock';
import { identityOf } from './identity';
import { reportModel } from './report';
import { yearSummary } from './summary';
import { checkYear } from './checks';
import { copyScan, convertToPdf, reportFolder, scanType, sha256, writeVersionFiles } from './review-files';
import { fileInFolder } from './output-folder';

const UNLOCK_TEXT = 'Muốn sửa, lãnh đạo hoặc chuyên viên chọn “Mở khóa để sửa” trên trang Báo cáo (cần ghi lý do).';

export function stateOf(db: Db): ReviewState {
  const last = repo.lastTransition(db);
  return last && (REVIEW_STATES as readonly string[]).includes(last.toState) ? (last.toState as ReviewState) : 'draft';
}

/**
 * The writable year for unlock, issue and the scan: allowed while unlocked or locked by approval (these steps come
 * after approval), refused when sealed by the archive. Only the review calls it, after its own state check.
 */
function approvedOrOpen(ctx: CoreContext, year: number): Db {
  if (currentAccess() === 'read') throw new AppError('Internal', 'Lệnh chỉ đọc không được ghi dữ liệu năm.');
  const db = requireWorkspace(ctx).db(year);
  const lock = yearLock(db);
  if (lock && lock.state !== 'approved') throw lockedError(year, lock);
  return db;
}

function must(action: ReviewAction, db: Db, me: Actor | null, note?: string | null): Actor {
  const why = refusal(action, stateOf(db), me, note);
  if (why) throw new AppError(me && why.includes('việc này do') ? 'Forbidden' : 'Precondition', why);
  return me!;
}

function parseDetail(raw: string | null): TransitionDto['detail'] {
  return raw ? (JSON.parse(raw) as TransitionDto['detail']) : null;
}

const asRole = (r: string) => ((ROLES as readonly string[]).includes(r) ? r : 'chuyen-vien') as Actor['role'];

function commentDto(c: repo.CommentRow): CommentDto {
  return { ...c, byRole: asRole(c.byRole) };
}

export function statusOf(db: Db, year: number): ReviewStatusDto {
  const transitions: TransitionDto[] = repo.listTransitions(db).map((t) => ({
    ...t,
    action: t.action as ReviewAction,
    fromState: t.fromState as ReviewState,
    toState: t.toState as ReviewState,
    byRole: asRole(t.byRole),
    detail: parseDetail(t.detail),
  }));
  const versions = repo.listVersions(db).map((v) => ({ ...v, files: JSON.parse(v.files) as { name: string; size: number; sha256: string }[] }));
  const state = stateOf(db);
  const issue = state === 'issued' ? [...transitions].reverse().find((t) => t.action === 'issue') : undefined;
  const symbol = readSettings(db).documentSymbol;
  return {
    year,
    state,
    version: versions.filter((v) => v.kind === 'draft').reduce((n, v) => Math.max(n, v.number), 0),
    lock: yearLock(db),
    issued:
      issue && issue.detail?.number !== undefined && issue.detail.date
        ? { number: issue.detail.number, documentNumber: formatDocumentNumber(issue.detail.number, symbol), date: issue.detail.date, by: issue.byName, at: issue.at }
        : null,
    transitions,
    versions,
    comments: repo.listComments(db).map(commentDto),
    scans: repo.listScans(db),
  };
}

export function reviewStatus(ctx: CoreContext, year: number): ReviewStatusDto {
  return statusOf(ensureYear(ctx, year), year);
}

function record(db: Db, action: ReviewAction, from: ReviewState, me: Actor, at: string, o: { version?: number | null; note?: string | null; detail?: object } = {}): void {
  repo.addTransition(db, {
    action,
    fromState: from,
    toState: nextState(action),
    version: o.version ?? null,
    note: o.note?.trim() || null,
    detail: o.detail ? JSON.stringify(o.detail) : null,
    byName: me.name,
    byRole: me.role,
    at,
  });
}

/** The indicators as this version prints them (for the figures old → new). */
function figuresUsed(ctx: CoreContext, year: number): FigureUsed[] {
  return yearSummary(ctx, year).indicators.map((i) => ({ code: i.code, label: i.label, unit: i.unit, text: i.text }));
}

/** The state may not move while files were being written: a second window submitting at once is refused. */
function sameState(db: Db, expected: ReviewState, version?: number): void {
  if (stateOf(db) !== expected || (version !== undefined && repo.nextVersionNumber(db) !== version))
    throw new AppError('Conflict', 'Trạng thái báo cáo vừa được thay đổi ở nơi khác; hãy tải lại trang rồi làm lại. Chưa lưu gì.');
}

/**
 * Records a version whose files were just written; when recording fails (another window took the step first, a
 * full disk), the files, which no version names, are removed so the next attempt can write them.
 */
function recordedOrRemoved(ctx: CoreContext, year: number, files: { name: string }[], record: () => void): void {
  try {
    record();
  } catch (e) {
    for (const f of files) rmSync(join(reportFolder(ctx, year), f.name), { force: true });
    throw e;
  }
}

/** Chuyên viên: version n (model, figures, settings, draft files with their sha256), handed to the leader. */
export async function submitReport(ctx: CoreContext, year: number, note?: string): Promise<ReviewStatusDto> {
  const db = ensureYear(ctx, year);
  const me = must('submit', db, identityOf(ctx), note);
  const from = stateOf(db);
  const n = repo.nextVersionNumber(db);
  const model = reportModel(ctx, year);
  const figures = figuresUsed(ctx, year);
  const settings = readSettings(db);
  const files = await writeVersionFiles(ctx, year, model, n);
  const at = ctx.now();
  recordedOrRemoved(ctx, year, files, () =>
    inTransaction(db, () => {
      sameState(db, from, n);
      repo.addVersion(db, {
        number: n,
        kind: 'draft',
        modelJson: JSON.stringify(model),
        figuresJson: JSON.stringify(figures),
        settingsJson: JSON.stringify(settings),
        files: JSON.stringify(files),
        createdAt: at,
        createdBy: actorText(me),
      });
      record(db, 'submit', from, me, at, { version: n, note });
    }),
  );
  return statusOf(db, year);
}

/** Lãnh đạo: sends the submitted version back with a note (what to fix). */
export function returnReport(ctx: CoreContext, year: number, note: string): ReviewStatusDto {
  const db = ensureYear(ctx, year);
  const me = must('return', db, identityOf(ctx), note);
  inTransaction(db, () => {
    sameState(db, 'submitted');
    record(db, 'return', 'submitted', me, ctx.now(), { version: repo.nextVersionNumber(db) - 1, note });
  });
  return statusOf(db, year);
}

/**
 * Lãnh đạo: approves the submitted version and locks the year. Refused when the report changed since it was
 * submitted (the leader would approve what they did not read), and while the checks find errors not dismissed,
 * unless `override` gives the reason (recorded with the number of open errors).
 */
export function approveReport(ctx: CoreContext, year: number, note?: string, override?: string): ReviewStatusDto {
  const db = ensureYear(ctx, year);
  const me = must('approve', db, identityOf(ctx), note);
  const n = repo.nextVersionNumber(db) - 1;
  const submitted = repo.getVersion(db, n);
  if (!submitted || submitted.modelJson !== JSON.stringify(reportModel(ctx, year)))
    throw new AppError('Precondition', `Báo cáo đã được sửa sau khi trình (dự thảo lần ${n}); chuyên viên cần trình lại trước khi duyệt. Chưa lưu gì.`);
  const openErrors = checkYear(ctx, year).counts.error;
  if (openErrors > 0 && !override?.trim())
    throw new AppError(
      'Precondition',
      `Kết quả kiểm tra còn ${openErrors} lỗi chưa xử lý. Hãy trả lại để chuyên viên sửa, hoặc ghi lý do vẫn duyệt; chưa lưu gì.`,
    );
  const at = ctx.now();
  inTransaction(db, () => {
    sameState(db, 'submitted');
    record(db, 'approve', 'submitted', me, at, { version: n, note, detail: openErrors > 0 ? { override: override!.trim(), openErrors } : undefined });
    setYearLock(db, { state: 'approved', by: actorText(me), at, reason: note?.trim() || undefined, unlock: UNLOCK_TEXT });
  });
  return statusOf(db, year);
}

/** "Mở khóa để sửa": back to draft with the reason; the year's data can be edited again. */
export function unlockReport(ctx: CoreContext, year: number, reason: string): ReviewStatusDto {
  const db = approvedOrOpen(ctx, year);
  const me = must('unlock', db, identityOf(ctx), reason);
  inTransaction(db, () => {
    sameState(db, 'approved');
    record(db, 'unlock', 'approved', me, ctx.now(), { note: reason });
    setYearLock(db, null);
  });
  return statusOf(db, year);
}

/** Văn thư: number and date; the final report and appendices (no draft mark) are written once. */
export async function issueReport(ctx: CoreContext, year: number, number: number, date: string): Promise<ReviewStatusDto> {
  if (!isValidIsoDate(date)) throw new AppError('Validation', `Ngày ${date} không có thật; chưa lưu gì.`);
  const db = approvedOrOpen(ctx, year);
  const me = must('issue', db, identityOf(ctx));
  // The year is locked: the model is built through a read-only connection, exactly as approved.
  const model = withAccess('read', () => reportModel(ctx, year, { issueDate: date, documentNumber: number }));
  const figures = withAccess('read', () => figuresUsed(ctx, year));
  const settings = readSettings(db);
  const n = repo.nextVersionNumber(db);
  const files = await writeVersionFiles(ctx, year, model);
  const at = ctx.now();
  const documentNumber = formatDocumentNumber(number, settings.documentSymbol);
  recordedOrRemoved(ctx, year, files, () =>
    inTransaction(db, () => {
      sameState(db, 'approved', n);
      repo.addVersion(db, {
        number: n,
        kind: 'final',
        modelJson: JSON.stringify(model),
        figuresJson: JSON.stringify(figures),
        settingsJson: JSON.stringify(settings),
        files: JSON.stringify(files),
        createdAt: at,
        createdBy: actorText(me),
      });
      record(db, 'issue', 'approved', me, at, { version: n, detail: { number, date } });
      setYearLock(db, {
        state: 'approved',
        by: actorText(me),
        at,
        reason: `Đã phát hành: số ${documentNumber}, ${formatHeaderDate(date)}`,
        unlock: 'Báo cáo đã phát hành nên không sửa được nữa.',
      });
    }),
  );
  return statusOf(db, year);
}

/** Lãnh đạo: a comment on a section (paragraph null) or a paragraph of the submitted version. */
export function addReviewComment(ctx: CoreContext, year: number, sectionId: string, paragraph: number | null, text: string): CommentDto {
  const db = ensureYear(ctx, year);
  const me = identityOf(ctx);
  if (stateOf(db) !== 'submitted') throw new AppError('Precondition', 'Chỉ góp ý được khi báo cáo đang trình lãnh đạo; chưa lưu gì.');
  if (!me || me.role !== 'lanh-dao') throw new AppError('Forbidden', 'Góp ý trên bản trình do lãnh đạo viết; chưa lưu gì.');
  const n = repo.nextVersionNumber(db) - 1;
  const model = JSON.parse(repo.getVersion(db, n)!.modelJson) as ReportDocument;
  const section = sectionsOf(model).find((s) => s.sectionId === sectionId);
  if (!section) throw new AppError('NotFound', `Dự thảo lần ${n} không có mục này; chưa lưu gì.`);
  const target = paragraph === null ? section.title : section.paragraphs[paragraph];
  if (target === undefined) throw new AppError('NotFound', `Mục “${section.title}” không có đoạn thứ ${paragraph! + 1}; chưa lưu gì.`);
  const excerpt = target.length > 160 ? `${target.slice(0, 157)}…` : target;
  return commentDto(
    inTransaction(db, () => repo.addComment(db, { version: n, sectionId, paragraph, excerpt, text: text.trim(), byName: me.name, byRole: me.role, at: ctx.now() })),
  );
}

/** The clerk marks a comment resolved (after editing the narrative). */
export function resolveReviewComment(ctx: CoreContext, year: number, id: number): CommentDto {
  const db = ensureYear(ctx, year);
  const me = identityOf(ctx);
  if (!me) throw new AppError('Precondition', 'Chưa chọn tên và vai trò của người dùng trên máy này; chưa lưu gì.');
  const c = repo.getComment(db, id);
  if (!c) throw new AppError('NotFound', 'Không có góp ý này.');
  if (c.resolvedAt) throw new AppError('Conflict', `Góp ý này đã được ${c.resolvedBy} đánh dấu đã xử lý.`);
  return commentDto(inTransaction(db, () => repo.resolveComment(db, id, actorText(me), ctx.now())));
}

/** Two versions compared: the text word by word, section by section, and the figures old → new. */
export function compareVersions(ctx: CoreContext, year: number, from: number, to: number): DiffDto {
  const db = ensureYear(ctx, year);
  const get = (n: number) => {
    const v = repo.getVersion(db, n);
    if (!v) throw new AppError('NotFound', `Năm ${year} chưa có phiên bản ${n}.`);
    return v;
  };
  const a = get(from);
  const b = get(to);
  return {
    from,
    to,
    sections: diffText(JSON.parse(a.modelJson) as ReportDocument, JSON.parse(b.modelJson) as ReportDocument),
    figures: diffFigures(JSON.parse(a.figuresJson) as FigureUsed[], JSON.parse(b.figuresJson) as FigureUsed[]),
  };
}

/** A .docx of the report folder as PDF (LibreOffice), listed beside it. */
export async function reportPdf(ctx: CoreContext, year: number, name: string) {
  ensureYear(ctx, year);
  if (!/\.docx$/i.test(name)) throw new AppError('Validation', `Chỉ chuyển được tệp .docx sang PDF (${name}).`);
  const dir = reportFolder(ctx, year);
  const pdfName = await convertToPdf(ctx, year, name, fileInFolder(dir, name, `thư mục báo cáo năm ${year}`));
  const { size, mtime } = statSync(fileInFolder(dir, pdfName, `thư mục báo cáo năm ${year}`));
  return { name: pdfName, size, modifiedAt: mtime.toISOString() };
}

/** Văn thư: the scan of the signed paper, kept in the year file with its sha256 and copied to "tonghop-<năm>/ban-ky/". */
export function attachSignedScan(ctx: CoreContext, year: number, name: string, bytes: Buffer): ScanDto {
  const { mime, ext } = scanType(name, bytes);
  const db = approvedOrOpen(ctx, year);
  const me = identityOf(ctx);
  if (stateOf(db) !== 'issued') throw new AppError('Precondition', 'Chỉ đính kèm bản ký sau khi báo cáo đã phát hành (đã có số và ngày); chưa lưu gì.');
  if (!me || me.role !== 'van-thu') throw new AppError('Forbidden', 'Bản ký do văn thư đính kèm; chưa lưu gì.');
  const issued = statusOf(db, year).issued!;
  const stored = copyScan(ctx, year, `Ban-ky-${year}-so-${issued.number}`, ext, bytes);
  return inTransaction(db, () =>
    repo.addScan(db, { name, storedName: stored, mime, size: bytes.length, sha256: sha256(bytes), bytes, at: ctx.now(), byName: actorText(me) }),
  );
}

export function readSignedScan(ctx: CoreContext, year: number, id: number) {
  const s = repo.scanBytes(ensureYear(ctx, year), id);
  if (!s) throw new AppError('NotFound', 'Không có bản ký này.');
  return { name: s.name, mime: s.mime, base64: s.bytes.toString('base64') };
}
