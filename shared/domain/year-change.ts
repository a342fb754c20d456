/**
 * The year-on-year change of a figure as a comparison table writes it: "+5,6%", "-3,1%", "0%". Rounded half-up to
 * one decimal like every percentage of the report (percentOf); a ratio changes in percentage points
 * ("+2,3 điểm %"); from 0 (no base to divide by) the change is the amount itself ("+12").
 */
import { compare, isCanonical, isNegative, isZero, percentOf, roundHalfUp, sub } from './decimal';
import { isNumericKind } from './indicator-kinds';
import type { IndicatorKind } from './template';
import { formatNumber, formatPercent } from '../format/number';

export function changeShown(kind: IndicatorKind, current: string | null, previous: string | null): string | null {
  if (current === null || previous === null || !isNumericKind(kind) || !isCanonical(current) || !isCanonical(previous)) return null;
  const d = compare(current, previous);
  const sign = d > 0 ? '+' : d < 0 ? '-' : '';
  const diff = d < 0 ? sub(previous, current) : sub(current, previous);
  if (kind === 'ratio') return `${sign}${formatNumber(roundHalfUp(diff, 1))} điểm %`;
  if (d === 0) return '0%';
  const base = isNegative(previous) ? sub('0', previous) : previous;
  if (isZero(base)) return `${sign}${formatNumber(diff)}`;
  const pct = percentOf(diff, base)!;
  return isZero(pct) ? `${sign}<0,1%` : `${sign}${formatPercent(pct)}`;
}
