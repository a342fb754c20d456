/**
 * What importing one file would do, without storing anything: the file read against the year as it is now, the
 * cell-by-cell diff with the stored figures, list and note changes, and the decisions the clerk must take first
 * (older return, several returns, erasing figures, an empty return, a unit in doubt). The dry run, the recheck and
 * the commit all run this same evaluation, so what the dry run says is what a commit does.
 */
import { createHash } from 'node:crypto';
import { formatDateTime } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import { blankCheck, compareMade, madeAtText, statusWithDecisions } from '../../../shared/domain/import-batch';
import {
  type CommitChoice,
  type Decision,
  type DiffEntry,
  type FileCheck,
  type FileTimes,
  type ImportProblem,
  type LayoutMapping,
} from '../../../shared/rpc/imports';
import type { Db } from '../db/client';
import { currentImportOf, findMapping, importsBySha } from '../db/repos/imports';
import { unitListRows } from '../db/repos/lists';
import { unitNotes } from '../db/repos/unit-notes';
import { unitFigureMap } from '../db/repos/figures';
import { listUnits } from '../db/repos/units';
import { readYearTemplateShared } from '../db/repos/year-template';
import { noteSections } from '../forms/layout';
import type { ReadReturn, YearScope } from '../import/read-return';
import { readStaged, type ReadOutcome } from '../import/read-staged';

export interface Staged {
  id: string;
  year: number;
  fileName: string;
  bytes: Uint8Array;
  /** The file's modified time on disk as the host saw it (ISO), or null. */
  modifiedAt: string | null;
  /**
   * Its reading at the dry run, with the year it was read against (services/imports: stampOf): a commit against
   * the same year, with no other unit chosen, evaluates this reading instead of parsing the file again.
   */
  read?: { stamp: string; outcome: ReadOutcome };
}

/** A return that would remove this many stored figures or more needs the clerk's confirmation. */
export const ERASE_CONFIRM_AT = 3;

export function scopeOf(db: Db, year: number): YearScope {
  const yt = readYearTemplateShared(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa nhập được báo cáo của đơn vị.`);
  return { year, template: yt.template, period: yt.regime.period, units: listUnits(db) };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function validIso(s: string | undefined | null): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export function toStaged(year: number, f: { name: string; bytes: Uint8Array; modifiedAt?: string | null }): Staged {
  return { id: sha256(f.bytes), year, fileName: f.name, bytes: f.bytes, modifiedAt: validIso(f.modifiedAt) };
}

function emptyCheck(s: Staged, problems: ImportProblem[]): FileCheck {
  return { ...blankCheck({ id: s.id, fileName: s.fileName, size: s.bytes.length, fileModifiedAt: s.modifiedAt }), problems };
}

/** Stored rows equal the rows read (same values in the same order)? */
export function sameRows(old: { values: string }[], rows: { values: Record<string, string> }[]): boolean {
  return old.length === rows.length && old.every((r, i) => r.values === JSON.stringify(rows[i].values));
}

export interface Evaluated {
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

type Template = YearScope['template'];
/** What every file of a batch looks up in the template, built once per parsed template (never changed once parsed). */
interface Lookups {
  indicators: Map<string, Template['indicators'][number]>;
  /** Section labels for the clerk: "2.4. Xây dựng mô hình…". */
  sections: Map<string, string>;
}
const lookups = new WeakMap<Template, Lookups>();
function lookupsOf(t: Template): Lookups {
  let l = lookups.get(t);
  if (!l) {
    const sections = new Map<string, string>();
    for (const { section } of noteSections(t)) sections.set(section.id, `${section.number ? `${section.number} ` : ''}${section.heading}`.trim());
    lookups.set(t, (l = { indicators: new Map(t.indicators.map((i) => [i.code, i])), sections }));
  }
  return l;
}

/**
 * Reads one staged file against the year and describes exactly what committing it would do, and what the clerk
 * must accept first. Stores nothing. `choice` carries the clerk's answers (decisions accepted, the unit chosen).
 */
export function evaluate(db: Db, scope: YearScope, s: Staged, choice?: Choice, pre?: ReadOutcome): Evaluated {
  // Read here, or before (and maybe on another thread) by the same function with the same year and answers.
  const outcome = pre ?? readStaged(s.bytes, s.fileName, scope, (fp) => findMapping(db, fp), choice);
  if ('problem' in outcome) return { check: emptyCheck(s, [outcome.problem]), read: null };
  const { read, savedAt, accepted } = outcome;
  // A copy: the reading may be evaluated again at commit.
  const check = emptyCheck(s, [...read.problems]);
  check.times = { savedAt, fileModifiedAt: s.modifiedAt, generatedAt: read.generatedAt };
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
  const inds = lookupsOf(scope.template).indicators;
  check.diff = read.figures
    .map((f): DiffEntry | null => {
      const old = current.get(`${f.code}|${f.year}`) ?? null;
      if (old === f.value) return null;
      const ind = inds.get(f.code)!;
      return { code: f.code, label: ind.label, measure: ind.unit, year: f.year, old, new: f.value };
    })
    .filter((d): d is DiffEntry => d !== null);
  const rowsNow = read.lists.size ? unitListRows(db, unit.id) : [];
  for (const [listId, rows] of read.lists) {
    const old = rowsNow.filter((r) => r.listId === listId);
    if (!sameRows(old, rows)) check.listChanges.push({ label: scope.template.lists.find((l) => l.id === listId)!.label, before: old.length, after: rows.length });
  }
  if (read.notes) {
    const now = unitNotes(db, unit.id);
    const labels = lookupsOf(scope.template).sections;
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
