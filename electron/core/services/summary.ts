/** Aggregated indicators of a year (raw and formatted) and every rule result: for the CLI and the checks. */
import { aggregate, formatIndicatorValue, missingFigureText } from '../../../shared/domain/aggregate';
import { evaluateRules, type RuleResult } from '../../../shared/domain/rules';
import { AppError } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { yearValues } from './figures';

export interface IndicatorSummary {
  code: string;
  label: string;
  unit: string;
  kind: string;
  value: string | null;
  text: string;
  years: Record<number, { value: string | null; text: string }>;
}

export function yearSummary(ctx: CoreContext, year: number): { year: number; period: { fromYear: number; toYear: number }; indicators: IndicatorSummary[]; rules: RuleResult[] } {
  const data = yearValues(ctx, year);
  if (!data.template || !data.regime) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo.`);
  const { template, regime, units, figures, settings } = data;
  const agg = aggregate(template, units, figures, regime.period);
  const fmt = (ind: (typeof template.indicators)[number], v: string | null) =>
    v === null ? missingFigureText(ind.label) : formatIndicatorValue(ind, v, { padCounts: settings.padCounts });
  const indicators = template.indicators.map((ind) => {
    const a = agg.indicators[ind.code];
    return {
      code: ind.code,
      label: ind.label,
      unit: ind.unit,
      kind: ind.kind,
      value: a.period.value,
      text: fmt(ind, a.period.value),
      years: Object.fromEntries(Object.entries(a.years).map(([y, s]) => [Number(y), { value: s.value, text: fmt(ind, s.value) }])),
    };
  });
  return { year, period: regime.period, indicators, rules: evaluateRules(template, units, figures, regime.period, agg) };
}
