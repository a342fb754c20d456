/**
 * The spreadsheet's rows, columns and cells for one section and one year (or the whole period), built from the
 * year model. Totals come from the shared aggregation and flags from the shared rule results; nothing is
 * summed or checked here.
 */
import { type UnitDto, WHOLE_PERIOD } from '../../../../../shared/domain/records';
import type { RuleResult } from '../../../../../shared/domain/rules';
import type { Indicator } from '../../../../../shared/domain/template';
import { displayFigure } from '../../../lib/figures';
import { unitFigure, type YearModel } from '../year-model';

export const ALL_SECTIONS = '*';

export interface GridColumn {
  ind: Indicator;
  /** Typed into (true), or computed: ratios, and per-year indicators seen over the whole period. */
  editable: boolean;
  /** The year key its figures are stored under for this view. */
  figureYear: number;
}

/** `sealed`: an earlier year read from its sealed year file (services/earlier-years), never typed here. */
export type CellState = 'edit' | 'computed' | 'none' | 'sealed';

export interface Flag {
  severity: 'error' | 'warning';
  messages: string[];
}

export interface GridCell {
  /** Stored (editable cells) or computed value; null when empty. */
  value: string | null;
  text: string;
  state: CellState;
  flag?: Flag;
}

export interface GridRow {
  unit: UnitDto;
  cells: GridCell[];
  /** The row's rule flags in one string, to tell whether a row can be kept from the previous grid. */
  flagKey: string;
}

export interface FailingRule {
  result: RuleResult;
  /** Row index of the unit, or -1 for the totals. */
  row: number;
  col: number;
}

export interface GridModel {
  columns: GridColumn[];
  rows: GridRow[];
  totals: GridCell[];
  failing: FailingRule[];
}

const reports = (ind: Indicator, unit: UnitDto) => ind.reporters.includes(unit.kind);

function addFlag(map: Map<string, Flag>, key: string, r: RuleResult) {
  const f = map.get(key);
  const severity = r.severity === 'error' || f?.severity === 'error' ? 'error' : 'warning';
  if (f) {
    if (!f.messages.includes(r.message)) f.messages.push(r.message);
    f.severity = severity;
  } else map.set(key, { severity, messages: [r.message] });
}

/** The indicators of a section (or all) that the view shows: per-year ones for a year, all for the period. */
export function gridColumns(m: YearModel, sectionId: string, year: number): GridColumn[] {
  return m.template.indicators
    .filter((i) => (sectionId === ALL_SECTIONS || i.section === sectionId) && (year === WHOLE_PERIOD || i.byYear))
    .map((ind) => ({
      ind,
      editable: ind.kind !== 'ratio' && (year === WHOLE_PERIOD ? !ind.byYear : true),
      figureYear: ind.byYear ? year : WHOLE_PERIOD,
    }));
}

/**
 * Where the grid opens on a year not opened before: the first section of the outline, then the first of its years
 * (the period last), whose columns hold a stored figure; the first section's first view when nothing is stored.
 */
export function openingView(m: YearModel): { section: string; year: number } {
  const stored = new Set<string>();
  for (const f of m.data.figures) if (f.value.trim() !== '') stored.add(`${f.code}|${f.year}`);
  const owning = m.sections.map((s) => s.section.id).filter((id) => m.template.indicators.some((i) => i.section === id));
  for (const section of owning)
    for (const year of [...m.years, WHOLE_PERIOD]) {
      const cols = gridColumns(m, section, year);
      // Over the period a per-year indicator shows the sum of its years: any year's figure counts.
      if (cols.some((c) => (c.ind.byYear && year === WHOLE_PERIOD ? m.years.some((y) => stored.has(`${c.ind.code}|${y}`)) : stored.has(`${c.ind.code}|${c.figureYear}`))))
        return { section, year };
    }
  const first = owning[0] ?? ALL_SECTIONS;
  return { section: first, year: gridColumns(m, first, m.years[0] ?? WHOLE_PERIOD).length ? (m.years[0] ?? WHOLE_PERIOD) : WHOLE_PERIOD };
}

/**
 * A row whose cells are worked out when first read, once: a province's grid of all sections holds 22,000 cells, of
 * which only the few hundred in view are drawn (virtual rows and columns), so most rows are never read at all.
 */
function lazyRow(unit: UnitDto, flagKey: string, cellsOf: () => GridCell[]): GridRow {
  let cells: GridCell[] | null = null;
  return {
    unit,
    flagKey,
    get cells() {
      return (cells ??= cellsOf());
    },
  };
}

/** A grid built before, from the model `modelId`, for the same section and year. */
export interface PreviousGrid {
  grid: GridModel;
  modelId: number;
  sectionId: string;
  year: number;
}

/**
 * The grid of a section and year. With `prev` (the grid of the model this one was updated from), the rows of
 * units whose figures did not change and whose flags are the same are kept as they were: the same objects, so
 * that they are neither computed nor drawn again after an edit of one cell.
 */
export function buildGrid(m: YearModel, sectionId: string, year: number, prev?: PreviousGrid): GridModel {
  const columns = gridColumns(m, sectionId, year);
  const rowsUnits = m.units.filter((u) => columns.some((c) => reports(c.ind, u)));
  const colOf = new Map(columns.map((c, i) => [c.ind.code, i]));
  const rowOf = new Map(rowsUnits.map((u, i) => [u.id, i]));

  const flags = new Map<string, Flag>();
  const failing: FailingRule[] = [];
  for (const r of m.rules) {
    if (r.status !== 'failed' || r.year !== year) continue;
    const row = r.scope === 'total' ? -1 : (rowOf.get(r.unitId ?? -1) ?? null);
    if (row === null) continue;
    const cols = r.codes.filter((c) => colOf.has(c));
    if (cols.length === 0) continue;
    for (const c of cols) addFlag(flags, `${row}|${c}`, r);
    failing.push({ result: r, row, col: colOf.get(cols[0])! });
  }
  failing.sort((a, b) => Number(a.result.severity !== 'error') - Number(b.result.severity !== 'error') || a.row - b.row);

  const flagKeys = new Map<number, string>();
  for (const [key, f] of flags) {
    const [row, code] = key.split('|');
    flagKeys.set(Number(row), `${flagKeys.get(Number(row)) ?? ''}${code}:${f.severity}:${f.messages.join('\n')}\n`);
  }
  const keep =
    prev && prev.sectionId === sectionId && prev.year === year && m.changedSince?.id === prev.modelId && prev.grid.rows.length === rowsUnits.length
      ? m.changedSince.unitIds
      : null;
  // A year of the period read from its sealed year file: its cells are that file's, except units and indicators it lacks.
  const sealed = year !== WHOLE_PERIOD ? m.data.earlier?.years.find((e) => e.year === year && e.status === 'sealed') : undefined;
  const ownUnits = new Set(sealed?.unmatchedUnits.map((u) => u.unitId));
  const ownCodes = new Set(sealed?.missingIndicators);
  const stateOf = (col: GridColumn, unit: UnitDto): CellState =>
    !col.editable ? 'computed' : sealed && !ownUnits.has(unit.id) && !ownCodes.has(col.ind.code) ? 'sealed' : 'edit';
  const rows = rowsUnits.map((unit, row): GridRow => {
    const flagKey = flagKeys.get(row) ?? '';
    const before = keep && prev!.grid.rows[row];
    if (before && before.unit === unit && !keep.has(unit.id) && before.flagKey === flagKey) return before;
    return lazyRow(unit, flagKey, () =>
      columns.map((col): GridCell => {
        if (!reports(col.ind, unit)) return { value: null, text: '', state: 'none' };
        const value = unitFigure(m, unit.id, col.ind, year);
        return { value, text: displayFigure(col.ind, value), state: stateOf(col, unit), flag: flags.get(`${row}|${col.ind.code}`) };
      }),
    );
  });
  const totals = columns.map((col): GridCell => {
    const a = m.agg.indicators[col.ind.code];
    const value = (year === WHOLE_PERIOD ? a?.period.value : a?.years[year]?.value) ?? null;
    return { value, text: displayFigure(col.ind, value), state: 'computed', flag: flags.get(`-1|${col.ind.code}`) };
  });
  return { columns, rows, totals, failing };
}
