/**
 * Aggregation of unit figures into the totals a report cites.
 *
 * Decisions:
 * - Units always add up: within one year (or the whole period) the values of all contributing units are summed,
 *   because units are disjoint parts of the issuing body. `aggregate` only says how YEARS combine: `sum` adds
 *   the yearly totals, `max` takes the largest yearly total (profile counts such as the number of villages).
 * - `none`, and every non-numeric kind (text, date, docref), take the office's own value only.
 * - Ratios are never summed: they are recomputed from the totals of their numerator and denominator.
 * - A slot nobody reported is null, never "0", so that the report can say "[chưa có số liệu: …]".
 * - Stored values that are not numbers are left out of the sums and listed in `invalid`; the rules report them.
 * The result is made of plain objects and arrays so that it can cross the RPC boundary as JSON.
 */
import { isCanonical, maxOf, normalizeDecimal, percentOf, sum } from './decimal';
import { type FigureDto, type Period, type UnitDto, WHOLE_PERIOD, figureKey, periodYears } from './records';
import type { Indicator, Template } from './template';
import { formatCount, formatNumber, formatPercent } from '../format/number';
import { formatBodyDate, isValidIsoDate } from '../format/date';
import { isQuantityKind } from './indicator-kinds';

export interface SlotValue {
  /** Canonical decimal for numeric kinds, text otherwise; null when no expected unit reported it. */
  value: string | null;
  reportedUnitIds: number[];
  /** Expected units that have not reported (for the period: not every year). */
  missingUnitIds: number[];
}

export interface IndicatorAggregate {
  code: string;
  /** Per calendar year for byYear indicators; empty otherwise. */
  years: Record<number, SlotValue>;
  period: SlotValue;
  /** Nothing was reported for the period: write "[chưa có số liệu: …]", never 0. */
  missing: boolean;
  /** Every expected unit reported every slot with a valid value. */
  complete: boolean;
  /** Stored values that are not numbers, left out of the totals. */
  invalid: FigureDto[];
}

export interface Aggregation {
  years: number[];
  indicators: Record<string, IndicatorAggregate>;
  /** Each unit's own period total per indicator code, for the grid's total column; null when not reported. */
  unitTotals: Record<number, Record<string, string | null>>;
}

export { isNumericKind } from './indicator-kinds';


/** The active units in unit order. */
function activeInOrder(units: UnitDto[]): UnitDto[] {
  return units.filter((u) => u.active).sort((a, b) => a.order - b.order || a.id - b.id);
}

/** The units whose figures count for an indicator, in unit order (`active`: activeInOrder(units), when known). */
export function contributingUnits(indicator: Indicator, units: UnitDto[], active = activeInOrder(units)): UnitDto[] {
  if (indicator.aggregate === 'none' || !isQuantityKind(indicator.kind)) {
    const office = active.find((u) => u.kind === 'office');
    return office ? [office] : [];
  }
  return active.filter((u) => indicator.reporters.includes(u.kind));
}

function slot(value: string | null, reported: number[], missing: number[]): SlotValue {
  return { value, reportedUnitIds: reported, missingUnitIds: missing };
}

function combineYears(indicator: Indicator, values: string[]): string | null {
  if (values.length === 0) return null;
  if (!isQuantityKind(indicator.kind)) return values.join('; ');
  return indicator.aggregate === 'max' ? maxOf(values) : sum(values);
}

/** A unit's slot (a year, or WHOLE_PERIOD) as one map key; years stay below 100,000. */
const slotKey = (unitId: number, year: number) => unitId * 100_000 + year;

function aggregateBase(
  indicator: Indicator,
  units: UnitDto[],
  /** The indicator's figures by unit and year (slotKey). */
  lookup: Map<number, FigureDto> | undefined,
  years: number[],
  unitTotals: Aggregation['unitTotals'],
  active: UnitDto[],
): IndicatorAggregate {
  const numeric = isQuantityKind(indicator.kind);
  const contributors = contributingUnits(indicator, units, active);
  const invalid: FigureDto[] = [];
  const read = (unitId: number, year: number): string | null => {
    const f = lookup?.get(slotKey(unitId, year));
    if (!f) return null;
    if (!numeric) return f.value.trim() === '' ? null : f.value;
    const v = isCanonical(f.value) ? f.value : normalizeDecimal(f.value);
    if (v === null) invalid.push(f);
    return v;
  };
  const slotYears = indicator.byYear ? years : [WHOLE_PERIOD];
  // perUnit[i][j]: value of contributor i in slot year j.
  const perUnit = contributors.map((u) => slotYears.map((y) => read(u.id, y)));

  const yearSlots: Record<number, SlotValue> = {};
  slotYears.forEach((y, j) => {
    const reported: number[] = [];
    const missing: number[] = [];
    const values: string[] = [];
    contributors.forEach((u, i) => {
      const v = perUnit[i][j];
      if (v === null) {
        missing.push(u.id);
      } else {
        reported.push(u.id);
        values.push(v);
      }
    });
    const value = values.length === 0 ? null : numeric ? sum(values) : values[0];
    yearSlots[y] = slot(value, reported, missing);
  });

  let period: SlotValue;
  if (indicator.byYear) {
    const yearValues = years.map((y) => yearSlots[y].value).filter((v): v is string => v !== null);
    const reported = contributors.filter((_, i) => perUnit[i].some((v) => v !== null)).map((u) => u.id);
    const missing = contributors.filter((_, i) => perUnit[i].some((v) => v === null)).map((u) => u.id);
    period = slot(combineYears(indicator, yearValues), reported, missing);
  } else {
    period = yearSlots[WHOLE_PERIOD];
  }

  if (numeric)
    contributors.forEach((u, i) => {
      const own = perUnit[i].filter((v): v is string => v !== null);
      (unitTotals[u.id] ??= {})[indicator.code] = indicator.byYear ? combineYears(indicator, own) : (own[0] ?? null);
    });

  return {
    code: indicator.code,
    years: indicator.byYear ? yearSlots : {},
    period,
    missing: period.value === null,
    complete: contributors.length > 0 && period.missingUnitIds.length === 0 && invalid.length === 0,
    invalid,
  };
}

function unionIds(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function ratioSlot(n: SlotValue | undefined, d: SlotValue | undefined): SlotValue {
  const value = n?.value != null && d?.value != null ? percentOf(n.value, d.value) : null;
  const both = new Set(d?.reportedUnitIds);
  const reported = (n?.reportedUnitIds ?? []).filter((id) => both.has(id));
  return slot(value, reported, unionIds(n?.missingUnitIds ?? [], d?.missingUnitIds ?? []));
}

function aggregateRatio(
  indicator: Indicator,
  indicators: Record<string, IndicatorAggregate>,
  years: number[],
  unitTotals: Aggregation['unitTotals'],
): IndicatorAggregate {
  const n = indicator.ratio ? indicators[indicator.ratio.numerator] : undefined;
  const d = indicator.ratio ? indicators[indicator.ratio.denominator] : undefined;
  const yearSlots: Record<number, SlotValue> = {};
  if (indicator.byYear) for (const y of years) yearSlots[y] = ratioSlot(n?.years[y], d?.years[y]);
  const period = ratioSlot(n?.period, d?.period);
  if (indicator.ratio)
    for (const totals of Object.values(unitTotals)) {
      const num = totals[indicator.ratio.numerator];
      const den = totals[indicator.ratio.denominator];
      if (num !== undefined || den !== undefined)
        totals[indicator.code] = num != null && den != null ? percentOf(num, den) : null;
    }
  return {
    code: indicator.code,
    years: yearSlots,
    period,
    missing: period.value === null,
    complete: Boolean(n?.complete && d?.complete) && period.value !== null,
    invalid: [],
  };
}

/**
 * Aggregates the figures of the active units for every indicator of a template over a period.
 * Figures of inactive units, of units that do not report an indicator, and of years outside the period
 * are ignored.
 */
export function aggregate(template: Template, units: UnitDto[], figures: FigureDto[], period: Period): Aggregation {
  const years = periodYears(period);
  // Figures by indicator, then by unit and year as one number: 400 units × 40 indicators × 4 years of lookups.
  const byCode = new Map<string, Map<number, FigureDto>>();
  for (const f of figures) {
    let m = byCode.get(f.code);
    if (!m) byCode.set(f.code, (m = new Map()));
    m.set(slotKey(f.unitId, f.year), f);
  }
  const indicators: Record<string, IndicatorAggregate> = {};
  const unitTotals: Aggregation['unitTotals'] = {};
  const active = activeInOrder(units);
  for (const ind of template.indicators)
    if (ind.kind !== 'ratio') indicators[ind.code] = aggregateBase(ind, units, byCode.get(ind.code), years, unitTotals, active);
  for (const ind of template.indicators)
    if (ind.kind === 'ratio') indicators[ind.code] = aggregateRatio(ind, indicators, years, unitTotals);
  return { years, indicators, unitTotals };
}

/** The aggregated value of an indicator for one year, or for the period with WHOLE_PERIOD (the default). */
export function aggregatedValue(agg: Aggregation, code: string, year: number = WHOLE_PERIOD): string | null {
  const ind = agg.indicators[code];
  if (!ind) return null;
  return year === WHOLE_PERIOD ? ind.period.value : (ind.years[year]?.value ?? null);
}

export interface ValueFormatOptions {
  /** The year's setting "pad counts below 10". */
  padCounts: boolean;
  /** The placeholder's `nopad` flag. */
  nopad?: boolean;
  padAllMonths?: boolean;
}

/**
 * Writes a value the way the report prints it: counts padded per the setting unless the indicator or the
 * placeholder says no, decimals with the indicator's places, ratios as percentages, dates as body dates.
 */
export function formatIndicatorValue(indicator: Indicator, value: string, options: ValueFormatOptions): string {
  switch (indicator.kind) {
    case 'count':
      return formatCount(value, options.padCounts && !options.nopad && !indicator.noPad);
    case 'decimal':
      return formatNumber(value, { decimals: indicator.decimals });
    case 'ratio':
      return formatPercent(value);
    case 'date':
      return value
        .split('; ')
        .map((d) => (isValidIsoDate(d) ? formatBodyDate(d, { padAllMonths: options.padAllMonths }) : d))
        .join('; ');
    default:
      return value;
  }
}

/** The visible stand-in for a figure nobody reported. */
export function missingFigureText(label: string): string {
  return `[chưa có số liệu: ${label}]`;
}

/**
 * A unit's own value of an indicator in a view of the year (a year, or WHOLE_PERIOD), from the figures by
 * figureKey and the aggregation: the stored figure; for a ratio, percentOf its own figures; over the period, its
 * total from the aggregation (texts joined when the indicator is not a quantity).
 */
export function unitViewValue(
  m: { figureMap: Map<string, string>; agg: Aggregation; years: number[] },
  unitId: number,
  ind: Indicator,
  year: number,
): string | null {
  const raw = (code: string, y: number) => m.figureMap.get(figureKey(unitId, code, y)) ?? null;
  const slot = ind.byYear ? year : WHOLE_PERIOD;
  if (slot === WHOLE_PERIOD && ind.byYear) {
    const total = m.agg.unitTotals[unitId]?.[ind.code];
    if (total !== undefined) return total;
    const texts = m.years.map((y) => raw(ind.code, y)).filter((v): v is string => v !== null);
    return texts.length ? texts.join('; ') : null;
  }
  if (ind.kind === 'ratio' && ind.ratio) {
    const n = raw(ind.ratio.numerator, slot);
    const d = raw(ind.ratio.denominator, slot);
    return n !== null && d !== null ? percentOf(n, d) : null;
  }
  return raw(ind.code, slot);
}
