/**
 * Unit returns: a dry run over a batch of files, then commits of chosen files, each in its own transaction with
 * its original bytes. Checked files stay staged in memory (by sha256) until committed, so the renderer sends the
 * bytes once; a staged file is re-read at commit, so a commit always reflects the database as it is then.
 */
import { createHash } from 'node:crypto';
import { WHOLE_PERIOD } from '../../../shared/domain/records';
import { formatDateTime, localIsoDate } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import type { FigureSource } from '../../../shared/rpc/figures';
import { compareMade, madeAtText, planBatch, skippedCheck, statusWithDecisions } from '../../../shared/domain/import-batch';
import {
  MAX_RETURN_BYTES,
  type ChangeCounts,
  type CommitChoice,
  type CommitResult,
  type Decision,
  type DiffEntry,
  type FileCheck,
  type FileTimes,
  type ImportProblem,
  type LayoutMapping,
  type ProvenanceEntry,
  type ReturnsStatus,
} from '../../../shared/rpc/imports';
import type { CoreContext } from '../context';
import { inTransaction, type Db } from '../db/client';
import { asAppError } from '../faults/messages';
import { inWriteTransaction } from '../faults/retry';
import { currentImportOf, currentImports, findMapping, importById, importCounts, importsBySha, importTimes, insertImport, saveMapping } from '../db/repos/imports';
import { replaceUnitListRows, unitListRows } from '../db/repos/lists';
import { allUnitNotes, unitNotes, writeUnitNotes } from '../db/repos/unit-notes';
import { listFigures, unitFigureMap, writeUnitSlots } from '../db/repos/figures';
import { listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { noteSections } from '../forms/layout';
import { mappingFromConfirmation, readReturn, type ReadReturn, type YearScope } from '../import/read-return';
import { readXlsx, XlsxReadError, type Workbook } from '../xlsx/read';
import { ensureYear } from './years';

interface Staged {
  id: string;
  year: number;
  fileName: string;
  bytes: Uint8Array;
  /** The file's modified time on disk as the host saw it (ISO), or null. */
  modifiedAt: string | null;
}

/** Files checked but not yet committed, per core. Bounded: the oldest are dropped past 1,000 files or 400 MB. */
const staging = new WeakMap<CoreContext, Map<string, Staged>>();
const MAX_STAGED = 1000;
const MAX_STAGED_BYTES = 400 * 1024 * 1024;
/** A return that would remove this many stored figures or more needs the clerk's confirmation. */
export const ERASE_CONFIRM_AT = 3;

function stageOf(ctx: CoreContext): Map<string, Staged> {
  let m = staging.get(ctx);
  if (!m) staging.set(ctx, (m = new Map()));
  return m;
}

function stage(ctx: CoreContext, s: Staged): void {
  const m = stageOf(ctx);
  m.delete(s.id);
  m.set(s.id, s);
  let total = 0;
  for (const x of m.values()) total += x.bytes.length;
  for (const [k, x] of m) {
    if (m.size <= MAX_STAGED && total <= MAX_STAGED_BYTES) break;
    m.delete(k);
    total -= x.bytes.length;
  }
}

function scopeOf(db: Db, year: number): YearScope {
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa nhập được báo cáo của đơn vị.`);
  return { year, template: yt.template, period: yt.regime.period, units: listUnits(db) };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function validIso(s: string | undefined | null): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function staged0(year: number, f: { name: string; bytes: Uint8Array; modifiedAt?: string | null }): Staged {
  return { id: sha256(f.bytes), year, fileName: f.name, bytes: f.bytes, modifiedAt: validIso(f.modifiedAt) };
}

function emptyCheck(s: Staged, problems: ImportProblem[]): FileCheck {
  return {
    id: s.id,
    fileName: s.fileName,
    size: s.bytes.length,
    status: 'refused',
    decisions: [],
    times: { savedAt: null, fileModifiedAt: s.modifiedAt, generatedAt: null },
    unitChoices: [],
    layout: null,
    unit: null,
    counts: { figures: 0, listRows: 0, notes: 0 },
    problems,
    replaces: null,
    diff: [],
    listChanges: [],
    noteChanges: [],
    proposal: null,
    mappingRemembered: false,
  };
}

/** Parses a file; a refusal (the reader tells what the file really is) comes back as the problem to show. */
function parse(s: Staged): Workbook | ImportProblem {
  try {
    return readXlsx(s.bytes, s.fileName, { maxFileBytes: MAX_RETURN_BYTES });
  } catch (e) {
    if (e instanceof XlsxReadError) return { severity: 'error', message: e.message };
    throw e;
  }
}

/** Stored rows equal the rows read (same values in the same order)? */
function sameRows(old: { values: string }[], rows: { values: Record<string, string> }[]): boolean {
  return old.length === rows.length && old.every((r, i) => r.values === JSON.stringify(rows[i].values));
}

interface Evaluated {
  check: FileCheck;
  read: ReadReturn | null;
  /** An own-layout mapping accepted on the command line for this file, saved with it. */
  mapping?: { unitId: number; fingerprint: string; mapping: LayoutMapping };
}

/** The clerk's answers for one file; on the command line also "accept the proposed own-layout mapping". */
export interface Choice extends Omit<CommitChoice, 'id'> {
  acceptMapping?: boolean;
}

/** The times stored with an accepted return (none for returns imported before times were kept). */
function storedTimes(summary: string): FileTimes {
  try {
    const t = (JSON.parse(summary) as { times?: Partial<FileTimes> }).times;
    return { savedAt: t?.savedAt ?? null, fileModifiedAt: t?.fileModifiedAt ?? null, generatedAt: t?.generatedAt ?? null };
  } catch {
    return { savedAt: null, fileModifiedAt: null, generatedAt: null };
  }
}

/** Label of a section for the clerk: "2.4. Xây dựng mô hình…". */
function sectionLabels(t: YearScope['template']): Map<string, string> {
  const out = new Map<string, string>();
  for (const { section } of noteSections(t)) out.set(section.id, `${section.number ? `${section.number} ` : ''}${section.heading}`.trim());
  return out;
}

/**
 * Reads one staged file against the year and describes exactly what committing it would do, and what the clerk
 * must accept first. Stores nothing. `choice` carries the clerk's answers (decisions accepted, the unit chosen).
 */
function evaluate(db: Db, scope: YearScope, s: Staged, choice?: Choice): Evaluated {
  const wb = parse(s);
  if (!('sheets' in wb)) return { check: emptyCheck(s, [wb]), read: null };
  let read = readReturn(wb, s.fileName, scope, (fp) => findMapping(db, fp), { unitId: choice?.unitId });
  let accepted: Evaluated['mapping'];
  if (choice?.acceptMapping && read.layout === 'own' && read.proposal && !read.mappingRemembered) {
    const p = read.proposal;
    const unitId = choice.unitId ?? p.unitGuess;
    if (unitId !== null && unitId !== undefined) {
      const mapping = mappingFromConfirmation(
        p,
        p.rows.map((r) => ({ row: r.row, code: r.code })),
        p.columns.map((c) => ({ col: c.col, year: c.year })),
      );
      accepted = { unitId, fingerprint: p.fingerprint, mapping };
      read = readReturn(wb, s.fileName, scope, (fp) => (fp === p.fingerprint ? { unitId, mapping } : findMapping(db, fp)));
    } else read.problems.push({ severity: 'warning', message: 'Chưa biết tệp này của đơn vị nào nên chưa ghép được; hãy cho biết đơn vị (--map TỆP=MÃ_ĐƠN_VỊ).' });
  }
  const check = emptyCheck(s, read.problems);
  check.times = { savedAt: wb.savedAt ?? null, fileModifiedAt: s.modifiedAt, generatedAt: read.generatedAt };
  check.layout = read.layout;
  check.proposal = read.proposal;
  check.mappingRemembered = read.mappingRemembered;
  if (read.fatal) return { check, read };
  const notes = read.notes?.filter((n) => n.text).length ?? 0;
  check.counts = {
    figures: read.figures.filter((f) => f.value !== null).length,
    listRows: [...read.lists.values()].reduce((n, rows) => n + rows.length, 0),
    notes,
  };
  const errors = read.problems.filter((p) => p.severity === 'error').length;
  const unit = read.unit;
  if (read.unitDoubt && unit) {
    check.unitChoices = [unit, ...read.unitDoubt.named].map((u) => ({ id: u.id, code: u.code, name: u.name }));
    check.decisions = [{ kind: 'unit', message: read.unitDoubt.message }];
    return { check: { ...check, status: errors ? 'refused' : 'needs-decision' }, read };
  }
  if (!unit) return { check: { ...check, status: errors ? 'refused' : 'needs-mapping' }, read };
  check.unit = { id: unit.id, code: unit.code, name: unit.name };
  if (accepted) return { ...finish(db, scope, s, check, read, choice), mapping: accepted };
  return finish(db, scope, s, check, read, choice);
}

/** The diff and the decisions of a file whose unit is known and that has no error. */
function finish(db: Db, scope: YearScope, s: Staged, check: FileCheck, read: ReadReturn, choice?: Choice): Evaluated {
  const unit = read.unit!;
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  // A refused file changes nothing: no diff is shown for it.
  if (errors) return { check, read };

  const current = unitFigureMap(db, unit.id);
  const inds = new Map(scope.template.indicators.map((i) => [i.code, i]));
  check.diff = read.figures
    .map((f): DiffEntry | null => {
      const old = current.get(`${f.code}|${f.year}`) ?? null;
      if (old === f.value) return null;
      const ind = inds.get(f.code)!;
      return { code: f.code, label: ind.label, unit: ind.unit, year: f.year, old, new: f.value };
    })
    .filter((d): d is DiffEntry => d !== null);
  const rowsNow = read.lists.size ? unitListRows(db, unit.id) : [];
  for (const [listId, rows] of read.lists) {
    const old = rowsNow.filter((r) => r.listId === listId);
    if (!sameRows(old, rows)) check.listChanges.push({ label: scope.template.lists.find((l) => l.id === listId)!.label, before: old.length, after: rows.length });
  }
  if (read.notes) {
    const now = unitNotes(db, unit.id);
    const labels = sectionLabels(scope.template);
    for (const n of read.notes)
      if ((now.get(n.sectionId) ?? '') !== n.text)
        check.noteChanges.push({ sectionId: n.sectionId, section: labels.get(n.sectionId) ?? n.sectionId, before: now.get(n.sectionId) ?? null, after: n.text || null });
  }

  const prev = currentImportOf(db, unit.id);
  if (prev?.sha256 === s.id) {
    check.problems = [{ severity: 'warning', message: `Tệp này đã được nhập lúc ${formatDateTime(prev.importedAt)} và đang là báo cáo hiện hành của đơn vị; không có gì mới.` }, ...check.problems];
    return { check: { ...check, status: 'unchanged' }, read };
  }
  if (prev) check.replaces = { importId: prev.id, fileName: prev.fileName, importedAt: prev.importedAt };

  const decisions: Decision[] = [];
  const earlier = importsBySha(db, s.id).find((r) => r.unitId === unit.id);
  if (earlier && prev)
    decisions.push({
      kind: 'older',
      message: `Bản cũ hơn — bỏ qua: tệp này đã được nhập lúc ${formatDateTime(earlier.importedAt)} (“${earlier.fileName}”) và sau đó đã được thay bằng “${prev.fileName}” (nhập lúc ${formatDateTime(prev.importedAt)}). Nhập lại sẽ đưa số liệu của ${unit.name} về bản cũ.`,
    });
  else if (prev) {
    const was = storedTimes(prev.summary);
    // Saved at the same moment or unknown: the file that arrives later is taken as the newer one.
    if (compareMade(check.times, was) === -1)
      decisions.push({
        kind: 'older',
        message: `Bản cũ hơn — bỏ qua: tệp này ${madeAtText(check.times)}, cũ hơn báo cáo hiện hành của ${unit.name} là “${prev.fileName}” (${madeAtText(was)}). Nhập sẽ thay số liệu mới bằng số liệu cũ.`,
      });
  }
  const erased = check.diff.filter((d) => d.old !== null && d.new === null).length;
  if (check.counts.figures === 0 && check.counts.listRows === 0 && check.counts.notes === 0)
    decisions.push({
      kind: 'empty',
      message: `Tệp không có số liệu nào (mọi ô để trống)${erased ? ` và sẽ xóa ${erased} số liệu đã có của ${unit.name}` : ''}. Có thể đơn vị gửi nhầm biểu mẫu trống: chỉ nhập khi đơn vị xác nhận không có gì để báo cáo.`,
    });
  else if (erased >= ERASE_CONFIRM_AT)
    decisions.push({
      kind: 'erase',
      message: `Tệp này sẽ xóa ${erased} số liệu đã có của ${unit.name} (các ô để trống hoặc ghi “-” trong tệp). Hãy xem danh sách thay đổi và chỉ nhập khi chắc chắn đơn vị muốn xóa các số này.`,
    });
  const accepted = new Set(choice?.accept ?? []);
  check.decisions = decisions.filter((d) => !accepted.has(d.kind) && !(d.kind === 'choose' && accepted.has('older')));
  check.status = statusWithDecisions({ ...check, status: 'ready' });
  return { check, read };
}

/** Dry run: reads and validates each file, stages it, stores nothing. Batch rules are applied by `planBatch`. */
export function checkFiles(ctx: CoreContext, year: number, files: { name: string; bytes: Uint8Array; modifiedAt?: string | null }[]): FileCheck[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  return files.map((f) => {
    const s = staged0(year, f);
    const { check } = evaluate(db, scope, s);
    if (check.status !== 'refused' || check.proposal) stage(ctx, s);
    return check;
  });
}

export function checkUploaded(ctx: CoreContext, year: number, files: { name: string; base64: string; modifiedAt?: string }[]): FileCheck[] {
  return checkFiles(
    ctx,
    year,
    files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')), modifiedAt: f.modifiedAt })),
  );
}

function staged(ctx: CoreContext, year: number, id: string): Staged {
  const s = stageOf(ctx).get(id);
  if (!s || s.year !== year) throw new AppError('NotFound', 'Tệp này chưa được kiểm tra hoặc đã quá lâu; hãy chọn lại tệp để kiểm tra.');
  return s;
}

/** Checks a staged file again with the clerk's answers (unit chosen, decisions accepted): what committing it with them would do. */
export function recheck(ctx: CoreContext, year: number, choice: CommitChoice): FileCheck {
  const db = ensureYear(ctx, year);
  return evaluate(db, scopeOf(db, year), staged(ctx, year, choice.id), choice).check;
}

/** Records the clerk's confirmation of an own-layout file (unit and rows) and reads the file through it. */
export function confirmMapping(
  ctx: CoreContext,
  year: number,
  input: { id: string; unitId: number; rows: { row: number; code: string | null }[]; columns: { col: number; year: number | null }[] },
): FileCheck {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const s = staged(ctx, year, input.id);
  const first = evaluate(db, scope, s);
  const proposal = first.read?.proposal;
  if (!proposal || first.read?.layout !== 'own') throw new AppError('Precondition', `Tệp “${s.fileName}” là biểu mẫu của ứng dụng, không cần ghép dòng.`);
  const unit = scope.units.find((u) => u.id === input.unitId && u.active);
  if (!unit) throw new AppError('NotFound', 'Không tìm thấy đơn vị đã chọn (hoặc đơn vị đã ngừng báo cáo).');
  const codes = new Set(scope.template.indicators.filter((i) => i.kind !== 'ratio').map((i) => i.code));
  const bad = input.rows.find((r) => r.code !== null && !codes.has(r.code));
  if (bad) throw new AppError('Validation', `Chỉ tiêu “${bad.code}” không có trong mẫu báo cáo hoặc là tỷ lệ được tính tự động.`);
  const mapping = mappingFromConfirmation(proposal, input.rows, input.columns);
  if (!mapping.rows.length) throw new AppError('Validation', 'Chưa ghép dòng nào với chỉ tiêu; hãy chọn chỉ tiêu cho ít nhất một dòng.');
  if (!mapping.columns.length) throw new AppError('Validation', 'Chưa chọn cột năm nào; hãy cho biết cột nào là năm nào.');
  inTransaction(db, () => saveMapping(db, unit.id, proposal.fingerprint, mapping, ctx.actor, ctx.now()));
  return evaluate(db, scope, s).check;
}

/** Stores one evaluated file in one transaction. Returns the new import id and what changed. */
function store(ctx: CoreContext, db: Db, s: Staged, { read, check, mapping }: Evaluated): { importId: number; changes: ChangeCounts } {
  const unit = read!.unit!;
  const at = ctx.now();
  return inTransaction(db, () => {
    if (mapping) saveMapping(db, mapping.unitId, mapping.fingerprint, mapping.mapping, ctx.actor, at);
    const warnings = check.problems.filter((p) => p.severity === 'warning');
    const importId = insertImport(db, {
      unitId: unit.id,
      fileName: s.fileName,
      sha256: s.id,
      bytes: s.bytes,
      layout: read!.layout,
      summary: JSON.stringify({ counts: check.counts, warnings, diff: check.diff.length, times: check.times }),
      warningCount: warnings.length,
      at,
      actor: ctx.actor,
    });
    const src = (sheet: string, cell: string): FigureSource => ({ kind: 'import', importId, file: s.fileName, sheet, cell });
    const changes: ChangeCounts = { figures: 0, listRows: 0, notes: 0 };
    changes.figures = writeUnitSlots(
      db,
      unit.id,
      read!.figures.map((f) => ({ code: f.code, year: f.year, value: f.value, source: src(f.sheet, f.cell) })),
      ctx.actor,
      at,
    );
    if (read!.lists.size) {
      const existing = unitListRows(db, unit.id);
      for (const [listId, rows] of read!.lists) {
        const old = existing.filter((r) => r.listId === listId);
        if (sameRows(old, rows)) continue;
        const fresh = rows.map((r) => ({ values: JSON.stringify(r.values), source: src(r.sheet, r.cell) }));
        replaceUnitListRows(db, unit.id, listId, old, fresh, src('', ''), ctx.actor, at);
        changes.listRows += old.length + rows.length;
      }
    }
    if (read!.notes) changes.notes = writeUnitNotes(db, unit.id, read!.notes, { kind: 'import', importId, file: s.fileName, sheet: '', cell: '' }, ctx.actor, at);
    return { importId, changes };
  });
}

/** "3 số liệu, 1 danh sách (4 → 5 dòng), 1 mục thuyết minh" — what a file changes, in the clerk's words. */
export function changesText(c: { diff: unknown[]; listChanges: unknown[]; noteChanges: unknown[] }): string {
  const parts = [`${c.diff.length} số liệu`];
  if (c.listChanges.length) parts.push(`${c.listChanges.length} danh sách`);
  if (c.noteChanges.length) parts.push(`${c.noteChanges.length} mục thuyết minh`);
  return parts.join(', ');
}

function commitEvaluated(ctx: CoreContext, db: Db, s: Staged, evaluated: Evaluated): CommitResult {
  const { check, read } = evaluated;
  const base = { id: s.id, fileName: s.fileName, importId: null, changed: 0, changes: { figures: 0, listRows: 0, notes: 0 } };
  const refused = (message: string): CommitResult => ({ ...base, status: 'refused', message });
  switch (check.status) {
    case 'unchanged':
      return { ...base, status: 'unchanged', message: 'Tệp này đã là báo cáo hiện hành của đơn vị; không nhập lại.' };
    case 'refused': {
      const errors = check.problems.filter((p) => p.severity === 'error');
      const shown = errors
        .slice(0, 5)
        .map((p) => `${p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}: ` : ''}${p.message}`)
        .join('; ');
      return refused(`Chưa lưu gì từ tệp này vì có ${errors.length} lỗi: ${shown}${errors.length > 5 ? '; …' : ''}`);
    }
    case 'skipped':
      return refused(`Không đọc tệp này: ${check.problems[0]?.message ?? ''}`);
    case 'needs-mapping':
      return refused('Tệp theo bố cục riêng của đơn vị: cần xác nhận đơn vị và cách ghép dòng trước khi nhập. Chưa lưu gì.');
    case 'older':
    case 'needs-decision':
      return refused(`Chưa lưu gì: ${check.decisions.map((d) => d.message).join(' ')}`);
    case 'ready':
      break;
  }
  const { importId, changes } = store(ctx, db, s, evaluated);
  return {
    ...base,
    status: 'imported',
    importId,
    changed: changes.figures + changes.listRows + changes.notes,
    changes,
    message: `Đã nhập báo cáo của ${read!.unit!.name}: ${check.counts.figures} số liệu, ${check.counts.listRows} dòng danh sách, ${check.counts.notes} mục thuyết minh; thay đổi ${changesText(check)}.`,
  };
}

/** Commits staged files one by one, each all-or-nothing; a file needing a decision is stored only when `choices` accepts it. */
export function commitFiles(ctx: CoreContext, year: number, ids: string[], choices: CommitChoice[] = []): CommitResult[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const choiceOf = new Map(choices.map((c) => [c.id, c]));
  return ids.map((id) => {
    const s = stageOf(ctx).get(id);
    if (!s || s.year !== year)
      return {
        id,
        fileName: '',
        status: 'refused' as const,
        importId: null,
        changed: 0,
        changes: { figures: 0, listRows: 0, notes: 0 },
        message: 'Tệp chưa được kiểm tra hoặc đã quá lâu; hãy chọn lại tệp.',
      };
    const r = commitEvaluated(ctx, db, s, evaluate(db, scope, s, choiceOf.get(id)));
    if (r.status !== 'refused') stageOf(ctx).delete(id);
    return r;
  });
}

/** Files written per outer transaction on the command-line path; each file still has its own (nested) one. */
const BATCH = 50;

/**
 * The command-line path. First every file is read and checked against the year as it is (the dry run), then the
 * batch rules pick the newest return of each unit; unless this is a dry run, exactly the files the plan marks
 * ready are stored, each in its own nested transaction (a savepoint), grouped 50 to a commit. So the dry run and
 * the real run always agree, whatever the order of the files. `choices` are the clerk's explicit answers by file.
 */
export function importFiles(
  ctx: CoreContext,
  year: number,
  files: { name: string; bytes: Uint8Array; modifiedAt?: string | null; skip?: string }[],
  options: { dryRun: boolean; choices?: Map<number, Choice> },
): { check: FileCheck; result: CommitResult | null }[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const items = files.map((f, i) => {
    if (f.skip) return { s: null, ev: { check: skippedCheck(f.name, f.bytes.length, f.skip, i, f.modifiedAt ?? undefined), read: null } };
    const s = staged0(year, f);
    const c = options.choices?.get(i);
    return { s, ev: evaluate(db, scope, s, c) };
  });
  const chosen = new Set(items.filter((x, i) => x.s && options.choices?.get(i)?.accept.some((k) => k === 'older' || k === 'choose')).map((x) => x.s!.id));
  const plan = planBatch(
    items.map((x) => x.ev.check),
    chosen,
  );
  if (options.dryRun) return plan.map((check) => ({ check, result: null }));
  const done = new Set<number>();
  const one = (i: number): CommitResult | null => {
    const { s, ev } = items[i];
    const check = plan[i];
    if (!s) return null;
    // A second file of a unit already stored in this run (only when the clerk chose both) is checked afresh.
    const unitId = ev.read?.unit?.id;
    const fresh = unitId !== undefined && done.has(unitId) && check.status === 'ready';
    const evaluated = fresh ? evaluate(db, scope, s, options.choices?.get(i)) : { ...ev, check };
    try {
      const r = commitEvaluated(ctx, db, s, evaluated);
      if (r.status === 'imported' && unitId !== undefined) done.add(unitId);
      return r;
    } catch (e) {
      const message = asAppError(e, { file: s.fileName, notSaved: 'chưa lưu gì từ tệp này' })?.message ?? `Chưa lưu gì từ tệp này vì gặp lỗi khi ghi vào dữ liệu năm: ${(e as Error).message}`;
      return { id: s.id, fileName: s.fileName, status: 'refused' as const, importId: null, changed: 0, changes: { figures: 0, listRows: 0, notes: 0 }, message };
    }
  };
  const out: { check: FileCheck; result: CommitResult | null }[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    try {
      // IMMEDIATE and retried while another process holds the year (faults/retry); a full disk says what was stored.
      out.push(...inWriteTransaction(db, () => plan.slice(i, i + BATCH).map((check, k) => ({ check, result: one(i + k) }))));
    } catch (e) {
      const saved = out.filter((o) => o.result?.status === 'imported').length;
      throw asAppError(e, { saved: `đã lưu trọn vẹn ${saved} tệp`, notSaved: `chưa lưu ${items.length - i} tệp còn lại (từ tệp ${items[i].ev.check.fileName})` }) ?? e;
    }
  }
  return out;
}

export function returnsStatus(ctx: CoreContext, year: number): ReturnsStatus {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  const deadline = yt?.regime.unitDeadline ?? null;
  const today = localIsoDate(ctx.now());
  const current = new Map(currentImports(db).map((i) => [i.unitId, i]));
  const counts = importCounts(db);
  const figureCount = new Map<number, number>();
  for (const f of listFigures(db)) figureCount.set(f.unitId, (figureCount.get(f.unitId) ?? 0) + 1);
  const units = listUnits(db)
    .filter((u) => u.active && u.kind !== 'office')
    .map((u) => {
      const imp = current.get(u.id);
      const when = imp ? localIsoDate(imp.importedAt) : null;
      return {
        unitId: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        returned: !!imp,
        importId: imp?.id ?? null,
        fileName: imp?.fileName ?? null,
        importedAt: imp?.importedAt ?? null,
        importedBy: imp?.importedBy ?? null,
        warningCount: imp?.warningCount ?? 0,
        returns: counts.get(u.id) ?? 0,
        late: deadline !== null && (when ? when > deadline : today > deadline),
        figureCount: figureCount.get(u.id) ?? 0,
      };
    });
  return { deadline, today, units };
}

export function originalFile(ctx: CoreContext, year: number, importId: number) {
  const r = importById(ensureYear(ctx, year), importId);
  if (!r) throw new AppError('NotFound', `Không tìm thấy lần nhập số ${importId}.`);
  return { name: r.fileName, base64: Buffer.from(r.bytes).toString('base64'), sha256: r.sha256 };
}

export function provenance(ctx: CoreContext, year: number, q: { code: string; figureYear?: number; unitId?: number }): ProvenanceEntry[] {
  const db = ensureYear(ctx, year);
  const units = new Map(listUnits(db).map((u) => [u.id, u]));
  const times = importTimes(db);
  return listFigures(db)
    .filter((f) => f.code === q.code && (q.unitId === undefined || f.unitId === q.unitId))
    .filter((f) => q.figureYear === undefined || q.figureYear === WHOLE_PERIOD || f.year === q.figureYear)
    .sort((a, b) => (units.get(a.unitId)?.order ?? 0) - (units.get(b.unitId)?.order ?? 0) || a.year - b.year)
    .map((f) => {
      const t = f.source.kind === 'import' ? times.get(f.source.importId) : undefined;
      return {
        unitId: f.unitId,
        unitName: units.get(f.unitId)?.name ?? `#${f.unitId}`,
        year: f.year,
        value: f.value,
        source: f.source,
        updatedAt: f.updatedAt,
        updatedBy: f.updatedBy,
        importedAt: t?.importedAt ?? null,
        importedBy: t?.importedBy ?? null,
      };
    });
}

/** Notes of every unit, in unit order, for the clerk writing the narrative. */
export function unitNotesOf(ctx: CoreContext, year: number) {
  const db = ensureYear(ctx, year);
  const units = listUnits(db);
  const pos = new Map(units.map((u, i) => [u.id, i]));
  const name = new Map(units.map((u) => [u.id, u.name]));
  return allUnitNotes(db)
    .map((n) => ({ ...n, unitName: name.get(n.unitId) ?? `#${n.unitId}` }))
    .sort((a, b) => (pos.get(a.unitId) ?? 0) - (pos.get(b.unitId) ?? 0));
}
