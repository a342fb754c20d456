/**
 * Unit returns: a dry run over a batch of files, then commits of chosen files, each in its own transaction with
 * its original bytes. Checked files stay staged in memory (by sha256) until committed, so the renderer sends the
 * bytes once; a staged file is evaluated again at commit (./import-evaluate), so a commit always reflects the
 * database as it is then and stores exactly what that evaluation describes. What is evaluated is the file's
 * reading at the dry run while the year it was read against (template, units, remembered mappings) is unchanged,
 * else the file is read again. Large batches are read on worker threads (../import/read-pool).
 */
import { explicitlyChosen, planBatch, skippedCheck } from '../../../shared/domain/import-batch';
import { AppError } from '../../../shared/rpc/envelope';
import type { FigureSource } from '../../../shared/rpc/figures';
import type { ChangeCounts, CommitChoice, CommitResult, FileCheck } from '../../../shared/rpc/imports';
import type { CoreContext } from '../context';
import { inTransaction, type Db } from '../db/client';
import { asAppError } from '../faults/messages';
import { inWriteTransaction } from '../faults/retry';
import { allMappings, findMapping, insertImport, saveMapping } from '../db/repos/imports';
import { replaceUnitListRows, unitListRows } from '../db/repos/lists';
import { writeUnitNotes } from '../db/repos/unit-notes';
import { importSourceJson, writeUnitSlots } from '../db/repos/figures';
import { mappingFromConfirmation, type YearScope } from '../import/read-return';
import { readAll } from '../import/read-pool';
import { readStaged, type ReadOutcome } from '../import/read-staged';
import { evaluate, sameRows, scopeOf, toStaged, type Choice, type Evaluated, type Staged } from './import-evaluate';
import { ensureYear } from './years';

export type { Choice } from './import-evaluate';

/** Files checked but not yet committed, per core. Bounded: the oldest are dropped past 1,000 files or 400 MB. */
const staging = new WeakMap<CoreContext, Map<string, Staged>>();
const MAX_STAGED = 1000;
const MAX_STAGED_BYTES = 400 * 1024 * 1024;
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

/**
 * Files read ahead on several threads (../import/read-pool), with the year they were read against: the template,
 * period, units and remembered mappings, as text. Used only if the year is still the same when they are evaluated.
 */
export interface ReadAhead {
  stamp: string;
  /** By file index; null for a file not read ahead (skipped). */
  outcomes: (ReadOutcome | null)[];
}

const stampOf = (scope: YearScope, mappings: ReturnType<typeof allMappings>) => JSON.stringify([scope, [...mappings]]);

/** Reads `files` on several threads against the year as it is now; a null entry is not read. */
export async function readAhead(db: Db, year: number, files: ({ name: string; bytes: Uint8Array; choice?: Choice } | null)[]): Promise<ReadAhead> {
  const scope = scopeOf(db, year);
  const mappings = allMappings(db);
  const stamp = stampOf(scope, mappings);
  const which = files.flatMap((f, i) => (f ? [i] : []));
  const read = await readAll(
    scope,
    mappings,
    which.map((i) => {
      const { name, bytes, choice } = files[i]!;
      return { name, bytes, choice: choice && { unitId: choice.unitId, acceptMapping: choice.acceptMapping } };
    }),
  );
  const outcomes: (ReadOutcome | null)[] = files.map(() => null);
  which.forEach((i, k) => (outcomes[i] = read[k]));
  return { stamp, outcomes };
}

/** The outcomes read ahead, if the year they were read against is the year now (else every file is read again here). */
function readsOf(db: Db, scope: YearScope, ahead: ReadAhead | undefined): (ReadOutcome | null)[] | undefined {
  return ahead && ahead.stamp === stampOf(scope, allMappings(db)) ? ahead.outcomes : undefined;
}

/** What committing a staged file reads: its dry run's reading while the year is the same and no other unit is chosen. */
function stagedRead(s: Staged, stamp: string, choice?: CommitChoice): ReadOutcome | undefined {
  return s.read && s.read.stamp === stamp && choice?.unitId === undefined ? s.read.outcome : undefined;
}

/**
 * Dry run: reads and validates each file, stages it, stores nothing. Batch rules are applied by `planBatch`.
 * `ahead`: the files already read (readAhead), evaluated here against the year as it is now.
 */
export function checkFiles(
  ctx: CoreContext,
  year: number,
  files: { name: string; bytes: Uint8Array; modifiedAt?: string | null }[],
  ahead?: ReadAhead,
): FileCheck[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const stamp = stampOf(scope, allMappings(db));
  const reads = ahead?.stamp === stamp ? ahead.outcomes : undefined;
  return files.map((f, i) => {
    const s = toStaged(year, f);
    const outcome = reads?.[i] ?? readStaged(s.bytes, s.fileName, scope, (fp) => findMapping(db, fp));
    const { check } = evaluate(db, scope, s, undefined, outcome);
    if (check.status !== 'refused' || check.proposal) stage(ctx, { ...s, read: { stamp, outcome } });
    return check;
  });
}

/** The dry run of uploaded files (imports:check), read on several threads when there are many. */
export async function checkUploaded(ctx: CoreContext, year: number, files: { name: string; base64: string; modifiedAt?: string }[]): Promise<FileCheck[]> {
  const decoded = files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')), modifiedAt: f.modifiedAt }));
  return checkFiles(ctx, year, decoded, await readAhead(ensureYear(ctx, year), year, decoded));
}

function staged(ctx: CoreContext, year: number, id: string): Staged {
  const s = stageOf(ctx).get(id);
  if (!s || s.year !== year) throw new AppError('NotFound', 'Tệp này chưa được kiểm tra hoặc đã quá lâu; hãy chọn lại tệp để kiểm tra.');
  return s;
}

/** Bytes of the staged files among `ids` (unknown ids count nothing): what an import of them will store. */
export function stagedBytes(ctx: CoreContext, year: number, ids: string[]): number {
  const m = stageOf(ctx);
  return ids.reduce((n, id) => {
    const s = m.get(id);
    return n + (s && s.year === year ? s.bytes.length : 0);
  }, 0);
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

/**
 * Stores one evaluated file in one transaction (a savepoint inside a batch). Returns the new import id and what
 * changed. `own: false` writes in the caller's transaction without a savepoint: the caller undoes its whole
 * transaction if this throws (importFiles' batches).
 */
function store(ctx: CoreContext, db: Db, s: Staged, { read, check, mapping }: Evaluated, own = true): { importId: number; changes: ChangeCounts } {
  const unit = read!.unit!;
  const at = ctx.now();
  const write = own ? <T>(fn: () => T) => inTransaction(db, fn) : <T>(fn: () => T) => fn();
  return write(() => {
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
    const srcJson = importSourceJson(importId, s.fileName);
    const changes: ChangeCounts = { figures: 0, listRows: 0, notes: 0 };
    changes.figures = writeUnitSlots(
      db,
      unit.id,
      read!.figures.map((f) => ({ code: f.code, year: f.year, value: f.value, source: srcJson(f.sheet, f.cell) })),
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

function commitEvaluated(ctx: CoreContext, db: Db, s: Staged, evaluated: Evaluated, own = true): CommitResult {
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
  const { importId, changes } = store(ctx, db, s, evaluated, own);
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
  const stamp = stampOf(scope, allMappings(db));
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
    const choice = choiceOf.get(id);
    const r = commitEvaluated(ctx, db, s, evaluate(db, scope, s, choice, stagedRead(s, stamp, choice)));
    if (r.status !== 'refused') stageOf(ctx).delete(id);
    return r;
  });
}

/** Thrown out of a batch written without per-file savepoints when writing one of its files fails (importFiles). */
class BatchUndone extends Error {
  constructor(cause: unknown) {
    super('batch undone', { cause });
  }
}

/** Files written per outer transaction on the command-line path; each file is still stored whole or not at all. */
const BATCH = 50;

/**
 * The command-line path. First every file is read and checked against the year as it is (the dry run), then the
 * batch rules pick the newest return of each unit; unless this is a dry run, exactly the files the plan marks
 * ready are stored, 50 to a commit; if writing one of them fails, that batch is undone and written again with each
 * file in its own nested transaction (a savepoint), so only that file is refused. So the dry run and the real run
 * always agree, whatever the order of the files. `choices` are the clerk's explicit answers by file.
 */
export function importFiles(
  ctx: CoreContext,
  year: number,
  files: { name: string; bytes: Uint8Array; modifiedAt?: string | null; skip?: string }[],
  options: { dryRun: boolean; choices?: Map<number, Choice> },
  ahead?: ReadAhead,
): { check: FileCheck; result: CommitResult | null }[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const reads = readsOf(db, scope, ahead);
  const items = files.map((f, i) => {
    if (f.skip) return { s: null, ev: { check: skippedCheck(f.name, f.bytes.length, f.skip, i, f.modifiedAt ?? undefined), read: null } };
    const s = toStaged(year, f);
    const c = options.choices?.get(i);
    return { s, ev: evaluate(db, scope, s, c, reads?.[i] ?? undefined) };
  });
  const chosen = explicitlyChosen(items.flatMap((x, i) => (x.s && options.choices?.get(i) ? [{ id: x.s.id, accept: options.choices.get(i)!.accept }] : [])));
  const plan = planBatch(
    items.map((x) => x.ev.check),
    chosen,
  );
  if (options.dryRun) return plan.map((check) => ({ check, result: null }));
  const done = new Set<number>();
  /** `own`: the file in a savepoint of its own, refused alone if writing it fails; else the failure ends the batch. */
  const one = (i: number, own: boolean): CommitResult | null => {
    const { s, ev } = items[i];
    const check = plan[i];
    if (!s) return null;
    // A second file of a unit already stored in this run (only when the clerk chose both) is checked afresh.
    const unitId = ev.read?.unit?.id;
    const fresh = unitId !== undefined && done.has(unitId) && check.status === 'ready';
    const evaluated = fresh ? evaluate(db, scope, s, options.choices?.get(i)) : { ...ev, check };
    try {
      const r = commitEvaluated(ctx, db, s, evaluated, own);
      if (r.status === 'imported' && unitId !== undefined) done.add(unitId);
      return r;
    } catch (e) {
      if (!own) throw new BatchUndone(e);
      const message = asAppError(e, { file: s.fileName, notSaved: 'chưa lưu gì từ tệp này' })?.message ?? `Chưa lưu gì từ tệp này vì gặp lỗi khi ghi vào dữ liệu năm: ${(e as Error).message}`;
      return { id: s.id, fileName: s.fileName, status: 'refused' as const, importId: null, changed: 0, changes: { figures: 0, listRows: 0, notes: 0 }, message };
    }
  };
  const out: { check: FileCheck; result: CommitResult | null }[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    // IMMEDIATE and retried while another process holds the year (faults/retry).
    const write = (own: boolean) => inWriteTransaction(db, () => plan.slice(i, i + BATCH).map((check, k) => ({ check, result: one(i + k, own) })));
    const doneBefore = [...done];
    try {
      let written: { check: FileCheck; result: CommitResult | null }[];
      try {
        // The batch's files first without a savepoint each: a savepoint copies every page its file changes (with
        // 32 KB pages about 1 MB a return), about a quarter of storing a province's 400 returns.
        written = write(false);
      } catch (e) {
        if (!(e instanceof BatchUndone)) throw e;
        // Writing a file failed and the whole batch was undone: written again with a savepoint per file, so that
        // file alone is refused, exactly as if the batch had been written that way at first.
        done.clear();
        for (const u of doneBefore) done.add(u);
        written = write(true);
      }
      out.push(...written);
    } catch (e) {
      // A full disk says what was stored.
      const saved = out.filter((o) => o.result?.status === 'imported').length;
      throw asAppError(e, { saved: `đã lưu trọn vẹn ${saved} tệp`, notSaved: `chưa lưu ${items.length - i} tệp còn lại (từ tệp ${items[i].ev.check.fileName})` }) ?? e;
    }
  }
  return out;
}

/**
 * importFiles with the files read on several threads first (../import/read-pool): the command line's import and
 * the bench. The same outcome as importFiles, file for file; only the reading runs elsewhere, the evaluation
 * against the year and every write run here, after the reading.
 */
export async function importFilesParallel(
  ctx: CoreContext,
  year: number,
  files: { name: string; bytes: Uint8Array; modifiedAt?: string | null; skip?: string }[],
  options: { dryRun: boolean; choices?: Map<number, Choice> },
): Promise<{ check: FileCheck; result: CommitResult | null }[]> {
  const ahead = await readAhead(
    ensureYear(ctx, year),
    year,
    files.map((f, i) => (f.skip ? null : { name: f.name, bytes: f.bytes, choice: options.choices?.get(i) })),
  );
  return importFiles(ctx, year, files, options, ahead);
}
