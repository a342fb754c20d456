/**
 * The year-on-year change of a figure as a comparison table writes it: "+5,6%", "-3,1%", "0%". Rounded half-up to
 * one decimal like every percentage of the report (percentOf); a ratio changes in percentage points
 * ("+2,3 điểm %"); from 0 (no base to divide by) the change is the amount itself ("+12").
 */
import { compare, isCanonical, isNegative, isZero, percentOf, roundHalfUp, sub } from './decimal';
import { isNumericKind } from './indicator-kinds';
import type { IndicatorKind } from './template';
import { formatNumber, formatPercent } from '../format/number';

/**
 * The change from `previous` to `current`: its direction and its size, non-negative and canonical: a percentage of the
 * previous value (percentOf: half-up to one decimal), percentage points for a ratio (one decimal), or the amount
 * itself from 0. Null for a kind that is not a number or a value that does not read as one. The comparison table
 * (changeShown) and the report's sentences ({{change CODE}}, shared/domain/placeholders) both write from it.
 */
export function yearChange(kind: IndicatorKind, current: string, previous: string): { dir: -1 | 0 | 1; by: 'percent' | 'points' | 'amount'; value: string } | null {
  if (!isNumericKind(kind) || !isCanonical(current) || !isCanonical(previous)) return null;
  const dir = compare(current, previous);
  const diff = dir < 0 ? sub(previous, current) : sub(current, previous);
  if (kind === 'ratio') return { dir, by: 'points', value: roundHalfUp(diff, 1) };
  const base = isNegative(previous) ? sub('0', previous) : previous;
  if (isZero(base)) return { dir, by: 'amount', value: diff };
  return { dir, by: 'percent', value: percentOf(diff, base)! };
}

export function changeShown(kind: IndicatorKind, current: string | null, previous: string | null): string | null {
  const c = current === null || previous === null ? null : yearChange(kind, current, previous);
  if (!c) return null;
  const sign = c.dir > 0 ? '+' : c.dir < 0 ? '-' : '';
  if (c.by === 'points') return `${sign}${formatNumber(c.value)} điểm %`;
  if (c.dir === 0) return '0%';
  if (c.by === 'amount') return `${sign}${formatNumber(c.value)}`;
  return isZero(c.value) ? `${sign}<0,1%` : `${sign}${formatPercent(c.value)}`;
}
