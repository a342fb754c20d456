/**
 * What has come in: which units have returned and when, the original file of a return, where each figure came
 * from (unit, file, sheet, cell, import time), and the notes units wrote per section.
 */
import { WHOLE_PERIOD } from '../../../shared/domain/records';
import { localIsoDate } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import type { ProvenanceEntry, ReturnsStatus } from '../../../shared/rpc/imports';
import type { CoreContext } from '../context';
import { currentImports, importById, importCounts, importTimes } from '../db/repos/imports';
import { figureCountsByUnit, figuresOfCode } from '../db/repos/figures';
import { allUnitNotes } from '../db/repos/unit-notes';
import { listUnits } from '../db/repos/units';
import { readYearRegime } from '../db/repos/year-template';
import { yearData } from './figures';
import { ensureYear } from './years';

export function returnsStatus(ctx: CoreContext, year: number): ReturnsStatus {
  const db = ensureYear(ctx, year);
  // The regime alone: parsing the whole template was most of the time of this call at 400 units.
  const deadline = readYearRegime(db)?.unitDeadline ?? null;
  const today = localIsoDate(ctx.now());
  const current = new Map(currentImports(db).map((i) => [i.unitId, i]));
  const counts = importCounts(db);
  const figureCount = figureCountsByUnit(db);
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
  return figuresWithEarlierYears(ctx, year, q.code)
    .filter((f) => q.unitId === undefined || f.unitId === q.unitId)
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

/** One indicator's figures as the report reads them: earlier years of the period from their sealed files, when any. */
function figuresWithEarlierYears(ctx: CoreContext, year: number, code: string) {
  const db = ensureYear(ctx, year);
  const period = readYearRegime(db)?.period;
  if (!period || period.fromYear >= year) return figuresOfCode(db, code);
  return yearData(ctx, year).figures.filter((f) => f.code === code);
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
