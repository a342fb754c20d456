/**
 * Everything the data screens derive from one `figures.yearData` answer: the aggregation, the rule results and
 * the narrative resolver, all computed by the shared functions so that the screens show what the report will.
 */
import { aggregate, unitViewValue, type Aggregation } from '../../../../shared/domain/aggregate';
import { type Period, type UnitDto, figureKey, periodYears } from '../../../../shared/domain/records';
import { evaluateRules, type RuleResult } from '../../../../shared/domain/rules';
import { createResolver, resolveText, runsToText, type Resolver } from '../../../../shared/domain/placeholders';
import { narrativeSections, type Indicator, type Regime, type Section, type Template } from '../../../../shared/domain/template';
import { reportFields, toRoman } from '../../../../shared/report/model';
import type { YearDataDto } from '../../../../shared/rpc/figures';

export interface SectionInfo {
  section: Section;
  depth: number;
  /** "2.2. Kết quả thực hiện công tác tiếp dân…", placeholders in the heading resolved. */
  title: string;
}

export interface YearModel {
  year: number;
  data: YearDataDto;
  template: Template;
  regime: Regime;
  period: Period;
  years: number[];
  /** Active units, the office first, then in the units' order. */
  units: UnitDto[];
  office: UnitDto | undefined;
  byCode: Map<string, Indicator>;
  /** Stored values by `unitId|code|year`. */
  figureMap: Map<string, string>;
  agg: Aggregation;
  rules: RuleResult[];
  resolver: Resolver;
  /** The outline's sections, in order, at any depth. */
  sections: SectionInfo[];
  /** What the narrative editor edits: the opening paragraphs, the outline's sections, the closing paragraphs. */
  narrativeSections: SectionInfo[];
}


export function orderUnits(units: UnitDto[]): UnitDto[] {
  return [...units].sort((a, b) => Number(b.kind === 'office') - Number(a.kind === 'office') || a.order - b.order || a.id - b.id);
}

function flatten(sections: Section[], depth: number, resolver: Resolver, out: SectionInfo[]): SectionInfo[] {
  for (const s of sections) {
    const heading = runsToText(resolveText(s.heading, resolver));
    out.push({ section: s, depth, title: s.number ? `${s.number} ${heading}` : heading });
    flatten(s.children, depth + 1, resolver, out);
  }
  return out;
}

/** The rule results of a year's data (the slow part: tens of milliseconds on the demo year). */
export function yearRules(data: YearDataDto): RuleResult[] {
  return data.template && data.regime ? evaluateRules(data.template, data.units, data.figures, data.regime.period) : [];
}

/** Everything but the rules, which are passed in so that they can be computed after the values are shown. */
export function buildYearModel(data: YearDataDto, rules: RuleResult[]): YearModel | null {
  const { template, regime } = data;
  if (!template || !regime) return null;
  const period = regime.period;
  const agg = aggregate(template, data.units, data.figures, period);
  const single = template.appendices.length === 1;
  const resolver = createResolver({
    template,
    regime,
    aggregation: agg,
    period,
    padCounts: data.settings.padCounts,
    fields: reportFields(data.settings),
    // As the report reads them: units that sent figures left blanks for "none"; appendices by their labels.
    returnedUnitIds: new Set(data.figures.filter((f) => f.value.trim() !== '').map((f) => f.unitId)),
    appendices: template.appendices.map((a, i) => ({ id: a.id, label: single ? 'Phụ lục' : `Phụ lục ${toRoman(i + 1)}` })),
  });
  const units = orderUnits(data.units.filter((u) => u.active));
  return {
    year: data.year,
    data,
    template,
    regime,
    period,
    years: periodYears(period),
    units,
    office: units.find((u) => u.kind === 'office'),
    byCode: new Map(template.indicators.map((i) => [i.code, i])),
    figureMap: new Map(data.figures.map((f) => [figureKey(f.unitId, f.code, f.year), f.value])),
    agg,
    rules,
    resolver,
    sections: flatten(template.outline, 0, resolver, []),
    narrativeSections: flatten(narrativeSections(template), 0, resolver, []),
  };
}

/** A unit's own value of an indicator in a view of the year (see unitViewValue). */
export function unitFigure(m: YearModel, unitId: number, ind: Indicator, year: number): string | null {
  return unitViewValue(m, unitId, ind, year);
}
