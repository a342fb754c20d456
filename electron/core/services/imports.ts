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
import {
  MAX_RETURN_BYTES,
  type CommitResult,
  type DiffEntry,
  type FileCheck,
  type ImportProblem,
  type ProvenanceEntry,
  type ReturnsStatus,
} from '../../../shared/rpc/imports';
import type { CoreContext } from '../context';
import { inTransaction, type Db } from '../db/client';
import {
  allUnitNotes,
  currentImportOf,
  currentImports,
  findMapping,
  importById,
  importCounts,
  importsBySha,
  importTimes,
  insertImport,
  replaceUnitListRows,
  saveMapping,
  unitFigureMap,
  unitListRows,
  writeUnitNotes,
  writeUnitSlots,
} from '../db/repos/imports';
import { listFigures } from '../db/repos/figures';
import { listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { mappingFromConfirmation, readReturn, type ReadReturn, type YearScope } from '../import/read-return';
import { readXlsx, XlsxReadError, type Workbook } from '../xlsx/read';
import { ensureYear } from './years';

interface Staged {
  id: string;
  year: number;
  fileName: string;
  bytes: Uint8Array;
}

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

function scopeOf(db: Db, year: number): YearScope {
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa nhập được báo cáo của đơn vị.`);
  return { year, template: yt.template, period: yt.regime.period, units: listUnits(db) };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function emptyCheck(s: Staged, problems: ImportProblem[]): FileCheck {
  return {
    id: s.id,
    fileName: s.fileName,
    size: s.bytes.length,
    status: 'refused',
    layout: null,
    unit: null,
    counts: { figures: 0, listRows: 0, notes: 0 },
    problems,
    replaces: null,
    diff: [],
    listChanges: [],
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
}

/** Reads one staged file against the year and describes what committing it would do. Stores nothing. */
function evaluate(db: Db, scope: YearScope, s: Staged): Evaluated {
  const wb = parse(s);
  if (!('sheets' in wb)) return { check: emptyCheck(s, [wb]), read: null };
  const read = readReturn(wb, s.fileName, scope, (fp) => findMapping(db, fp));
  const check = emptyCheck(s, read.problems);
  check.layout = read.layout;
  check.proposal = read.proposal;
  check.mappingRemembered = read.mappingRemembered;
  if (read.fatal) return { check, read };
  const unit = read.unit;
  if (!unit) return { check: { ...check, status: 'needs-mapping' }, read };
  check.unit = { id: unit.id, code: unit.code, name: unit.name };
  const notes = read.notes?.filter((n) => n.text).length ?? 0;
  check.counts = {
    figures: read.figures.filter((f) => f.value !== null).length,
    listRows: [...read.lists.values()].reduce((n, rows) => n + rows.length, 0),
    notes,
  };

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
  const prev = currentImportOf(db, unit.id);
  if (prev) check.replaces = { importId: prev.id, fileName: prev.fileName, importedAt: prev.importedAt };

  const errors = read.problems.filter((p) => p.severity === 'error').length;
  if (errors) return { check: { ...check, status: 'refused' }, read };
  if (prev?.sha256 === s.id) {
    check.problems = [{ severity: 'warning', message: `Tệp này đã được nhập lúc ${formatDateTime(prev.importedAt)} và đang là báo cáo hiện hành của đơn vị; không có gì mới.` }, ...check.problems];
    return { check: { ...check, status: 'unchanged' }, read };
  }
  const earlier = importsBySha(db, s.id)[0];
  if (earlier)
    check.problems = [
      { severity: 'warning', message: `Tệp giống hệt tệp “${earlier.fileName}” đã nhập lúc ${formatDateTime(earlier.importedAt)}, đã được thay bằng báo cáo mới hơn; nhập lại sẽ quay về số liệu cũ.` },
      ...check.problems,
    ];
  return { check: { ...check, status: 'ready' }, read };
}

/** Marks files of the same unit (or the same bytes twice) within one batch. */
function markBatch(checks: FileCheck[]): void {
  const byUnit = new Map<number, FileCheck[]>();
  for (const c of checks) if (c.unit && c.status !== 'refused') byUnit.set(c.unit.id, [...(byUnit.get(c.unit.id) ?? []), c]);
  for (const group of byUnit.values())
    if (group.length > 1)
      for (const c of group)
        c.problems.push({
          severity: 'warning',
          message: `Có ${group.length} tệp của “${c.unit!.name}” trong lần chọn này (${group.map((g) => g.fileName).join(', ')}); tệp nhập sau sẽ thay tệp nhập trước.`,
        });
  const seen = new Map<string, string>();
  for (const c of checks) {
    const first = seen.get(c.id);
    if (first !== undefined && first !== c.fileName)
      c.problems.push({ severity: 'warning', message: `Tệp có nội dung giống hệt “${first}” trong cùng lần chọn.` });
    if (first === undefined) seen.set(c.id, c.fileName);
  }
}

/** Dry run: reads and validates each file, stages it, stores nothing. */
export function checkFiles(ctx: CoreContext, year: number, files: { name: string; bytes: Uint8Array }[]): FileCheck[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const checks = files.map((f) => {
    const s: Staged = { id: sha256(f.bytes), year, fileName: f.name, bytes: f.bytes };
    const { check } = evaluate(db, scope, s);
    if (check.status !== 'refused' || check.proposal) stage(ctx, s);
    return check;
  });
  markBatch(checks);
  return checks;
}

export function checkUploaded(ctx: CoreContext, year: number, files: { name: string; base64: string }[]): FileCheck[] {
  return checkFiles(
    ctx,
    year,
    files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) })),
  );
}

function staged(ctx: CoreContext, year: number, id: string): Staged {
  const s = stageOf(ctx).get(id);
  if (!s || s.year !== year) throw new AppError('NotFound', 'Tệp này chưa được kiểm tra hoặc đã quá lâu; hãy chọn lại tệp để kiểm tra.');
  return s;
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
  if (!unit) throw new AppError('NotFound', 'Không tìm thấy đơn vị đã chọn (hoặc đơn vị đã ngừng theo dõi).');
  const codes = new Set(scope.template.indicators.filter((i) => i.kind !== 'ratio').map((i) => i.code));
  const bad = input.rows.find((r) => r.code !== null && !codes.has(r.code));
  if (bad) throw new AppError('Validation', `Chỉ tiêu “${bad.code}” không có trong mẫu báo cáo hoặc là tỷ lệ được tính tự động.`);
  const mapping = mappingFromConfirmation(proposal, input.rows, input.columns);
  if (!mapping.rows.length) throw new AppError('Validation', 'Chưa ghép dòng nào với chỉ tiêu; hãy chọn chỉ tiêu cho ít nhất một dòng.');
  if (!mapping.columns.length) throw new AppError('Validation', 'Chưa chọn cột năm nào; hãy cho biết cột nào là năm nào.');
  inTransaction(db, () => saveMapping(db, unit.id, proposal.fingerprint, mapping, ctx.actor, ctx.now()));
  return evaluate(db, scope, s).check;
}

/** Stores one evaluated file in one transaction. Returns the new import id and how many cells changed. */
function store(ctx: CoreContext, db: Db, scope: YearScope, s: Staged, read: ReadReturn, check: FileCheck): { importId: number; changed: number } {
  const unit = read.unit!;
  const at = ctx.now();
  return inTransaction(db, () => {
    const warnings = check.problems.filter((p) => p.severity === 'warning');
    const importId = insertImport(db, {
      unitId: unit.id,
      fileName: s.fileName,
      sha256: s.id,
      bytes: s.bytes,
      layout: read.layout,
      summary: JSON.stringify({ counts: check.counts, warnings, diff: check.diff.length }),
      warningCount: warnings.length,
      at,
      actor: ctx.actor,
    });
    const src = (sheet: string, cell: string): FigureSource => ({ kind: 'import', importId, file: s.fileName, sheet, cell });
    let changed = writeUnitSlots(
      db,
      unit.id,
      read.figures.map((f) => ({ code: f.code, year: f.year, value: f.value, source: src(f.sheet, f.cell) })),
      ctx.actor,
      at,
    );
    if (read.lists.size) {
      const existing = unitListRows(db, unit.id);
      for (const [listId, rows] of read.lists) {
        const old = existing.filter((r) => r.listId === listId);
        if (sameRows(old, rows)) continue;
        const fresh = rows.map((r) => ({ values: JSON.stringify(r.values), source: src(r.sheet, r.cell) }));
        replaceUnitListRows(db, unit.id, listId, old, fresh, src('', ''), ctx.actor, at);
        changed += old.length + rows.length;
      }
    }
    if (read.notes) changed += writeUnitNotes(db, unit.id, read.notes, { kind: 'import', importId, file: s.fileName, sheet: '', cell: '' }, ctx.actor, at);
    return { importId, changed };
  });
}

function commitOne(ctx: CoreContext, db: Db, scope: YearScope, s: Staged): CommitResult {
  return commitEvaluated(ctx, db, scope, s, evaluate(db, scope, s));
}

function commitEvaluated(ctx: CoreContext, db: Db, scope: YearScope, s: Staged, { check, read }: Evaluated): CommitResult {
  const base = { id: s.id, fileName: s.fileName, importId: null, changed: 0 };
  if (check.status === 'unchanged') return { ...base, status: 'unchanged', message: 'Tệp này đã là báo cáo hiện hành của đơn vị; không nhập lại.' };
  if (check.status === 'needs-mapping' || !read?.unit)
    return { ...base, status: 'refused', message: 'Tệp theo bố cục riêng của đơn vị: cần xác nhận đơn vị và cách ghép dòng trước khi nhập. Chưa lưu gì.' };
  if (check.status !== 'ready') {
    const errors = check.problems.filter((p) => p.severity === 'error');
    const shown = errors
      .slice(0, 5)
      .map((p) => `${p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}: ` : ''}${p.message}`)
      .join('; ');
    return { ...base, status: 'refused', message: `Chưa lưu gì từ tệp này vì có ${errors.length} lỗi: ${shown}${errors.length > 5 ? '; …' : ''}` };
  }
  const { importId, changed } = store(ctx, db, scope, s, read, check);
  return {
    ...base,
    status: 'imported',
    importId,
    changed,
    message: `Đã nhập báo cáo của ${read.unit.name}: ${check.counts.figures} số liệu, ${check.counts.listRows} dòng danh sách, ${check.counts.notes} mục thuyết minh; ${changed} thay đổi.`,
  };
}

/** Commits staged files one by one, each all-or-nothing. */
export function commitFiles(ctx: CoreContext, year: number, ids: string[]): CommitResult[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  return ids.map((id) => {
    const s = stageOf(ctx).get(id);
    if (!s || s.year !== year)
      return { id, fileName: '', status: 'refused' as const, importId: null, changed: 0, message: 'Tệp chưa được kiểm tra hoặc đã quá lâu; hãy chọn lại tệp.' };
    const r = commitOne(ctx, db, scope, s);
    if (r.status !== 'refused') stageOf(ctx).delete(id);
    return r;
  });
}

/** Files written per outer transaction on the command-line path; each file still has its own (nested) one. */
const BATCH = 50;

/**
 * The command-line path: check each file and, unless dry run, commit it at once; nothing stays staged.
 * Each file is stored in its own nested transaction (a savepoint), so it is stored whole or not at all; files are
 * grouped 50 to a commit, which saves most of the per-commit cost of a province-scale batch.
 */
export function importFiles(
  ctx: CoreContext,
  year: number,
  files: { name: string; bytes: Uint8Array }[],
  options: { dryRun: boolean },
): { check: FileCheck; result: CommitResult | null }[] {
  const db = ensureYear(ctx, year);
  const scope = scopeOf(db, year);
  const one = (f: { name: string; bytes: Uint8Array }) => {
    const s: Staged = { id: sha256(f.bytes), year, fileName: f.name, bytes: f.bytes };
    const ev = evaluate(db, scope, s);
    if (options.dryRun) return { check: ev.check, result: null };
    try {
      return { check: ev.check, result: commitEvaluated(ctx, db, scope, s, ev) };
    } catch (e) {
      const message = `Chưa lưu gì từ tệp này vì gặp lỗi khi ghi vào dữ liệu năm: ${(e as Error).message}`;
      return { check: ev.check, result: { id: s.id, fileName: s.fileName, status: 'refused' as const, importId: null, changed: 0, message } };
    }
  };
  const out: { check: FileCheck; result: CommitResult | null }[] = [];
  for (let i = 0; i < files.length; i += BATCH) out.push(...inTransaction(db, () => files.slice(i, i + BATCH).map(one)));
  markBatch(out.map((o) => o.check));
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
