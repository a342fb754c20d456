/** A year's data for the data screens, and cell edits saved all-or-nothing with history. */
import { COMPUTED_MESSAGE, isEnteredKind, valueProblem } from '../../../shared/domain/indicator-kinds';
import { figureKey, periodYears, WHOLE_PERIOD, type FigureDto, type UnitDto } from '../../../shared/domain/records';
import type { Template } from '../../../shared/domain/template';
import { UNIT_KIND_LABELS } from '../../../shared/domain/template';
import { AppError } from '../../../shared/rpc/envelope';
import { encodeFigures, type FigureChange, type FigureSlot, type StoredFigureDto, type YearDataDto, type YearDataWire } from '../../../shared/rpc/figures';
import type { CoreContext } from '../context';
import { inTransaction, type Db } from '../db/client';
import { figureHistoryOf, figuresAt, listFigureColumns, listFigureValues, listFigures, writeFigure } from '../db/repos/figures';
import { readNarratives } from '../db/repos/narratives';
import { readSettings } from '../db/repos/settings';
import { listUnitLinks } from '../db/repos/unit-links';
import { listUnits } from '../db/repos/units';
import { readYearTemplate, readYearTemplateShared } from '../db/repos/year-template';
import { readsSealedYears, yearFigureSet, type YearFigureSet } from './earlier-years';
import { ensureYear } from './years';

/** A year's data with where each figure came from; the earlier years of its period hold their sealed files' figures (services/earlier-years). */
export type YearSourcesDto = Omit<YearDataDto, 'figures'> & { figures: StoredFigureDto[] };

export function yearData(ctx: CoreContext, year: number): YearSourcesDto {
  return readYearData(ctx, year, listFigures);
}

/** A year's data as the screens, the report and the checks read it: each figure with its slot and value only. */
export type YearValuesDto = YearDataDto;

export function yearValues(ctx: CoreContext, year: number): YearValuesDto {
  return readYearData(ctx, year, listFigureValues);
}

/**
 * The answer of `figures:year-data`: yearValues with the figures as columns. Unless an earlier sealed year puts its
 * figures in the set, they are read as columns straight from the file (listFigureColumns), never made into objects.
 */
export function yearDataWire(ctx: CoreContext, year: number): YearDataWire {
  const db = ensureYear(ctx, year);
  const regime = readYearTemplateShared(db)?.regime;
  if (!regime || !readsSealedYears(ctx, year, regime.period)) {
    const none: FigureDto[] = [];
    const d = readYearData(ctx, year, () => none);
    // yearFigureSet gives back the very list it was given when no sealed year supplied a figure.
    if (d.figures === none) return { ...d, figures: listFigureColumns(db) };
  }
  const d = yearValues(ctx, year);
  return { ...d, figures: encodeFigures(d.figures) };
}

function readYearData<F extends FigureDto>(ctx: CoreContext, year: number, read: (db: Db) => F[]) {
  const db = ensureYear(ctx, year);
  // Parsed once per template (the answer is only serialized): at 401 units Số liệu asks for this at every visit.
  const yt = readYearTemplateShared(db);
  const units = listUnits(db);
  const figures = read(db);
  const set = yt ? yearFigureSet(ctx, year, { template: yt.template, regime: yt.regime, units, links: listUnitLinks(db), figures }) : null;
  return {
    year,
    template: yt?.template ?? null,
    regime: yt?.regime ?? null,
    settings: readSettings(db),
    units,
    figures: set?.figures ?? figures,
    narratives: readNarratives(db),
    ...(set && set.earlier.years.length + (set.earlier.previous ? 1 : 0) > 0 ? { earlier: set.earlier } : {}),
  };
}

function checkChange(t: Template, period: { fromYear: number; toYear: number }, units: Map<number, UnitDto>, c: FigureChange): string | null {
  const ind = t.indicators.find((i) => i.code === c.code);
  if (!ind) return `chỉ tiêu ${c.code} không có trong mẫu báo cáo`;
  const unit = units.get(c.unitId);
  if (!unit) return `đơn vị mã số ${c.unitId} không có trong năm này`;
  const where = `${unit.name} – ${ind.label}${c.year ? ` – năm ${c.year}` : ''}`;
  if (!isEnteredKind(ind.kind)) return `${where}: ${COMPUTED_MESSAGE}`;
  if (!ind.reporters.includes(unit.kind)) return `${where}: chỉ tiêu này không do ${UNIT_KIND_LABELS[unit.kind].toLowerCase()} báo cáo`;
  if (ind.byYear ? !periodYears(period).includes(c.year) : c.year !== WHOLE_PERIOD)
    return `${where}: năm ${c.year} không thuộc kỳ báo cáo ${period.fromYear} - ${period.toYear}`;
  if (c.value === null) return null;
  const p = valueProblem(ind, c.value);
  return p?.severity === 'error' ? `${where}: ${p.message}` : null;
}

export function saveFigures(ctx: CoreContext, year: number, changes: FigureChange[]) {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa nhập được số liệu.`);
  const unitList = listUnits(db);
  const units = new Map(unitList.map((u) => [u.id, u]));
  // Which cells an earlier sealed year governs does not depend on this year's figures: none are read for the check
  // (reading a province's figures was most of the time of a one-cell save).
  const before = yearFigureSet(ctx, year, { template: yt.template, regime: yt.regime, units: unitList, links: listUnitLinks(db), figures: [] });
  const problems = changes
    .map((c) => checkChange(yt.template, yt.regime.period, units, c) ?? sealedSlotProblem(before, units, c))
    .filter((p): p is string => p !== null);
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ');
    throw new AppError(
      'Validation',
      `Chưa lưu ô nào trong ${changes.length} ô vừa sửa vì có ${problems.length} ô không hợp lệ: ${shown}${problems.length > 10 ? '; …' : ''}.`,
    );
  }
  const at = ctx.now();
  const written: FigureChange[] = [];
  inTransaction(db, () => {
    for (const c of changes) {
      const w = { ...c, value: c.value === null ? null : c.value.trim() };
      if (writeFigure(db, w, { kind: 'manual' }, ctx.actor, at)) written.push(w);
    }
  });
  // Only the slots that changed go back, as stored (a slot written twice in one batch is read once).
  const slots = [...new Map(written.map((w) => [figureKey(w.unitId, w.code, w.year), w])).values()];
  const figures = figuresAt(db, slots);
  const stored = new Set(figures.map((f) => figureKey(f.unitId, f.code, f.year)));
  const cleared: FigureSlot[] = slots.filter((w) => !stored.has(figureKey(w.unitId, w.code, w.year))).map(({ unitId, code, year }) => ({ unitId, code, year }));
  return { changed: written.length, figures, cleared };
}

/** A cell an earlier sealed year governs is read from that year's file, never typed here. */
function sealedSlotProblem(set: YearFigureSet, units: Map<number, UnitDto>, c: FigureChange): string | null {
  if (!set.governs(c.unitId, c.code, c.year)) return null;
  return `${units.get(c.unitId)?.name ?? c.unitId} – ${c.code} – năm ${c.year}: số liệu năm ${c.year} lấy từ tệp năm ${c.year} đã khóa sổ, không sửa trong năm này`;
}

export function figureHistory(ctx: CoreContext, year: number, unitId: number, code: string, figureYear: number) {
  return figureHistoryOf(ensureYear(ctx, year), unitId, code, figureYear);
}
