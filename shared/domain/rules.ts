/**
 * Evaluates a template's rules between indicators, on each unit's figures and on the totals, plus the checks
 * implied by the indicator kinds.
 *
 * Decisions:
 * - A rule whose referenced value is missing is `incomplete`, never `failed`: an empty cell is not a zero.
 * - Rules over byYear indicators are checked for each year and for the period. A `sum` rule is not checked on
 *   the period when one of its byYear indicators takes the max over years, since max does not add up.
 * - A unit-scope rule applies to the units that report every indicator it names.
 * - Implied checks (counts are non-negative integers, decimals are non-negative, ratios are derived and at most
 *   100%) produce results only when they fail, so that a full grid does not drown the list in "ok" lines.
 */
import { aggregate, aggregatedValue, contributingUnits, type Aggregation } from './aggregate';
import { compare, isCanonical, maxOf, normalizeDecimal, percentOf, sum } from './decimal';
import { isQuantityKind, valueProblem } from './indicator-kinds';
import { type FigureDto, type Period, type UnitDto, WHOLE_PERIOD, figureKey, periodYears } from './records';
import type { Indicator, Rule, Template } from './template';
import { formatNumber, formatPercent } from '../format/number';

export type RuleStatus = 'ok' | 'failed' | 'incomplete';

export interface RuleResult {
  /** The template rule's id, or `implied-…` for checks implied by indicator kinds. */
  ruleId: string;
  scope: 'unit' | 'total';
  unitId?: number;
  /** Calendar year, or WHOLE_PERIOD (0) for the period. */
  year: number;
  status: RuleStatus;
  severity: 'error' | 'warning';
  /** Vietnamese, with the actual numbers. */
  message: string;
  /** Indicator codes whose cells should be marked. */
  codes: string[];
}

type ValueOf = (code: string, year: number) => string | null;

function refsOf(rule: Rule): string[] {
  return rule.kind === 'sum' ? [rule.total, ...rule.parts] : [rule.left, rule.right];
}

function show(ind: Indicator | undefined, value: string): string {
  return ind?.kind === 'ratio' ? formatPercent(value) : formatNumber(value);
}

function checkYears(rule: Rule, refs: Indicator[], years: number[]): number[] {
  const periodCheckable = rule.kind !== 'sum' || refs.every((i) => !i.byYear || i.aggregate !== 'max');
  const perYear = refs.every((i) => i.byYear) ? years : [];
  return periodCheckable ? [...perYear, WHOLE_PERIOD] : perYear;
}

function evaluateOne(
  rule: Rule,
  byCode: Map<string, Indicator>,
  valueOf: ValueOf,
  year: number,
): Pick<RuleResult, 'status' | 'message' | 'codes'> {
  const refs = refsOf(rule);
  const values = refs.map((c) => valueOf(c, year));
  const where = year === WHOLE_PERIOD ? '' : ` năm ${year}`;
  const missing = refs.filter((_, i) => values[i] === null);
  if (missing.length > 0) {
    const labels = [...new Set(missing)].map((c) => byCode.get(c)?.label ?? c);
    return {
      status: 'incomplete',
      message: `${rule.message} (chưa đủ số liệu${where} để kiểm tra, còn thiếu: ${labels.join('; ')})`,
      codes: [...new Set(missing)],
    };
  }
  const v = values as string[];
  const codes = [...new Set(refs)];
  const total = rule.kind === 'sum' ? sum(v.slice(1)) : v[1];
  const cmp = compare(v[0], total);
  const ok = rule.kind === 'lte' ? cmp <= 0 : cmp === 0;
  // A passing check keeps the rule's own words: formatting its numbers for every unit and year is most of the
  // cost of checking a province (hundreds of units), and only a failure's numbers are ever shown.
  if (ok) return { status: 'ok', message: rule.message, codes };
  const fmt = (i: number) => show(byCode.get(refs[i]), v[i]);
  let detail: string;
  if (rule.kind === 'sum') {
    const parts = v.slice(1).map((_, i) => fmt(i + 1));
    // The computed sum is only worth printing when it differs from the total.
    const rhs = parts.length > 1 ? `${parts.join(' + ')} = ${show(byCode.get(refs[1]), total)}` : parts.join(' + ');
    detail = `${fmt(0)} ≠ ${rhs}`;
  } else detail = `${fmt(0)} ${rule.kind === 'lte' ? '>' : '≠'} ${fmt(1)}`;
  return { status: 'failed', message: `${rule.message} (số liệu${where}: ${detail})`, codes };
}

/** A unit's values for the rules: its figures (`raw`, canonical or null), ratios of them, and its period totals. */
function unitValueOf(
  byCode: Map<string, Indicator>,
  raw: ValueOf,
  /** The unit's period total of a byYear indicator (as aggregate's unitTotals). */
  periodTotal: (code: string) => string | null | undefined,
): ValueOf {
  const valueOf: ValueOf = (code, year) => {
    const ind = byCode.get(code);
    if (!ind) return null;
    if (ind.kind === 'ratio' && ind.ratio) {
      const n = valueOf(ind.ratio.numerator, year);
      const d = valueOf(ind.ratio.denominator, year);
      return n !== null && d !== null ? percentOf(n, d) : null;
    }
    if (year === WHOLE_PERIOD && ind.byYear) return periodTotal(code) ?? null;
    return raw(code, year);
  };
  return valueOf;
}

/** A stored value as the rules read it: canonical, or null when it is not a number. */
const asNumber = (value: string | undefined): string | null =>
  value === undefined ? null : isCanonical(value) ? value : normalizeDecimal(value);

/** The units to which a unit-scope rule applies: those that report every indicator it names. */
function unitsForRule(refs: Indicator[], byCode: Map<string, Indicator>, units: UnitDto[], reporters: (ind: Indicator) => Set<number>): UnitDto[] {
  const reporterSets = refs.map((ind) => {
    const base = ind.kind === 'ratio' && ind.ratio ? byCode.get(ind.ratio.numerator) : ind;
    return base ? reporters(base) : new Set<number>();
  });
  return units
    .filter((u) => u.active && reporterSets.every((s) => s.has(u.id)))
    .sort((a, b) => a.order - b.order || a.id - b.id);
}

/** The ids of the units contributing to each indicator, computed once per evaluation. */
function reportersOf(units: UnitDto[]): (ind: Indicator) => Set<number> {
  const cache = new Map<string, Set<number>>();
  return (ind) => {
    let ids = cache.get(ind.code);
    if (!ids) cache.set(ind.code, (ids = new Set(contributingUnits(ind, units).map((u) => u.id))));
    return ids;
  };
}

/**
 * Previous results to keep where nothing they read has changed: the figures of `unitIds` changed, in the
 * indicators `codes` only (see updateRuleResults).
 */
interface Reuse {
  prev: RuleResult[];
  codes: Set<string>;
  unitIds: Set<number>;
  keys: Set<string>;
}

/** The codes whose values a check reads: its indicators, and a ratio's numerator and denominator. */
function readsAny(inds: Indicator[], codes: Set<string>): boolean {
  return inds.some((i) => codes.has(i.code) || (i.ratio !== undefined && (codes.has(i.ratio.numerator) || codes.has(i.ratio.denominator))));
}

/** The template's rules; with `reuse`, results of rules and units that read no changed value are the previous ones. */
function* templateRuleSteps(
  template: Template,
  units: UnitDto[],
  byCode: Map<string, Indicator>,
  lookup: Map<string, string>,
  agg: Aggregation,
  reporters: (ind: Indicator) => Set<number>,
  reuse?: Reuse,
): Generator<void, { results: RuleResult[]; used: number }> {
  const out: RuleResult[] = [];
  // Where the current rule's results begin in reuse.prev: each rule gives totals × years then units × years.
  let at = 0;
  for (const rule of template.rules) {
    const refs = refsOf(rule).map((c) => byCode.get(c));
    if (refs.some((r) => r === undefined)) continue;
    const inds = refs as Indicator[];
    const years = checkYears(rule, inds, agg.years);
    const ruleUnits = rule.scope !== 'total' ? unitsForRule(inds, byCode, units, reporters) : [];
    const totals = rule.scope !== 'unit' ? years.length : 0;
    const from = at;
    at += totals + ruleUnits.length * years.length;
    if (reuse && !readsAny(inds, reuse.codes)) {
      for (let i = from; i < at; i++) out.push(reuse.prev[i]);
      continue;
    }
    // Results built as literals, not spread: a province's checks and every imported return build thousands.
    const { id: ruleId, severity } = rule;
    const totalOf: ValueOf = (c, y) => aggregatedValue(agg, c, y);
    for (let k = 0; k < totals; k++) {
      const year = years[k];
      const { status, message, codes } = evaluateOne(rule, byCode, totalOf, year);
      out.push({ ruleId, severity, scope: 'total', year, status, message, codes });
    }
    for (let u = 0; u < ruleUnits.length; u++) {
      const unit = ruleUnits[u];
      if (reuse && !reuse.unitIds.has(unit.id)) {
        const first = from + totals + u * years.length;
        for (let i = first; i < first + years.length; i++) out.push(reuse.prev[i]);
        continue;
      }
      const own = agg.unitTotals[unit.id];
      const valueOf = unitValueOf(byCode, (c, y) => asNumber(lookup.get(figureKey(unit.id, c, y))), (c) => own?.[c]);
      for (const year of years) {
        const { status, message, codes } = evaluateOne(rule, byCode, valueOf, year);
        out.push({ ruleId, severity, scope: 'unit', unitId: unit.id, year, status, message, codes });
      }
      yield;
    }
  }
  return { results: out, used: at };
}

/** Runs steps to their end at once. */
function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

function templateRuleResults(...args: Parameters<typeof templateRuleSteps>): { results: RuleResult[]; used: number } {
  return drain(templateRuleSteps(...args));
}

function impliedFigureResult(ind: Indicator, byCode: Map<string, Indicator>, f: FigureDto): RuleResult | null {
  const base = { scope: 'unit' as const, unitId: f.unitId, year: f.year, status: 'failed' as const, codes: [ind.code] };
  if (ind.kind === 'ratio') {
    const n = ind.ratio ? (byCode.get(ind.ratio.numerator)?.label ?? ind.ratio.numerator) : '';
    const d = ind.ratio ? (byCode.get(ind.ratio.denominator)?.label ?? ind.ratio.denominator) : '';
    return {
      ...base,
      ruleId: 'implied-ratio-derived',
      severity: 'warning',
      message: `“${ind.label}” được tính tự động từ “${n}” và “${d}”; giá trị nhập tay (${f.value}) không được dùng`,
    };
  }
  if (!isQuantityKind(ind.kind)) return null;
  const p = valueProblem(ind, f.value);
  return p ? { ...base, ruleId: `implied-${p.code}`, severity: p.severity, message: `"${ind.label}": ${p.message}` } : null;
}

const byFigure = (a: { unitId?: number; code: string; year: number }, b: { unitId?: number; code: string; year: number }) =>
  (a.unitId ?? 0) - (b.unitId ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.year - b.year;

/**
 * The checks implied by the indicator kinds: one per stored figure that breaks its kind (in unit, code, year
 * order), then ratios over 100%. With `reuse`, the figures' results are the previous ones but for the changed keys.
 */
function* impliedSteps(
  template: Template,
  figures: FigureDto[],
  byCode: Map<string, Indicator>,
  agg: Aggregation,
  reporters: (ind: Indicator) => Set<number>,
  reuse?: Reuse & { from: number },
): Generator<void, RuleResult[]> {
  let out: RuleResult[] = [];
  const inPeriod = new Set([...agg.years]);
  const contributes = (ind: Indicator, unitId: number) => {
    const base = ind.kind === 'ratio' && ind.ratio ? byCode.get(ind.ratio.numerator) : ind;
    return base !== undefined && reporters(base).has(unitId);
  };
  let n = 0;
  for (const f of reuse ? figures : [...figures].sort(byFigure)) {
    if (++n % 256 === 0) yield;
    const ind = byCode.get(f.code);
    if (!ind || !contributes(ind, f.unitId)) continue;
    if (ind.byYear ? !inPeriod.has(f.year) : f.year !== WHOLE_PERIOD) continue;
    const r = impliedFigureResult(ind, byCode, f);
    if (r) out.push(r);
  }
  if (reuse) {
    const kept = reuse.prev
      .slice(reuse.from)
      .filter((r) => r.scope === 'unit' && !reuse.keys.has(figureKey(r.unitId ?? 0, r.codes[0], r.year)));
    out = [...kept, ...out].sort((a, b) => byFigure({ ...a, code: a.codes[0] }, { ...b, code: b.codes[0] }));
  }
  for (const ind of template.indicators) {
    if (ind.kind !== 'ratio') continue;
    const slots: [number, string | null][] = [
      ...Object.entries(agg.indicators[ind.code]?.years ?? {}).map(([y, s]) => [Number(y), s.value] as [number, string | null]),
      [WHOLE_PERIOD, aggregatedValue(agg, ind.code)],
    ];
    for (const [year, value] of slots)
      if (value !== null && compare(value, '100') > 0)
        out.push({
          ruleId: 'implied-ratio',
          scope: 'total',
          year,
          status: 'failed',
          severity: 'warning',
          message: `Tỷ lệ “${ind.label}” vượt 100% (${formatPercent(value)}): kiểm tra lại tử số và mẫu số`,
          codes: ind.ratio ? [ind.code, ind.ratio.numerator, ind.ratio.denominator] : [ind.code],
        });
  }
  return out;
}

/**
 * Evaluates the template's rules and the implied checks. Pass `agg` when the caller has already aggregated
 * the same figures, to avoid doing it twice.
 */
export function evaluateRules(
  template: Template,
  units: UnitDto[],
  figures: FigureDto[],
  period: Period,
  agg: Aggregation = aggregate(template, units, figures, period),
): RuleResult[] {
  return drain(evaluateRulesSteps(template, units, figures, period, agg));
}

/**
 * evaluateRules in steps: the generator yields every so often (after each unit of a rule, every 256 figures), so
 * that a screen can run a province's checks in slices between frames (renderer lib/slices) instead of one long task.
 */
export function* evaluateRulesSteps(
  template: Template,
  units: UnitDto[],
  figures: FigureDto[],
  period: Period,
  agg: Aggregation = aggregate(template, units, figures, period),
): Generator<void, RuleResult[]> {
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const lookup = new Map(figures.map((f) => [figureKey(f.unitId, f.code, f.year), f.value]));
  const reporters = reportersOf(units);
  const { results } = yield* templateRuleSteps(template, units, byCode, lookup, agg, reporters);
  const implied = yield* impliedSteps(template, figures, byCode, agg, reporters);
  return [...results, ...implied];
}

/**
 * The results of evaluateRules after some figures changed, equal to evaluating them all again (same results,
 * same order), from the previous results: only the checks that read a changed figure are evaluated again, for
 * the changed units and the totals. `values` holds every figure now stored, by figureKey; `agg` is their
 * aggregation; `changed` the slots written (set or cleared). Units and the template must be the same as before.
 */
export function updateRuleResults(
  prev: RuleResult[],
  template: Template,
  units: UnitDto[],
  values: Map<string, string>,
  agg: Aggregation,
  changed: { unitId: number; code: string; year: number }[],
): RuleResult[] {
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const reporters = reportersOf(units);
  const reuse: Reuse = {
    prev,
    codes: new Set(changed.map((c) => c.code)),
    unitIds: new Set(changed.map((c) => c.unitId)),
    keys: new Set(changed.map((c) => figureKey(c.unitId, c.code, c.year))),
  };
  const { results, used } = templateRuleResults(template, units, byCode, values, agg, reporters, reuse);
  const now = new Map<string, FigureDto>();
  for (const c of changed) {
    const key = figureKey(c.unitId, c.code, c.year);
    const value = values.get(key);
    if (value !== undefined) now.set(key, { unitId: c.unitId, code: c.code, year: c.year, value });
  }
  return [...results, ...drain(impliedSteps(template, [...now.values()].sort(byFigure), byCode, agg, reporters, { ...reuse, from: used }))];
}

/** What checking one unit of a kind needs from a template, worked out once per template, kind and period. */
interface UnitPlan {
  byCode: Map<string, Indicator>;
  /** The unit-scope rules that apply to such a unit, with the codes they read and the years each is checked for. */
  rules: { rule: Rule; refs: string[]; years: number[] }[];
  /** Codes of the indicators such a unit's figures count for (contributingUnits). */
  contributes: Set<string>;
  years: number[];
}

const unitPlans = new WeakMap<Template, Map<string, UnitPlan>>();

function unitPlan(template: Template, unit: UnitDto, period: Period): UnitPlan {
  let plans = unitPlans.get(template);
  if (!plans) unitPlans.set(template, (plans = new Map()));
  const key = `${unit.kind}|${period.fromYear}|${period.toYear}`;
  let plan = plans.get(key);
  if (plan) return plan;
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  // The same unit, active: whether a unit counts for an indicator depends on its kind alone (inactive units are
  // left out by the caller).
  const self = { ...unit, active: true };
  const contributes = new Set(template.indicators.filter((i) => contributingUnits(i, [self]).length > 0).map((i) => i.code));
  const years = periodYears(period);
  const rules: UnitPlan['rules'] = [];
  for (const rule of template.rules) {
    if (rule.scope === 'total') continue;
    const refs = refsOf(rule);
    const inds = refs.map((c) => byCode.get(c));
    if (inds.some((r) => r === undefined)) continue;
    // As unitsForRule: the unit reports every indicator named (a ratio through its numerator).
    const applies = (inds as Indicator[]).every((ind) => {
      const base = ind.kind === 'ratio' && ind.ratio ? byCode.get(ind.ratio.numerator) : ind;
      return base !== undefined && contributes.has(base.code);
    });
    if (applies) rules.push({ rule, refs, years: checkYears(rule, inds as Indicator[], years) });
  }
  plans.set(key, (plan = { byCode, rules, contributes, years }));
  return plan;
}

/** Canonical whole numbers of at most 15 digits: exact as doubles (as in decimal.ts). */
const SMALL_INT = /^-?(?:0|[1-9]\d{0,14})$/;
const SMALL_NON_NEGATIVE_INT = /^(?:0|[1-9]\d{0,14})$/;

/**
 * True when evaluateOne would not fail the rule: a value is missing (incomplete), or whole numbers that satisfy it.
 * False when it may fail; evaluateOne then decides and words the failure.
 */
function cannotFail(rule: Rule, refs: string[], valueOf: ValueOf, year: number): boolean {
  let first = 0;
  let rest = 0;
  let exact = true;
  for (let i = 0; i < refs.length; i++) {
    const v = valueOf(refs[i], year);
    if (v === null) return true;
    if (!exact || !SMALL_INT.test(v)) exact = false;
    else if (i === 0) first = Number(v);
    else rest += Number(v);
  }
  if (!exact || !Number.isSafeInteger(rest)) return false;
  return rule.kind === 'lte' ? first <= rest : first === rest;
}

/**
 * The failed unit-scope results of `evaluateRules(template, [unit], figures, period)`, the same results in the same
 * order, computed on the unit's own figures without aggregating: what checking one imported return needs (a
 * province batch checks 400). A byYear indicator's period value is the unit's own total over the years (sum, or
 * max for `aggregate: max`), as aggregate's unitTotals; a ratio is computed from its numerator and denominator.
 */
export function unitRuleFailures(template: Template, unit: UnitDto, figures: FigureDto[], period: Period): RuleResult[] {
  const out: RuleResult[] = [];
  if (!unit.active) return out;
  const { byCode, rules, contributes, years } = unitPlan(template, unit, period);
  // The unit's values as the rules read them, by code and slot (the period, then its years; the last figure of a
  // slot counts; figures of other years are never read), and the figures whose implied check could fail, in order.
  const values = new Map<string, (string | null)[]>();
  const slotOf = (year: number) => (year === WHOLE_PERIOD ? 0 : year >= period.fromYear && year <= period.toYear ? year - period.fromYear + 1 : -1);
  const checked: { f: FigureDto; ind: Indicator }[] = [];
  for (const f of figures) {
    if (f.unitId !== unit.id) continue;
    const slot = slotOf(f.year);
    if (slot >= 0) {
      let slots = values.get(f.code);
      if (!slots) values.set(f.code, (slots = []));
      slots[slot] = asNumber(f.value);
    }
    const ind = byCode.get(f.code);
    if (!ind) continue;
    const base = ind.kind === 'ratio' && ind.ratio ? byCode.get(ind.ratio.numerator) : ind;
    if (!base || !contributes.has(base.code) || (ind.byYear ? !years.includes(f.year) : f.year !== WHOLE_PERIOD)) continue;
    // Texts and dates have no implied check, and a whole number ≥ 0 breaks none of a quantity's.
    if (ind.kind === 'ratio' || (isQuantityKind(ind.kind) && !SMALL_NON_NEGATIVE_INT.test(f.value))) checked.push({ f, ind });
  }
  const raw: ValueOf = (code, year) => values.get(code)?.[slotOf(year)] ?? null;
  const totals = new Map<string, string | null>();
  const periodTotal = (code: string): string | null => {
    let t = totals.get(code);
    if (t === undefined) {
      const ind = byCode.get(code)!;
      // As aggregate's unitTotals: a quantity the unit counts for, its years combined; none otherwise.
      const own = isQuantityKind(ind.kind) && contributes.has(code) ? years.map((y) => raw(code, y)).filter((v): v is string => v !== null) : [];
      t = own.length === 0 ? null : ind.aggregate === 'max' ? maxOf(own) : sum(own);
      totals.set(code, t);
    }
    return t;
  };
  const valueOf = unitValueOf(byCode, raw, periodTotal);
  const { id: unitId } = unit;
  for (const { rule, refs, years: ruleYears } of rules)
    for (const year of ruleYears) {
      if (cannotFail(rule, refs, valueOf, year)) continue;
      const { status, message, codes } = evaluateOne(rule, byCode, valueOf, year);
      if (status === 'failed') out.push({ ruleId: rule.id, severity: rule.severity, scope: 'unit', unitId, year, status, message, codes });
    }
  // impliedSteps' order: the figures sorted (stable) by code and year.
  checked.sort((a, b) => byFigure(a.f, b.f));
  for (const { f, ind } of checked) {
    const r = impliedFigureResult(ind, byCode, f);
    if (r) out.push(r);
  }
  return out;
}

/** Failures by severity and incomplete checks, for a status badge. */
export function summarizeResults(results: RuleResult[]): { errors: number; warnings: number; incomplete: number } {
  let errors = 0;
  let warnings = 0;
  let incomplete = 0;
  for (const r of results) {
    if (r.status === 'incomplete') incomplete++;
    else if (r.status === 'failed' && r.severity === 'error') errors++;
    else if (r.status === 'failed') warnings++;
  }
  return { errors, warnings, incomplete };
}
