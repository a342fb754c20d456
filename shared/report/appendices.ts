/**
 * The appendix tables of the report model: a list appendix (rows of a list, with its columns) and an appendix of
 * indicators by unit (one row per contributing unit, a totals row). Cells are formatted text, as everywhere in the
 * model; writers only lay them out.
 */
import { formatIndicatorValue, type Aggregation } from '../domain/aggregate';
import { WHOLE_PERIOD, type FigureDto, type UnitDto } from '../domain/records';
import type { AppendixDef, ListColumn } from '../domain/template';
import { formatBodyDate, isValidIsoDate } from '../format/date';
import { formatNumber } from '../format/number';
import type { AppendixModel, BuildDocumentInput, TableColumn, TableRow } from './model';

function cellText(col: ListColumn, raw: string | undefined, unitName: (id: string) => string): string {
  const v = (raw ?? '').trim();
  if (!v) return '';
  if (col.type === 'date' && isValidIsoDate(v)) return formatBodyDate(v);
  if (col.type === 'unit') return unitName(v);
  return v;
}

export function listAppendix(def: AppendixDef & { source: { kind: 'list' } }, input: BuildDocumentInput, units: UnitDto[]): Pick<AppendixModel, 'columns' | 'rows' | 'legend'> {
  const list = input.template.lists.find((l) => l.id === def.source.list);
  const columns: TableColumn[] = [{ label: 'STT', align: 'center', width: 0.7, numeric: false, nowrap: true }];
  if (!list) return { columns, rows: [], legend: [] };
  const byId = new Map(units.map((u) => [String(u.id), u.name]));
  const byCode = new Map(units.map((u) => [u.code, u.name]));
  const unitName = (v: string) => byId.get(v) ?? byCode.get(v) ?? v;
  const rows = (input.lists ?? [])
    .filter((r) => r.listId === list.id)
    .sort((a, b) => a.order - b.order)
    .map((r, i): TableRow => ({
      cells: [
        { text: String(i + 1), value: null },
        ...list.columns.map((c) => {
          const text = cellText(c, r.values[c.key], unitName);
          return { text, value: null };
        }),
      ],
    }));
  // Drop optional columns nobody filled (e.g. "Ghi chú"), keeping the table readable.
  const keep = list.columns.map((c, j) => c.required || rows.some((r) => r.cells[j + 1].text !== ''));
  const cols = list.columns
    .map((c, j) => ({ c, j }))
    .filter(({ j }) => keep[j])
    .map(({ c }): TableColumn => ({
      label: c.label,
      align: c.type === 'date' || c.type === 'docref' || c.type === 'number' ? 'center' : 'left',
      width: c.width ?? 2,
      numeric: false,
      nowrap: c.type === 'date' || c.type === 'docref' || c.type === 'number',
    }));
  return {
    columns: [...columns, ...cols],
    rows: rows.map((r) => ({ ...r, cells: [r.cells[0], ...r.cells.slice(1).filter((_, j) => keep[j])] })),
    legend: [],
  };
}

function numericValue(v: string | null): number | null {
  if (v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function indicatorAppendix(
  codes: string[],
  input: BuildDocumentInput,
  agg: Aggregation,
  units: UnitDto[],
): Pick<AppendixModel, 'columns' | 'rows' | 'legend'> {
  const { template } = input;
  const inds = codes.map((c) => template.indicators.find((i) => i.code === c)).filter((i): i is NonNullable<typeof i> => Boolean(i));
  const fmt = (ind: (typeof inds)[number], v: string | null) =>
    v === null ? '' : ind.kind === 'count' ? formatNumber(v) : formatIndicatorValue(ind, v, { padCounts: false });
  // Many narrow columns: numbered short labels, the full labels in a legend under the table.
  const short = inds.length > 6;
  const legend = short ? inds.map((ind, k) => `(${k + 1}) ${ind.label}${ind.unit ? ` (${ind.unit})` : ''}`) : [];
  const columns: TableColumn[] = [
    { label: 'STT', align: 'center', width: 0.8, numeric: false, nowrap: true },
    { label: 'Cơ quan, đơn vị, địa phương', align: 'left', width: 4, numeric: false },
    ...inds.map((ind, k): TableColumn => ({
      label: short ? `(${k + 1}) ${ind.shortLabel ?? ind.label}` : ind.unit ? `${ind.label} (${ind.unit})` : ind.label,
      align: 'right',
      width: 1.2,
      numeric: true,
      nowrap: true,
    })),
  ];
  const active = units.filter((u) => u.active).sort((a, b) => a.order - b.order || a.id - b.id);
  const shown = active.filter((u) => inds.some((ind) => agg.unitTotals[u.id]?.[ind.code] != null));
  const rows: TableRow[] = shown.map((u, i) => ({
    cells: [
      { text: String(i + 1), value: null },
      { text: u.name, value: null },
      ...inds.map((ind) => {
        const v = agg.unitTotals[u.id]?.[ind.code] ?? null;
        return { text: fmt(ind, v), value: numericValue(v) };
      }),
    ],
  }));
  rows.push({
    total: true,
    cells: [
      { text: '', value: null },
      { text: 'Tổng cộng', value: null },
      // No unit reported any such activity: "-", as offices write it; the completeness screen lists late returns.
      ...inds.map((ind) => {
        const v = agg.indicators[ind.code]?.period.value ?? null;
        return v === null ? { text: '-', value: null } : { text: fmt(ind, v), value: numericValue(v) };
      }),
    ],
  });
  return { columns, rows, legend };
}

/** Units that sent figures for the period (any value in a year of the period or for the whole period). */
export function returnedUnits(figures: FigureDto[], years: number[]): Set<number> {
  const inPeriod = new Set([WHOLE_PERIOD, ...years]);
  const out = new Set<number>();
  for (const f of figures) if (!out.has(f.unitId) && inPeriod.has(f.year) && f.value.trim() !== '') out.add(f.unitId);
  return out;
}

/** Builds the whole report, resolving every placeholder. */
