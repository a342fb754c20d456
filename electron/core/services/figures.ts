/** A year's data for the data screens, and cell edits saved all-or-nothing with history. */
import { isCanonical, isInteger, isNegative } from '../../../shared/domain/decimal';
import { isValidIsoDate } from '../../../shared/format/date';
import { periodYears, WHOLE_PERIOD, type UnitDto } from '../../../shared/domain/records';
import type { Indicator, Template } from '../../../shared/domain/template';
import { UNIT_KIND_LABELS } from '../../../shared/domain/template';
import { AppError } from '../../../shared/rpc/envelope';
import type { FigureChange, YearDataDto } from '../../../shared/rpc/figures';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { figureHistoryOf, listFigures, writeFigure } from '../db/repos/figures';
import { readNarratives } from '../db/repos/narratives';
import { readSettings } from '../db/repos/settings';
import { listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { ensureYear } from './years';

export function yearData(ctx: CoreContext, year: number): YearDataDto {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  return {
    year,
    template: yt?.template ?? null,
    regime: yt?.regime ?? null,
    settings: readSettings(db),
    units: listUnits(db),
    figures: listFigures(db),
    narratives: readNarratives(db),
  };
}

/** Why a value cannot be stored in a cell, in Vietnamese; null when it can. */
export function cellProblem(ind: Indicator, value: string): string | null {
  switch (ind.kind) {
    case 'count':
      return isCanonical(value) && isInteger(value) && !isNegative(value) ? null : `“${value}” không phải số đếm: cần số nguyên không âm`;
    case 'decimal':
      return isCanonical(value) && !isNegative(value) ? null : `“${value}” không phải số hợp lệ (không âm)`;
    case 'ratio':
      return 'tỷ lệ được tính tự động từ các chỉ tiêu, không nhập tay';
    case 'date':
      return isValidIsoDate(value) ? null : `“${value}” không phải ngày hợp lệ`;
    default:
      return value.length > 4000 ? 'Nội dung dài quá 4.000 ký tự' : null;
  }
}

function checkChange(t: Template, period: { fromYear: number; toYear: number }, units: Map<number, UnitDto>, c: FigureChange): string | null {
  const ind = t.indicators.find((i) => i.code === c.code);
  if (!ind) return `chỉ tiêu ${c.code} không có trong mẫu báo cáo`;
  const unit = units.get(c.unitId);
  if (!unit) return `đơn vị mã số ${c.unitId} không có trong năm này`;
  const where = `${unit.name} – ${ind.label}${c.year ? ` – năm ${c.year}` : ''}`;
  if (ind.kind === 'ratio') return `${where}: tỷ lệ được tính tự động từ các chỉ tiêu, không nhập tay`;
  if (!ind.reporters.includes(unit.kind)) return `${where}: chỉ tiêu này không do ${UNIT_KIND_LABELS[unit.kind].toLowerCase()} báo cáo`;
  if (ind.byYear ? !periodYears(period).includes(c.year) : c.year !== WHOLE_PERIOD)
    return `${where}: năm ${c.year} không thuộc kỳ báo cáo ${period.fromYear} - ${period.toYear}`;
  if (c.value === null) return null;
  const p = cellProblem(ind, c.value);
  return p ? `${where}: ${p}` : null;
}

export function saveFigures(ctx: CoreContext, year: number, changes: FigureChange[]) {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa nhập được số liệu.`);
  const units = new Map(listUnits(db).map((u) => [u.id, u]));
  const problems = changes.map((c) => checkChange(yt.template, yt.regime.period, units, c)).filter((p): p is string => p !== null);
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ');
    throw new AppError(
      'Validation',
      `Chưa lưu ô nào trong ${changes.length} ô vừa sửa vì có ${problems.length} ô không hợp lệ: ${shown}${problems.length > 10 ? '; …' : ''}.`,
    );
  }
  const at = ctx.now();
  const changed = inTransaction(db, () =>
    changes.reduce((n, c) => n + (writeFigure(db, { ...c, value: c.value === null ? null : c.value.trim() }, { kind: 'manual' }, ctx.actor, at) ? 1 : 0), 0),
  );
  return { changed, figures: listFigures(db) };
}

export function figureHistory(ctx: CoreContext, year: number, unitId: number, code: string, figureYear: number) {
  return figureHistoryOf(ensureYear(ctx, year), unitId, code, figureYear);
}
