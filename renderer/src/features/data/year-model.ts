/**
 * Everything the data screens derive from one `figures.yearData` answer: the aggregation, the rule results and
 * the narrative resolver, all computed by the shared functions so that the screens show what the report will.
 */
import { aggregate, unitViewValue, type Aggregation } from '../../../../shared/domain/aggregate';
import { type Period, type UnitDto, figureKey, periodYears } from '../../../../shared/domain/records';
import { evaluateRules, evaluateRulesSteps, updateRuleResults, type RuleResult } from '../../../../shared/domain/rules';
import { createResolver, resolveText, runsToText, type Resolver } from '../../../../shared/domain/placeholders';
import { narrativeSections, type Indicator, type Regime, type Section, type Template } from '../../../../shared/domain/template';
import { reportFields, toRoman } from '../../../../shared/report/model';
import type { FigureSlot, StoredFigureDto, YearDataDto } from '../../../../shared/rpc/figures';

export interface SectionInfo {
  section: Section;
  depth: number;
  /** "2.2. Kết quả thực hiện công tác tiếp dân…", placeholders in the heading resolved. */
  title: string;
}

export interface YearModel {
  /** Distinct for every model made, so that a grid built from one model can tell what changed in the next. */
  id: number;
  /** Set on a model updated from another (`id`): the units whose figures may differ from it (none for new rules). */
  changedSince?: { id: number; unitIds: Set<number> };
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
  /** Empty while `rulesPending`: the first evaluation of a year is done after its values are shown. */
  rules: RuleResult[];
  rulesPending: boolean;
  resolver: Resolver;
  /** The outline's sections, in order, at any depth. */
  sections: SectionInfo[];
  /** What the narrative editor edits: the opening paragraphs, the outline's sections, the closing paragraphs. */
  narrativeSections: SectionInfo[];
}


let lastId = 0;
/** A new model id (YearModel.id). */
export const nextModelId = () => ++lastId;

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

/** The rule results of a year's model, from its aggregation (the slow part: a few hundred ms at 400 units). */
export function yearRules(m: YearModel): RuleResult[] {
  return evaluateRules(m.template, m.data.units, m.data.figures, m.period, m.agg);
}

/** yearRules in steps, to be run in slices between frames (lib/slices). */
export function yearRulesSteps(m: YearModel): Generator<void, RuleResult[]> {
  return evaluateRulesSteps(m.template, m.data.units, m.data.figures, m.period, m.agg);
}

/** The parts that follow the totals: the placeholder resolver and the outline's resolved headings. */
function resolved(data: YearDataDto, template: Template, regime: Regime, agg: Aggregation) {
  const single = template.appendices.length === 1;
  const resolver = createResolver({
    template,
    regime,
    aggregation: agg,
    period: regime.period,
    padCounts: data.settings.padCounts,
    fields: reportFields(data.settings),
    // As the report reads them: units that sent figures left blanks for "none"; appendices by their labels.
    returnedUnitIds: new Set(data.figures.filter((f) => f.value.trim() !== '').map((f) => f.unitId)),
    appendices: template.appendices.map((a, i) => ({ id: a.id, label: single ? 'Phụ lục' : `Phụ lục ${toRoman(i + 1)}` })),
    previous: data.earlier?.previous,
  });
  return { resolver, sections: flatten(template.outline, 0, resolver, []), narrativeSections: flatten(narrativeSections(template), 0, resolver, []) };
}

/**
 * Everything derived from a year's data. Without `rules` the model is marked `rulesPending`, so that the values
 * can be shown before the rules are evaluated (yearRules).
 */
export function buildYearModel(data: YearDataDto, rules?: RuleResult[]): YearModel | null {
  const { template, regime } = data;
  if (!template || !regime) return null;
  const period = regime.period;
  const agg = aggregate(template, data.units, data.figures, period);
  const units = orderUnits(data.units.filter((u) => u.active));
  return {
    id: nextModelId(),
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
    rules: rules ?? [],
    rulesPending: rules === undefined,
    ...resolved(data, template, regime, agg),
  };
}

/** What a save changed: the slots as now stored, and the slots cleared (the `figures.save` answer). */
export interface SavedFigures {
  figures: StoredFigureDto[];
  cleared: FigureSlot[];
}

/**
 * The model after a save, updated from what changed rather than rebuilt: the figures of the written slots, the
 * totals of their indicators (and of the ratios computed from them), the rule checks that read them. Equal to
 * buildYearModel on the data reloaded after the save (tests/unit/year-model-update.test.ts).
 */
export function applySavedFigures(m: YearModel, saved: SavedFigures): YearModel {
  const slots: FigureSlot[] = [...saved.figures, ...saved.cleared];
  if (slots.length === 0) return m;
  const keyOf = (f: FigureSlot) => figureKey(f.unitId, f.code, f.year);
  const written = new Set(slots.map(keyOf));
  const figures = m.data.figures.filter((f) => !written.has(keyOf(f))).concat(saved.figures);
  const data = { ...m.data, figures };
  const figureMap = new Map(m.figureMap);
  for (const c of saved.cleared) figureMap.delete(keyOf(c));
  for (const f of saved.figures) figureMap.set(keyOf(f), f.value);

  // Totals again for the written indicators and the ratios over them; a ratio needs both its parts' totals.
  const codes = new Set(slots.map((s) => s.code));
  const touched = m.template.indicators.filter((i) => codes.has(i.code) || (i.ratio && (codes.has(i.ratio.numerator) || codes.has(i.ratio.denominator))));
  const needed = new Set(touched.flatMap((i) => (i.ratio ? [i.code, i.ratio.numerator, i.ratio.denominator] : [i.code])));
  const part = aggregate(
    { ...m.template, indicators: m.template.indicators.filter((i) => needed.has(i.code)) },
    data.units,
    figures.filter((f) => needed.has(f.code)),
    m.period,
  );
  // A unit's own totals read only its own figures: those of the units written change, no others.
  const unitTotals: Aggregation['unitTotals'] = { ...m.agg.unitTotals };
  for (const id of new Set(slots.map((s) => s.unitId))) {
    const own = { ...m.agg.unitTotals[id] };
    for (const code of needed) delete own[code];
    if (m.agg.unitTotals[id] || part.unitTotals[id]) unitTotals[id] = { ...own, ...part.unitTotals[id] };
  }
  const agg: Aggregation = { years: m.agg.years, indicators: { ...m.agg.indicators, ...part.indicators }, unitTotals };
  return {
    ...m,
    id: nextModelId(),
    changedSince: { id: m.id, unitIds: new Set(slots.map((s) => s.unitId)) },
    data,
    figureMap,
    agg,
    rules: m.rulesPending ? [] : updateRuleResults(m.rules, m.template, data.units, figureMap, agg, slots),
    ...resolved(data, m.template, m.regime, agg),
  };
}

/** A unit's own value of an indicator in a view of the year (see unitViewValue). */
export function unitFigure(m: YearModel, unitId: number, ind: Indicator, year: number): string | null {
  return unitViewValue(m, unitId, ind, year);
}
